// The statements one roachorm operation of each workload sends, read from its statement echo: a round trip each,
// to compare with the hand-written contenders' BEGIN, their statements of handwritten_sql.hpp, COMMIT.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "implementation.hpp"
#include "workloads.hpp"

namespace bench {

struct RoundTrips {
    std::string workload;
    std::vector<std::string> statements;  // in the order sent, without timing
};

// Runs one operation of each workload on a roachorm contender of its own, whose Database echoes to a sink.
std::vector<RoundTrips> count_round_trips(const Setup& setup, std::span<const Workload> workloads);

}  // namespace bench
