// Formatting of the results. Times are per operation; ratios are to raw libpq, so 1.08 means 8% slower than it.
#include "report.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

#include "statistics.hpp"

namespace bench {
namespace {

// One field of every sample, in round order: Sample::wall or Sample::cpu.
std::vector<double> column(const Measurement& measurement, double Sample::*field) {
    std::vector<double> values;
    for (const Sample& sample : measurement.samples) {
        values.push_back(sample.*field);
    }
    return values;
}

std::string duration(double seconds) {
    return seconds < 1e-3 ? fmt::format("{:.1f} us", seconds * 1e6) : fmt::format("{:.2f} ms", seconds * 1e3);
}

std::string rate(double per_second) {
    return per_second < 100 ? fmt::format("{:.1f}", per_second) : fmt::format("{:.0f}", per_second);
}

std::string verdict(const Summary& summary) {
    if (!summary.target) {
        return "";
    }
    return fmt::format("<= {:.2f}: {}", *summary.target, summary.wall_ratio <= *summary.target ? "met" : "MISSED");
}

// A long multi-row INSERT is recognisable from its start.
std::string abbreviated(const std::string& statement) {
    constexpr std::size_t shown = 72;
    return statement.size() <= shown ? statement : statement.substr(0, shown) + "...";
}

}  // namespace

std::vector<Summary> summarize(const Workload& workload, std::span<const Measurement> measurements,
                               std::string_view baseline, std::string_view targeted) {
    const auto base = std::ranges::find(measurements, baseline, &Measurement::contender);
    if (base == measurements.end()) {
        throw std::logic_error("summarize: no baseline measurement");
    }
    const double base_wall = median(column(*base, &Sample::wall));
    const double base_cpu = median(column(*base, &Sample::cpu));
    std::vector<Summary> summaries;
    for (const Measurement& measurement : measurements) {
        std::vector<double> paired;
        for (std::size_t round = 0; round < measurement.samples.size(); ++round) {
            paired.push_back(measurement.samples[round].wall / base->samples[round].wall);
        }
        const double wall = median(column(measurement, &Sample::wall));
        const double cpu = median(column(measurement, &Sample::cpu));
        summaries.push_back({.workload = workload.name,
                             .operation = workload.operation,
                             .contender = measurement.contender,
                             .ops_per_sample = measurement.ops_per_sample,
                             .rounds = measurement.samples.size(),
                             .wall = wall,
                             .wall_p25 = quantile(column(measurement, &Sample::wall), 0.25),
                             .wall_p75 = quantile(column(measurement, &Sample::wall), 0.75),
                             .cpu = cpu,
                             .wall_ratio = wall / base_wall,
                             .wall_ratio_paired = median(paired),
                             .cpu_ratio = cpu / base_cpu,
                             .target = measurement.contender == targeted ? workload.target_ratio : std::nullopt});
    }
    return summaries;
}

void print_table(std::span<const Summary> summaries) {
    const auto row = [](auto&&... columns) {
        fmt::print("{:<12} {:<9} {:>10} {:>8} {:>8} {:>6} {:>5} {:>10} {:>8}  {}\n", columns...);
    };
    row("workload", "impl", "wall/op", "ops/s", "vs libpq", "paired", "IQR", "CPU/op", "vs libpq", "target (wall)");
    std::string_view last_workload;
    for (const Summary& summary : summaries) {
        if (summary.workload != last_workload) {
            if (!last_workload.empty()) {
                fmt::print("\n");
            }
            fmt::print("{}  [{}; {} ops x {} rounds]\n", summary.workload, summary.operation, summary.ops_per_sample,
                       summary.rounds);
            last_workload = summary.workload;
        }
        row("", summary.contender, duration(summary.wall), rate(1 / summary.wall),
            fmt::format("{:.2f}", summary.wall_ratio), fmt::format("{:.2f}", summary.wall_ratio_paired),
            fmt::format("{:.0f}%", 100 * (summary.wall_p75 - summary.wall_p25) / summary.wall), duration(summary.cpu),
            fmt::format("{:.2f}", summary.cpu_ratio), verdict(summary));
    }
    fmt::print(
        "\nwall/op and CPU/op (client user+sys, getrusage) are medians over the rounds; vs libpq divides the medians, "
        "paired is\nthe median of each round's own ratio (robust to load that drifts between rounds); IQR is the "
        "interquartile\nrange of wall/op over the rounds, relative to its median. Targets are roachorm's, on vs "
        "libpq.\n");
}

void print_round_trips(std::span<const RoundTrips> round_trips) {
    fmt::print("\nroachorm statements per operation (one round trip each, from DatabaseOptions::echo):\n");
    for (const RoundTrips& trips : round_trips) {
        // Each distinct statement once, in order of first use, with how often it ran.
        std::vector<std::pair<std::string, int>> distinct;
        for (const std::string& statement : trips.statements) {
            const auto seen = std::ranges::find(distinct, statement, &std::pair<std::string, int>::first);
            if (seen == distinct.end()) {
                distinct.emplace_back(statement, 1);
            } else {
                ++seen->second;
            }
        }
        fmt::print("  {:<14} {:>3} statements\n", trips.workload, trips.statements.size());
        for (const auto& [statement, times] : distinct) {
            fmt::print("  {:<14} {:>3} x {}\n", "", times, abbreviated(statement));
        }
    }
}

void print_peak_rss(std::span<const PeakRss> probes) {
    fmt::print("\npeak RSS of roachorm's insert_chunked of models::Point, each in a fresh process (VmHWM, KiB):\n");
    fmt::print("  {:>8} {:>12} {:>10} {:>10} {:>10}\n", "rows", "rows per txn", "before", "peak", "growth");
    for (const PeakRss& probe : probes) {
        fmt::print("  {:>8} {:>12} {:>10} {:>10} {:>10}\n", probe.rows, probe.rows_per_transaction, probe.before_kib,
                   probe.peak_kib, probe.peak_kib - probe.before_kib);
    }
}

void write_csv(const std::string& path, std::span<const Summary> summaries, std::span<const PeakRss> probes) {
    std::ofstream csv(path);
    if (!csv) {
        throw std::runtime_error(fmt::format("cannot write {}", path));
    }
    // One file for both kinds of row: timing rows leave the RSS columns empty, and RSS rows the timing ones.
    csv << "workload,operation,implementation,ops_per_sample,rounds,wall_us_median,wall_us_p25,wall_us_p75,"
           "ops_per_second,wall_ratio_to_libpq,wall_ratio_paired,cpu_us_median,cpu_ratio_to_libpq,target_ratio,"
           "target_met,rss_rows,rss_rows_per_transaction,rss_kib_before,rss_kib_peak\n";
    for (const Summary& s : summaries) {
        csv << fmt::format("{},\"{}\",{},{},{},{:.3f},{:.3f},{:.3f},{:.3f},{:.4f},{:.4f},{:.3f},{:.4f},{},{},,,,\n",
                           s.workload, s.operation, s.contender, s.ops_per_sample, s.rounds, s.wall * 1e6,
                           s.wall_p25 * 1e6, s.wall_p75 * 1e6, 1 / s.wall, s.wall_ratio, s.wall_ratio_paired,
                           s.cpu * 1e6, s.cpu_ratio, s.target ? fmt::format("{:.2f}", *s.target) : "",
                           s.target ? (s.wall_ratio <= *s.target ? "yes" : "no") : "");
    }
    for (const PeakRss& probe : probes) {
        csv << fmt::format("peak_rss,\"insert_chunked\",roachorm,,,,,,,,,,,,,{},{},{},{}\n", probe.rows,
                           probe.rows_per_transaction, probe.before_kib, probe.peak_kib);
    }
}

}  // namespace bench
