// Counting roachorm's statements through DatabaseOptions::echo with a sink that keeps each line's SQL, and every
// contender's round trips through zero-delay proxies. Both cost time, so they run on contenders of their own, after
// the timed rounds.
#include "round_trips.hpp"

#include <chrono>
#include <string_view>

#include <roachorm/orm/execution/statement_log.hpp>

#include "contenders.hpp"

namespace bench {

std::vector<RoundTrips> count_round_trips(const Setup& setup, std::span<const Workload> workloads) {
    std::vector<std::string> echoed;
    const auto contender =
        make_roachorm(setup, orm::DatabaseOptions{.echo = true, .log_sink = [&](std::string_view line) {
                                                      // "roachorm: [attempt 1] 0.035 ms BEGIN ...", or an event such as
                                                      // "roachorm: -- connected to ... in 1.234 ms", which is no
                                                      // statement.
                                                      if (!line.starts_with(orm::StatementLog::kEventPrefix)) {
                                                          echoed.emplace_back(line.substr(line.find(" ms ") + 4));
                                                      }
                                                  }});
    // Opened first, so that the connection's own opening statements (SQLite's PRAGMA foreign_keys) are no
    // workload's.
    if (!workloads.empty()) {
        const Workload& first = workloads.front();
        if (first.prepare) {
            first.prepare(1);
        }
        first.run(*contender, 0);
    }
    std::vector<RoundTrips> counts;
    for (const Workload& workload : workloads) {
        if (workload.prepare) {
            workload.prepare(1);
        }
        echoed.clear();
        workload.run(*contender, 0);
        counts.push_back({.workload = workload.name, .statements = echoed});
    }
    return counts;
}

std::vector<ProxiedRoundTrips> count_proxied_round_trips(const Setup& setup, std::span<const Workload> workloads,
                                                         std::size_t ops) {
    const Contenders contenders(setup, std::chrono::microseconds(0));
    std::vector<ProxiedRoundTrips> counts;
    for (const Workload& workload : workloads) {
        for (const Contender& contender : contenders.all()) {
            // Inputs per contender, as the harness makes them per batch: the bank's fresh ids are used only once.
            if (workload.prepare) {
                workload.prepare(ops + 1);
            }
            workload.run(*contender.implementation, 0);
            const std::uint64_t before = contender.round_trips();
            for (std::size_t op = 1; op <= ops; ++op) {
                workload.run(*contender.implementation, op);
            }
            counts.push_back(
                {.workload = workload.name,
                 .contender = contender.name,
                 .per_op = static_cast<double>(contender.round_trips() - before) / static_cast<double>(ops)});
        }
    }
    return counts;
}

}  // namespace bench
