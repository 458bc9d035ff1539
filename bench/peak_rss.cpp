// The peak-RSS probes: fork and exec this program, which loads points and reads its own VmHWM from
// /proc/self/status. Exec gives the child a fresh address space, so no mark carries the parent's memory.
#include "peak_rss.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>

#include <roachorm/models/point.hpp>
#include <roachorm/orm/orm.hpp>

#include "setup.hpp"

namespace bench {

long vm_hwm_kib() {
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);) {
        if (line.starts_with("VmHWM:")) {
            return std::stol(line.substr(6));
        }
    }
    throw std::runtime_error("no VmHWM in /proc/self/status");
}

std::pair<long, long> run_probe(const std::string& url, const std::vector<std::string>& arguments,
                                const std::string& what) {
    int pipe_ends[2];
    if (pipe(pipe_ends) != 0) {
        throw std::runtime_error(what + ": pipe failed");
    }
    std::vector<char*> argv{const_cast<char*>("roachorm-bench")};
    for (const std::string& argument : arguments) {
        argv.push_back(const_cast<char*>(argument.c_str()));
    }
    argv.push_back(nullptr);
    std::fflush(nullptr);
    const pid_t child = fork();
    if (child < 0) {
        throw std::runtime_error(what + ": fork failed");
    }
    if (child == 0) {
        dup2(pipe_ends[1], STDOUT_FILENO);
        close(pipe_ends[0]);
        close(pipe_ends[1]);
        // Through the environment rather than argv, where a password would show in ps.
        setenv("DATABASE_URL", url.c_str(), 1);
        execv("/proc/self/exe", argv.data());
        _exit(127);
    }
    close(pipe_ends[1]);
    std::string output;
    char buffer[256];
    for (ssize_t n; (n = read(pipe_ends[0], buffer, sizeof buffer)) > 0;) {
        output.append(buffer, static_cast<std::size_t>(n));
    }
    close(pipe_ends[0]);
    int status = 0;
    waitpid(child, &status, 0);
    long before = 0;
    long peak = 0;
    std::istringstream(output) >> before >> peak;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || peak == 0) {
        throw std::runtime_error(what + " failed (see its error above)");
    }
    return {before, peak};
}

namespace {

PeakRss probe(const std::string& url, std::size_t rows, std::size_t rows_per_transaction) {
    const auto [before, peak] =
        run_probe(url, {"--rss-probe", std::to_string(rows), std::to_string(rows_per_transaction)},
                  fmt::format("peak RSS probe of {} rows by {}", rows, rows_per_transaction));
    return {.rows = rows, .rows_per_transaction = rows_per_transaction, .before_kib = before, .peak_kib = peak};
}

}  // namespace

std::vector<PeakRss> measure_peak_rss(const std::string& url) {
    // Ten times the rows at the same chunk should cost nothing more; ten times the chunk should.
    return {probe(url, 10'000, 1'000), probe(url, 100'000, 1'000), probe(url, 100'000, 10'000)};
}

void run_peak_rss_probe(const std::string& url, std::size_t rows, std::size_t rows_per_transaction) {
    orm::Database db(url);
    std::vector<models::Point> points;
    for (const PointValues& point : random_points(rows)) {
        points.push_back({.id = {}, .x = point.x, .y = point.y, .z = point.z});
    }
    // Connected, with SOCI and the pool set up, before the baseline: the difference is the load's own memory.
    orm::run_transaction(db, [](orm::Session& session) { session.execute("SELECT 1"); });
    const long before = vm_hwm_kib();
    orm::insert_chunked<models::Point>(db, points, rows_per_transaction);
    fmt::print("{} {}\n", before, vm_hwm_kib());
}

}  // namespace bench
