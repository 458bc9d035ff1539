// The timing loop: a warm-up per contender that also sizes the batches, then rounds of one batch per contender,
// each batch timed as a whole (wall clock and getrusage) so that the clock's own cost never enters an operation.
#include "harness.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <cmath>

#include "statistics.hpp"

namespace bench {
namespace {

using Clock = std::chrono::steady_clock;

double thread_cpu_seconds() {
    rusage usage{};
    getrusage(RUSAGE_THREAD, &usage);
    const auto seconds = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) + 1e-6 * static_cast<double>(t.tv_usec);
    };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

Sample run_batch(const Workload& workload, Implementation& contender, std::size_t ops) {
    if (workload.prepare) {
        workload.prepare(ops);
    }
    const double cpu_before = thread_cpu_seconds();
    const auto start = Clock::now();
    for (std::size_t op = 0; op < ops; ++op) {
        workload.run(contender, op);
    }
    const double wall = std::chrono::duration<double>(Clock::now() - start).count();
    const double cpu = thread_cpu_seconds() - cpu_before;
    return {.wall = wall / static_cast<double>(ops), .cpu = cpu / static_cast<double>(ops)};
}

}  // namespace

std::vector<Measurement> measure(const Workload& workload, std::span<const Contender> contenders,
                                 const HarnessOptions& options) {
    // The first operations prepare statements and warm caches on both ends; the rest say how long one takes.
    std::vector<double> warm;
    for (const Contender& contender : contenders) {
        run_batch(workload, *contender.implementation, 1);
        const auto until = Clock::now() + options.warmup;
        do {
            warm.push_back(run_batch(workload, *contender.implementation, 1).wall);
        } while (Clock::now() < until);
    }
    const double sample_seconds = std::chrono::duration<double>(options.sample).count();
    const std::size_t ops = options.ops_per_sample != 0
                                ? options.ops_per_sample
                                : static_cast<std::size_t>(std::max(1.0, std::round(sample_seconds / median(warm))));

    std::vector<Measurement> measurements;
    for (const Contender& contender : contenders) {
        measurements.push_back(
            {.contender = contender.name, .ops_per_sample = ops, .samples = {}, .round_trips_per_op = {}});
    }
    // Each contender has a proxy of its own and only its batch runs at a time, so the counts bracket the rounds: a
    // reply is counted before the client reads it, so none is still to come when a batch ends.
    std::vector<std::uint64_t> trips_before;
    for (const Contender& contender : contenders) {
        trips_before.push_back(contender.round_trips ? contender.round_trips() : 0);
    }
    for (int round = 0; round < options.rounds; ++round) {
        for (std::size_t k = 0; k < contenders.size(); ++k) {
            const std::size_t which = (static_cast<std::size_t>(round) + k) % contenders.size();
            measurements[which].samples.push_back(run_batch(workload, *contenders[which].implementation, ops));
        }
    }
    for (std::size_t k = 0; k < contenders.size(); ++k) {
        if (contenders[k].round_trips) {
            measurements[k].round_trips_per_op = static_cast<double>(contenders[k].round_trips() - trips_before[k]) /
                                                 static_cast<double>(ops * static_cast<std::size_t>(options.rounds));
        }
    }
    return measurements;
}

}  // namespace bench
