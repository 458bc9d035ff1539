// points: the seeds' bulk load. Inserts many models::Point rows a transaction per chunk (CockroachDB advises about
// 1000 rows per transaction), shows progress, and reports the rate and the keys the server assigned.
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <unistd.h>

#include <fmt/format.h>

#include <roachorm/models/point.hpp>
#include <roachorm/orm/orm.hpp>

#include "common.hpp"

namespace {

// Redrawn in place on a terminal; when stdout is a file or a pipe, a "\r" would garble it, so plain lines instead.
void show_progress(const orm::ChunkProgress& progress, bool terminal) {
    if (!terminal) {
        fmt::print("{}/{}\n", progress.rows_written, progress.rows_total);
        std::fflush(stdout);  // a reader tailing the output sees each chunk as it commits
        return;
    }
    constexpr std::size_t width = 40;
    const std::size_t done = width * progress.rows_written / progress.rows_total;
    fmt::print("\r[{}{}] {}/{}", std::string(done, '#'), std::string(width - done, ' '), progress.rows_written,
               progress.rows_total);
    if (progress.rows_written == progress.rows_total) {
        fmt::print("\n");
    }
    std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Inserts points in chunks, one transaction per chunk, and reports rows per second.", "points"};
    samples::DatabaseOptions options(app);
    std::size_t rows = 10'000;
    std::size_t chunk = 1000;
    app.add_option("--rows", rows, "how many points to insert")
        ->check(CLI::Range(1, 10'000'000))
        ->capture_default_str();
    app.add_option("--chunk", chunk, "rows per transaction")->check(CLI::Range(1, 10'000'000))->capture_default_str();
    CLI11_PARSE(app, argc, argv);

    return samples::run("points", [&] {
        orm::Database db = options.open();
        db.create_all<models::Point>();

        std::mt19937_64 random{std::random_device{}()};
        std::uniform_real_distribution<double> coordinate(0.0, 1024.0);
        std::vector<models::Point> points(rows);
        for (models::Point& point : points) {
            point = models::Point{.x = coordinate(random), .y = coordinate(random), .z = coordinate(random)};
        }

        const bool terminal = isatty(STDOUT_FILENO) == 1;
        const auto start = std::chrono::steady_clock::now();
        const std::size_t written = orm::insert_chunked<models::Point>(
            db, points, chunk, [&](const orm::ChunkProgress& progress) { show_progress(progress, terminal); });
        const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;

        // insert_chunked wrote the server's keys back into `points`.
        std::set<std::int64_t> ids;
        for (const models::Point& point : points) {
            ids.insert(point.id.value);
        }
        fmt::print("inserted {} points in {:.2f} s ({:.0f} rows/s); the server assigned {} distinct ids\n", written,
                   elapsed.count(), static_cast<double>(written) / elapsed.count(), ids.size());
    });
}
