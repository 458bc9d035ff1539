// What a run prints: a table per latency (medians, ratios to the baseline, client CPU, round trips), a summary across
// latencies with the targets, roachorm's statements per operation and the peak-RSS probes; and the same as CSV.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "harness.hpp"
#include "peak_rss.hpp"
#include "round_trips.hpp"
#include "workloads.hpp"

namespace bench {

struct Summary {
    std::string workload;
    std::string operation;
    std::string contender;
    bool baseline;  // libpq (sqlite3 on SQLite): what the ratios are to
    bool targeted;  // roachorm: whom the targets are for
    std::size_t ops_per_sample;
    std::size_t rounds;
    // Seconds per operation: medians over the rounds, and the quartiles of the wall time.
    double wall;
    double wall_p25;
    double wall_p75;
    double cpu;
    // To the baseline: of the medians, and the median of each round's own ratio (robust to drift between rounds).
    double wall_ratio;
    double wall_ratio_paired;
    double cpu_ratio;
    std::optional<double> target;       // on the rows of the contender the targets are for, at RTT 0 only
    double rtt_ms;                      // 0: connected directly
    std::optional<double> round_trips;  // per operation, counted by a latency proxy
    // Issue 17's targets, on the targeted contender's rows: round trips per operation at most (a number, or a share
    // of the baseline's), and the speed-up over the baseline (only on rows at speedup_rtt_ms).
    std::optional<double> target_round_trips;
    std::optional<double> target_round_trip_share;
    std::optional<double> target_speedup;
    std::optional<double> expected_round_trips;  // on the baseline's rows: its statements per operation
};

// One Summary per measurement; `baseline` names the contender ratios are taken to (libpq), `targeted` the one the
// workload's target applies to; `rtt_ms` is the latency they ran at.
std::vector<Summary> summarize(const Workload& workload, std::span<const Measurement> measurements,
                               std::string_view baseline, std::string_view targeted, double rtt_ms);

// One table per latency, in the order of the summaries; `in_process` (SQLite) has no latency and no round trips.
void print_table(std::span<const Summary> summaries, bool in_process);
// roachorm and libpq side by side for every workload and latency, issue 17's targets with met/MISSED, and the
// check of libpq's counted round trips against its statement counts.
void print_latency_summary(std::span<const Summary> summaries);
void print_round_trips(std::span<const RoundTrips> round_trips);
void print_peak_rss(std::span<const PeakRss> probes);
// The ratio columns are named after `baseline`: wall_ratio_to_libpq, or wall_ratio_to_sqlite3 on SQLite.
void write_csv(const std::string& path, std::span<const Summary> summaries, std::span<const PeakRss> probes,
               std::string_view baseline);

}  // namespace bench
