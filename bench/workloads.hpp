// The six timed workloads as data: what one operation is, the ratio to libpq (sqlite3 on SQLite) roachorm should
// stay within, how its inputs are made (before the clock starts) and how one operation is run on a contender.
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
    std::string operation;  // what one operation is, for the report
    // roachorm's wall time per operation over libpq's, at most, on loopback; over sqlite3's on SQLite.
    std::optional<double> target_ratio;
    // Issue 17's targets for roachorm over a network: round trips per operation at most, as a number or as a share
    // of libpq's, and how many times faster than libpq (libpq's wall time over roachorm's) at speedup_rtt_ms.
    std::optional<double> target_round_trips;
    std::optional<double> target_round_trip_share;
    std::optional<double> target_speedup;
    // The round trips one libpq operation makes, one per statement (BEGIN and COMMIT included): what the proxy's
    // count of them must be.
    std::size_t libpq_round_trips;
    // Makes the inputs of the next `ops` operations; the harness calls it before starting the clock.
    std::function<void(std::size_t ops)> prepare;
    // Runs operation `op` (0-based, < the `ops` last prepared) on a contender; throws when the result is wrong.
    std::function<void(Implementation&, std::size_t op)> run;
};

// The round-trip time at which Workload::target_speedup applies.
constexpr double speedup_rtt_ms = 2;

// lookup, transfer, bulk_insert, bank, scan, join_aggregate, in that order, with the targets of setup.dialect. The
// workloads keep `setup` by reference.
std::vector<Workload> make_workloads(const Setup& setup);

}  // namespace bench
