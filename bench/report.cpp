// Formatting of the results. Times are per operation; ratios are to raw libpq (raw sqlite3 on SQLite), so 1.08
// means 8% slower than it.
#include "report.hpp"

#include <algorithm>
#include <cmath>
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

std::string met(bool holds) {
    return holds ? "met" : "MISSED";
}

// The wall-time target on loopback, the speed-up target over a network.
std::string verdict(const Summary& summary) {
    if (summary.target) {
        return fmt::format("<= {:.2f}: {}", *summary.target, met(summary.wall_ratio <= *summary.target));
    }
    if (summary.target_speedup) {
        return fmt::format("{:.2f}x faster >= {:.2f}: {}", 1 / summary.wall_ratio, *summary.target_speedup,
                           met(1 / summary.wall_ratio >= *summary.target_speedup));
    }
    return "";
}

std::string round_trips_text(const std::optional<double>& round_trips) {
    return round_trips ? fmt::format("{:.2f}", *round_trips) : "-";
}

std::string rtt_text(double rtt_ms) {
    return fmt::format("{:g} ms", rtt_ms);
}

// The baseline's row of the same workload and latency.
const Summary* baseline_of(const Summary& summary, std::span<const Summary> summaries) {
    const auto found = std::ranges::find_if(summaries, [&](const Summary& other) {
        return other.baseline && other.workload == summary.workload && other.rtt_ms == summary.rtt_ms;
    });
    return found == summaries.end() ? nullptr : &*found;
}

// Issue 17's round-trip target as a number of round trips per operation, when the row has one and it can be known.
std::optional<double> round_trip_limit(const Summary& summary, std::span<const Summary> summaries) {
    if (summary.target_round_trips) {
        return summary.target_round_trips;
    }
    const Summary* base = baseline_of(summary, summaries);
    if (summary.target_round_trip_share && base != nullptr && base->round_trips) {
        return *summary.target_round_trip_share * *base->round_trips;
    }
    return std::nullopt;
}

// Counted round trips may come out a hair off a whole number only through an extra reply; compare with slack.
bool at_most(double value, double limit) {
    return value <= limit + 1e-9;
}

// A long multi-row INSERT is recognisable from its start.
std::string abbreviated(const std::string& statement) {
    constexpr std::size_t shown = 72;
    return statement.size() <= shown ? statement : statement.substr(0, shown) + "...";
}

}  // namespace

std::vector<Summary> summarize(const Workload& workload, std::span<const Measurement> measurements,
                               std::string_view baseline, std::string_view targeted, double rtt_ms) {
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
        const bool is_targeted = measurement.contender == targeted;
        summaries.push_back(
            {.workload = workload.name,
             .operation = workload.operation,
             .contender = measurement.contender,
             .baseline = measurement.contender == baseline,
             .targeted = is_targeted,
             .ops_per_sample = measurement.ops_per_sample,
             .rounds = measurement.samples.size(),
             .wall = wall,
             .wall_p25 = quantile(column(measurement, &Sample::wall), 0.25),
             .wall_p75 = quantile(column(measurement, &Sample::wall), 0.75),
             .cpu = cpu,
             .wall_ratio = wall / base_wall,
             .wall_ratio_paired = median(paired),
             .cpu_ratio = cpu / base_cpu,
             // The wall-time targets are for loopback, where client work is most of the time.
             .target = is_targeted && rtt_ms == 0 ? workload.target_ratio : std::nullopt,
             .rtt_ms = rtt_ms,
             .round_trips = measurement.round_trips_per_op,
             .target_round_trips = is_targeted ? workload.target_round_trips : std::nullopt,
             .target_round_trip_share = is_targeted ? workload.target_round_trip_share : std::nullopt,
             .target_speedup = is_targeted && rtt_ms == speedup_rtt_ms ? workload.target_speedup : std::nullopt,
             .expected_round_trips =
                 measurement.contender == baseline ? std::optional<double>(workload.libpq_round_trips) : std::nullopt});
    }
    return summaries;
}

void print_table(std::span<const Summary> summaries, bool in_process) {
    const auto base = std::ranges::find_if(summaries, &Summary::baseline);
    const std::string versus = fmt::format("vs {}", base == summaries.end() ? "?" : base->contender);
    // The ratio columns are as wide as their heading, "vs libpq" or "vs sqlite3".
    const std::size_t ratio_width = std::max<std::size_t>(8, versus.size());
    const auto row = [&](const auto& workload, const auto& contender, const auto& wall, const auto& rate_text,
                         const auto& ratio, const auto& paired, const auto& iqr, const auto& cpu, const auto& cpu_ratio,
                         const auto& trips, const auto& target) {
        fmt::print("{:<12} {:<9} {:>10} {:>8} {:>{}} {:>6} {:>5} {:>10} {:>{}} {:>14}  {}\n", workload, contender, wall,
                   rate_text, ratio, ratio_width, paired, iqr, cpu, cpu_ratio, ratio_width, trips, target);
    };
    std::optional<double> last_rtt;
    std::string_view last_workload;
    for (const Summary& summary : summaries) {
        if (summary.rtt_ms != last_rtt) {
            fmt::print("{}{}\n", last_rtt ? "\n\n" : "",
                       in_process ? std::string("SQLite: every contender in this process, on the same database file")
                       : summary.rtt_ms == 0
                           ? "RTT 0 ms: connected directly (round trips counted afterwards through proxies with no "
                             "delay)"
                           : fmt::format("RTT {}: every contender through a latency proxy of its own, {:g} ms each way",
                                         rtt_text(summary.rtt_ms), summary.rtt_ms / 2));
            row("workload", "impl", "wall/op", "ops/s", versus, "paired", "IQR", "CPU/op", versus, "round trips/op",
                "target");
            last_rtt = summary.rtt_ms;
            last_workload = {};
        }
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
            fmt::format("{:.2f}", summary.cpu_ratio), round_trips_text(summary.round_trips), verdict(summary));
    }
    fmt::print(
        "\nwall/op and CPU/op (client user+sys, getrusage) are medians over the rounds; {} divides the medians, "
        "paired is\nthe median of each round's own ratio (robust to load that drifts between rounds); IQR is the "
        "interquartile\nrange of wall/op over the rounds, relative to its median. ",
        versus);
    if (in_process) {
        fmt::print(
            "SQLite has no server and no round trips: CPU/op is all the work,\nthe database's included. Targets are "
            "roachorm's, on {}.\n",
            versus);
        return;
    }
    fmt::print(
        "round trips/op: a server reply after client data,\ncounted by the proxy. Targets are roachorm's: on vs "
        "libpq at 0 ms, on the speed-up over libpq at {}.\n",
        rtt_text(speedup_rtt_ms));
}

void print_latency_summary(std::span<const Summary> summaries) {
    fmt::print("\nroachorm against naive libpq at each latency (speed-up: libpq's wall time over roachorm's):\n");
    const auto row = [](auto&&... columns) {
        fmt::print("{:<15} {:>6} {:>10} {:>10} {:>8} {:>17} {:>14} {:>16}\n", columns...);
    };
    row("workload", "RTT", "roachorm", "libpq", "speed-up", "trips/op roachorm", "trips/op libpq", "libpq time/trip");
    for (const Summary& summary : summaries) {
        const Summary* base = baseline_of(summary, summaries);
        if (!summary.targeted || base == nullptr) {
            continue;
        }
        // What one round trip through the proxy really cost libpq (its time at 0 ms taken off): the RTT asked for
        // plus the proxy's own wake-ups, which a large result pays per chunk.
        std::string per_trip;
        const auto direct = std::ranges::find_if(summaries, [&](const Summary& other) {
            return other.baseline && other.workload == summary.workload && other.rtt_ms == 0;
        });
        if (summary.rtt_ms != 0 && direct != summaries.end() && base->round_trips && *base->round_trips > 0) {
            per_trip = duration((base->wall - direct->wall) / *base->round_trips);
        }
        row(summary.workload, rtt_text(summary.rtt_ms), duration(summary.wall), duration(base->wall),
            fmt::format("{:.2f}x", base->wall / summary.wall), round_trips_text(summary.round_trips),
            round_trips_text(base->round_trips), per_trip);
    }

    fmt::print("\nissue 17's targets for roachorm:\n");
    bool speedup_measured = false;
    for (const Summary& summary : summaries) {
        if (!summary.targeted) {
            continue;
        }
        if (summary.target) {
            fmt::print("  {:<15} at {:<6} wall time <= {:.2f}x libpq's: {:.2f}x: {}\n", summary.workload,
                       rtt_text(summary.rtt_ms), *summary.target, summary.wall_ratio,
                       met(summary.wall_ratio <= *summary.target));
        }
        if (summary.target_speedup) {
            speedup_measured = true;
            fmt::print("  {:<15} at {:<6} at least {:.2f}x faster than libpq: {:.2f}x: {}\n", summary.workload,
                       rtt_text(summary.rtt_ms), *summary.target_speedup, 1 / summary.wall_ratio,
                       met(1 / summary.wall_ratio >= *summary.target_speedup));
        }
        const std::optional<double> limit = round_trip_limit(summary, summaries);
        if (limit && summary.round_trips) {
            fmt::print("  {:<15} at {:<6} round trips/op <= {:.2f}{}: {:.2f}: {}\n", summary.workload,
                       rtt_text(summary.rtt_ms), *limit, summary.target_round_trip_share ? " (half of libpq's)" : "",
                       *summary.round_trips, met(at_most(*summary.round_trips, *limit)));
        }
    }
    if (!speedup_measured) {
        fmt::print("  (transfer and bank's speed-up targets are at {}, which this run left out of --rtt-ms)\n",
                   rtt_text(speedup_rtt_ms));
    }

    // The proxy's count is only trustworthy if it finds libpq's round trips where libpq's code says they are.
    std::size_t checked = 0;
    std::size_t off = 0;
    for (const Summary& summary : summaries) {
        if (!summary.expected_round_trips || !summary.round_trips) {
            continue;
        }
        ++checked;
        if (std::abs(*summary.round_trips - *summary.expected_round_trips) > 1e-9) {
            ++off;
            fmt::print(
                "WARNING: libpq's {} at {} made {:.2f} round trips per operation by the proxy's count, but it sends "
                "{:.0f} statements, one round trip each: the round-trip counts of this run are not to be trusted\n",
                summary.workload, rtt_text(summary.rtt_ms), *summary.round_trips, *summary.expected_round_trips);
        }
    }
    if (checked != 0 && off == 0) {
        fmt::print(
            "self-check: libpq's round trips per operation, as the proxy counted them, equal its statements per "
            "operation in all {} workload-latency pairs\n",
            checked);
    }
}

void print_round_trips(std::span<const RoundTrips> round_trips) {
    fmt::print(
        "\nroachorm statements per operation (from DatabaseOptions::echo; pipelined ones share a round trip, counted "
        "above):\n");
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

void write_csv(const std::string& path, std::span<const Summary> summaries, std::span<const PeakRss> probes,
               std::string_view baseline) {
    std::ofstream csv(path);
    if (!csv) {
        throw std::runtime_error(fmt::format("cannot write {}", path));
    }
    // One file for both kinds of row: timing rows leave the RSS columns empty, and RSS rows the timing ones.
    csv << fmt::format(
        "rtt_ms,workload,operation,implementation,ops_per_sample,rounds,wall_us_median,wall_us_p25,wall_us_p75,"
        "ops_per_second,wall_ratio_to_{0},wall_ratio_paired,cpu_us_median,cpu_ratio_to_{0},target_ratio,"
        "target_met,round_trips_per_op,speedup_over_{0},round_trip_target,round_trip_target_met,"
        "speedup_target,speedup_target_met,rss_rows,rss_rows_per_transaction,rss_kib_before,rss_kib_peak\n",
        baseline);
    const auto yes_no = [](bool holds) { return holds ? "yes" : "no"; };
    for (const Summary& s : summaries) {
        const std::optional<double> limit = round_trip_limit(s, summaries);
        const bool limit_applies = limit && s.round_trips;
        csv << fmt::format(
            "{:g},{},\"{}\",{},{},{},{:.3f},{:.3f},{:.3f},{:.3f},{:.4f},{:.4f},{:.3f},{:.4f},{},{},{},{:.4f},{},{},{},{"
            "},"
            ",,,\n",
            s.rtt_ms, s.workload, s.operation, s.contender, s.ops_per_sample, s.rounds, s.wall * 1e6, s.wall_p25 * 1e6,
            s.wall_p75 * 1e6, 1 / s.wall, s.wall_ratio, s.wall_ratio_paired, s.cpu * 1e6, s.cpu_ratio,
            s.target ? fmt::format("{:.2f}", *s.target) : "", s.target ? yes_no(s.wall_ratio <= *s.target) : "",
            s.round_trips ? fmt::format("{:.3f}", *s.round_trips) : "", 1 / s.wall_ratio,
            limit_applies ? fmt::format("{:.2f}", *limit) : "",
            limit_applies ? yes_no(at_most(*s.round_trips, *limit)) : "",
            s.target_speedup ? fmt::format("{:.2f}", *s.target_speedup) : "",
            s.target_speedup ? yes_no(1 / s.wall_ratio >= *s.target_speedup) : "");
    }
    for (const PeakRss& probe : probes) {
        csv << fmt::format(",peak_rss,\"insert_chunked\",roachorm,,,,,,,,,,,,,,,,,,,{},{},{},{}\n", probe.rows,
                           probe.rows_per_transaction, probe.before_kib, probe.peak_kib);
    }
}

}  // namespace bench
