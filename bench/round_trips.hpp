// Round trips per operation: the statements one roachorm operation of each workload sends, read from its statement
// echo, and every contender's round trips as a latency proxy counts them, for the runs that have no proxy.
#pragma once

#include <cstddef>
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

struct ProxiedRoundTrips {
    std::string workload;
    std::string contender;
    double per_op;
};

// Runs `ops` operations of each workload on every contender, each through a proxy of its own with no delay, after
// one operation left out (it may prepare statements), and returns the proxies' round trips per operation.
std::vector<ProxiedRoundTrips> count_proxied_round_trips(const Setup& setup, std::span<const Workload> workloads,
                                                         std::size_t ops);

}  // namespace bench
