// What a run prints: the summary table (medians, ratios to the baseline, client CPU), roachorm's statements per
// operation and the peak-RSS probes; and the same figures as CSV.
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
    std::optional<double> target;  // on the rows of the contender the targets are for
};

// One Summary per measurement; `baseline` names the contender ratios are taken to, `targeted` the one the
// workload's target applies to.
std::vector<Summary> summarize(const Workload& workload, std::span<const Measurement> measurements,
                               std::string_view baseline, std::string_view targeted);

void print_table(std::span<const Summary> summaries);
void print_round_trips(std::span<const RoundTrips> round_trips);
void print_peak_rss(std::span<const PeakRss> probes);
void write_csv(const std::string& path, std::span<const Summary> summaries, std::span<const PeakRss> probes);

}  // namespace bench
