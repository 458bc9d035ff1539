// The six timed workloads as data: what one operation is, the ratio to libpq roachorm should stay within, how
// its inputs are made (before the clock starts) and how one operation is run on a contender.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "implementation.hpp"

namespace bench {

struct Workload {
    std::string name;
    std::string operation;               // what one operation is, for the report
    std::optional<double> target_ratio;  // roachorm's wall time per operation over libpq's, at most
    // Makes the inputs of the next `ops` operations; the harness calls it before starting the clock.
    std::function<void(std::size_t ops)> prepare;
    // Runs operation `op` (0-based, < the `ops` last prepared) on a contender; throws when the result is wrong.
    std::function<void(Implementation&, std::size_t op)> run;
};

// lookup, transfer, bulk_insert, bank, scan, join_aggregate, in that order. The workloads keep `setup` by reference.
std::vector<Workload> make_workloads(const Setup& setup);

}  // namespace bench
