// The stream RSS probes: the table is filled by the server itself (generate_series, or a recursive WITH on SQLite),
// and each read runs in a child process started by exec, so that its VmHWM is its own.
#include "stream_rss.hpp"

#include <cstdint>
#include <stdexcept>

#include <fmt/format.h>

#include <roachorm/orm/orm.hpp>

#include "peak_rss.hpp"

namespace bench {
namespace {

struct StreamRow {
    static constexpr std::string_view table_name = "bench_stream_rows";
    std::int64_t id = 0;
    double x = 0;
    std::string label;
};

StreamRss probe(const std::string& url, std::size_t rows, const std::string& reader) {
    const auto [before, peak] = run_probe(url, {"--stream-probe", std::to_string(rows), reader},
                                          fmt::format("stream RSS probe of {} rows by {}", rows, reader));
    return {.reader = reader, .rows = rows, .before_kib = before, .peak_kib = peak};
}

}  // namespace

std::vector<StreamRss> measure_stream_rss(const std::string& url, std::size_t rows) {
    orm::Database db(url);
    db.create_all<StreamRow>();
    const auto stored =
        orm::run_transaction(db, [](orm::Session& session) { return session.query<StreamRow>().count(); });
    if (stored != static_cast<std::int64_t>(rows)) {
        // SQLite's generate_series is "a loadable extension ... compiled into the command-line shell", not into the
        // library; the recursive common table expression its page gives in its place needs nothing (series.html).
        // roachorm binds the count as text, and "An INTEGER or REAL value is less than any TEXT" (datatype3.html
        // §4.1) when neither side has an affinity: the cast keeps the recursion finite.
        const std::string_view fill =
            db.url().dialect == orm::DialectKind::sqlite
                ? "WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < CAST(?1 AS INTEGER)) "
                  "INSERT INTO bench_stream_rows SELECT n, n * 0.5, 'row number ' || n FROM g"
                : "INSERT INTO bench_stream_rows SELECT g, g * 0.5, 'row number ' || g FROM generate_series(1, $1) g";
        orm::run_transaction(db, [&](orm::Session& session) {
            session.execute("DELETE FROM bench_stream_rows");
            session.execute(std::string(fill), static_cast<std::int64_t>(rows));
        });
    }
    std::vector<StreamRss> probes;
    for (const std::size_t read : {rows / 10, rows}) {
        for (const std::string reader : {"stream", "all"}) {
            probes.push_back(probe(url, read, reader));
        }
    }
    return probes;
}

void run_stream_probe(const std::string& url, std::size_t rows, std::string_view reader) {
    orm::Database db(url);
    // Connected, with the pool set up, before the baseline: the difference is the read's own memory.
    orm::run_transaction(db, [](orm::Session& session) { session.execute("SELECT 1"); });
    const long before = vm_hwm_kib();
    const std::int64_t limit = static_cast<std::int64_t>(rows);
    const std::size_t read = orm::run_transaction(db, [&](orm::Session& session) -> std::size_t {
        auto query = session.query<StreamRow>().filter(orm::col(&StreamRow::id) <= limit);
        if (reader == "stream") {
            std::size_t seen = 0;
            query.stream([&](const StreamRow& row) { seen += row.label.empty() ? 0 : 1; });
            return seen;
        }
        return query.all().size();
    });
    if (read != rows) {
        throw std::runtime_error(fmt::format("read {} rows where {} were expected", read, rows));
    }
    fmt::print("{} {}\n", before, vm_hwm_kib());
}

void print_stream_rss(std::span<const StreamRss> probes) {
    fmt::print(
        "\npeak RSS of reading rows with query.stream() and query.all(), each in a fresh process (VmHWM, "
        "KiB):\n");
    fmt::print("  {:>8} {:>8} {:>10} {:>10} {:>10}\n", "reader", "rows", "before", "peak", "growth");
    for (const StreamRss& probe : probes) {
        fmt::print("  {:>8} {:>8} {:>10} {:>10} {:>10}\n", probe.reader, probe.rows, probe.before_kib, probe.peak_kib,
                   probe.peak_kib - probe.before_kib);
    }
}

}  // namespace bench
