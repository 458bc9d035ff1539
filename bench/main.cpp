// roachorm-bench: times roachorm against hand-written SOCI and raw libpq on one server, interleaved, at one or more
// network latencies (or against raw sqlite3 on a SQLite file, in process), and measures the peak memory of a chunked
// bulk load. What it measures, how to run it and the latest figures: bench/README.md.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <exception>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <roachorm/orm/options/url.hpp>

#include "contenders.hpp"
#include "harness.hpp"
#include "machine.hpp"
#include "peak_rss.hpp"
#include "report.hpp"
#include "round_trips.hpp"
#include "setup.hpp"
#include "stream_rss.hpp"
#include "workloads.hpp"

namespace {

constexpr std::string_view rss_workload = "rss";
constexpr std::string_view stream_workload = "stream";
constexpr std::size_t stream_rows = 1'000'000;
// Operations per workload and contender for counting the round trips at 0 ms: the count is exact, so a few do.
constexpr std::size_t counted_ops = 3;

bool contains(const std::vector<std::string>& names, std::string_view name) {
    return std::ranges::find(names, name) != names.end();
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> all = {"lookup",
                                          "transfer",
                                          "bulk_insert",
                                          "bank",
                                          "scan",
                                          "join_aggregate",
                                          std::string(rss_workload),
                                          std::string(stream_workload)};
    std::string url;
    int rounds = 30;
    std::string csv;
    std::vector<std::string> selected = all;
    int sample_ms = 100;
    int warmup_ms = 300;
    std::size_t ops_per_sample = 0;
    bool reset = false;
    std::vector<std::size_t> rss_probe;
    std::vector<std::string> stream_probe;
    std::vector<double> rtts_ms = {0};

    CLI::App app{
        "Times roachorm against hand-written SOCI and raw libpq, interleaved, on the same server (on a SQLite file: "
        "against raw sqlite3); reports medians per operation, ratios to libpq (sqlite3) and client CPU, then the peak "
        "RSS of chunked bulk loads. It drops and recreates the tables accounts, points, users, posts and comments.",
        "roachorm-bench"};
    app.add_option("--url", url, "database URL: postgresql://, postgres://, cockroachdb:// or sqlite:///path/file.db")
        ->envname("DATABASE_URL");
    app.add_option("--rounds", rounds, "samples per implementation and workload")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    app.add_option("--csv", csv, "also write the results to this CSV file");
    app.add_option("--workloads", selected,
                   "comma-separated subset of: lookup,transfer,bulk_insert,bank,scan,join_aggregate,rss,stream")
        ->delimiter(',')
        ->check(CLI::IsMember(all))
        ->capture_default_str();
    app.add_option("--sample-ms", sample_ms, "how long one sample's batch of operations should take")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    app.add_option("--warmup-ms", warmup_ms, "warm-up per implementation and workload")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    app.add_option("--ops", ops_per_sample,
                   "operations per sample, the same for every implementation (default: enough for --sample-ms)");
    app.add_option("--rtt-ms", rtts_ms,
                   "comma-separated round-trip times in ms: the timed workloads run at each, every contender through a "
                   "latency proxy of its own (0: directly)")
        ->delimiter(',')
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    app.add_flag("--reset", reset,
                 "drop the tables accounts, points, users, posts and comments even when they hold rows");
    // The child side of the rss workload (ROWS ROWS_PER_TRANSACTION), run by the program itself.
    app.add_option("--rss-probe", rss_probe)->expected(2)->group("");
    // The child side of the stream workload (ROWS stream|all).
    app.add_option("--stream-probe", stream_probe)->expected(2)->group("");
    CLI11_PARSE(app, argc, argv);

    try {
        if (url.empty()) {
            throw orm::ConfigError("no database URL: pass --url or set DATABASE_URL");
        }
        if (!rss_probe.empty()) {
            bench::run_peak_rss_probe(url, rss_probe[0], rss_probe[1]);
            return 0;
        }
        if (!stream_probe.empty()) {
            bench::run_stream_probe(url, std::stoul(stream_probe[0]), stream_probe[1]);
            return 0;
        }

        const orm::DatabaseUrl parsed = orm::DatabaseUrl::parse(url);
        const bool in_process = parsed.dialect == orm::DialectKind::sqlite;
        if (in_process && parsed.database == ":memory:") {
            throw orm::ConfigError(
                "sqlite::memory: is a database of one orm::Database, which the sqlite3 contender cannot open: give a "
                "file, e.g. --url sqlite:///tmp/bench.db (bench/run --sqlite makes a throwaway one)");
        }
        const bool delayed = std::ranges::any_of(rtts_ms, [](double rtt_ms) { return rtt_ms != 0; });
        if (in_process && delayed) {
            throw orm::ConfigError("--rtt-ms: SQLite runs in process, with no network to delay; leave the option out");
        }
        if (delayed) {
            bench::url_through(url, 1);  // a URL the proxy cannot stand in for fails now, not after the seeding
        }
        fmt::print("machine: {}; load average {} at start\n", bench::describe_machine(), bench::load_average());
        fmt::print("server: {}\n\n", bench::server_version(url));
        std::fflush(stdout);

        const bench::Setup setup = bench::prepare_server(url, reset);
        std::vector<bench::Workload> workloads = bench::make_workloads(setup);
        std::erase_if(workloads, [&](const bench::Workload& workload) { return !contains(selected, workload.name); });
        const bench::HarnessOptions options{.rounds = rounds,
                                            .sample = std::chrono::milliseconds(sample_ms),
                                            .warmup = std::chrono::milliseconds(warmup_ms),
                                            .ops_per_sample = ops_per_sample};
        std::vector<bench::Summary> summaries;
        for (const double rtt_ms : rtts_ms) {
            if (workloads.empty()) {
                break;
            }
            // Fresh contenders per latency: their connections must all go through that latency's proxies.
            const bench::Contenders contenders(
                setup,
                rtt_ms == 0 ? std::nullopt : std::optional(std::chrono::microseconds(std::llround(rtt_ms * 1000 / 2))));
            const std::size_t first = summaries.size();
            for (const bench::Workload& workload : workloads) {
                if (in_process) {
                    fmt::print(stderr, "roachorm-bench: {} on SQLite ({} rounds)\n", workload.name, rounds);
                } else {
                    fmt::print(stderr, "roachorm-bench: {} at {:g} ms RTT ({} rounds)\n", workload.name, rtt_ms,
                               rounds);
                }
                const auto measurements = bench::measure(workload, contenders.all(), options);
                std::ranges::move(bench::summarize(workload, measurements, bench::baseline(setup), "roachorm", rtt_ms),
                                  std::back_inserter(summaries));
            }
            if (rtt_ms == 0 && !in_process) {
                fmt::print(stderr, "roachorm-bench: round trips at 0 ms RTT, through proxies with no delay\n");
                for (const bench::ProxiedRoundTrips& count :
                     bench::count_proxied_round_trips(setup, workloads, counted_ops)) {
                    for (std::size_t i = first; i < summaries.size(); ++i) {
                        if (summaries[i].workload == count.workload && summaries[i].contender == count.contender) {
                            summaries[i].round_trips = count.per_op;
                        }
                    }
                }
            }
        }
        if (!workloads.empty()) {
            bench::print_table(summaries, in_process);
            if (!in_process) {
                bench::print_latency_summary(summaries);
            }
            bench::print_round_trips(bench::count_round_trips(setup, workloads));
        }

        std::vector<bench::PeakRss> peaks;
        if (contains(selected, rss_workload)) {
            fmt::print(stderr, "roachorm-bench: peak RSS probes\n");
            peaks = bench::measure_peak_rss(url);
            bench::print_peak_rss(peaks);
        }
        if (contains(selected, stream_workload)) {
            fmt::print(stderr, "roachorm-bench: stream RSS probes\n");
            bench::print_stream_rss(bench::measure_stream_rss(url, stream_rows));
        }
        fmt::print("\nload average {} at the end\n", bench::load_average());
        if (!csv.empty()) {
            bench::write_csv(csv, summaries, peaks, bench::baseline(setup));
        }
        return 0;
    } catch (const std::exception& error) {
        fmt::print(stderr, "roachorm-bench: {}\n", orm::redact_passwords(error.what()));
        return 1;
    }
}
