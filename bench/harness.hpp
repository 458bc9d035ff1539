// Times a workload on every contender, interleaved round by round, and keeps each sample's wall and client CPU
// time per operation: the raw material of the report.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "implementation.hpp"
#include "workloads.hpp"

namespace bench {

struct Contender {
    std::string name;
    std::unique_ptr<Implementation> implementation;
    // Round trips so far on this contender's connections, when they go through a LatencyProxy; empty when direct.
    std::function<std::uint64_t()> round_trips;
};

// Seconds per operation, averaged over one sample's batch of operations.
struct Sample {
    double wall;
    double cpu;  // user + system time of this thread: the client's own work, which a busy machine hardly skews
};

struct Measurement {
    std::string contender;
    std::size_t ops_per_sample;
    std::vector<Sample> samples;  // one per round, in round order
    // Over all the rounds' operations (the warm-up left out), when the contender counts round trips.
    std::optional<double> round_trips_per_op;
};

struct HarnessOptions {
    int rounds;
    std::chrono::milliseconds sample;  // how long one sample's batch should take
    std::chrono::milliseconds warmup;  // per contender, before the first sample
    // Fixed operations per sample instead of sizing batches from the warm-up: every contender then runs exactly
    // the same operations, for instruction counts (valgrind) or comparisons across machines. 0 to size them.
    std::size_t ops_per_sample;
};

// One Measurement per contender, in the contenders' order. Every contender runs the same number of operations per
// sample; the order rotates each round (A B C, B C A, C A B, ...) so none always runs first or after a given other.
std::vector<Measurement> measure(const Workload& workload, std::span<const Contender> contenders,
                                 const HarnessOptions& options);

}  // namespace bench
