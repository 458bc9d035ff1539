// Counting roachorm's statements through DatabaseOptions::echo with a sink that keeps each line's SQL. The echo
// costs time, so it runs on a contender of its own, after the timed rounds.
#include "round_trips.hpp"

#include <string_view>

namespace bench {

std::vector<RoundTrips> count_round_trips(const Setup& setup, std::span<const Workload> workloads) {
    std::vector<std::string> echoed;
    const auto contender =
        make_roachorm(setup, orm::DatabaseOptions{.echo = true, .log_sink = [&](std::string_view line) {
                                                      // "roachorm: [attempt 1] 0.035 ms BEGIN ..."
                                                      echoed.emplace_back(line.substr(line.find(" ms ") + 4));
                                                  }});
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

}  // namespace bench
