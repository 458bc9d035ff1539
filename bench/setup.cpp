// Server preparation: the sizes of the workloads, the seeded accounts (lookup, transfer) and points (scan), and
// ANALYZE so that every contender runs against the same plans from the first round on.
#include "setup.hpp"

#include <algorithm>
#include <random>

#include <fmt/format.h>

#include <roachorm/models/account.hpp>
#include <roachorm/models/point.hpp>
#include <roachorm/orm/orm.hpp>

namespace bench {
namespace {

using models::Account;
using models::Point;

constexpr std::size_t seeded_accounts = 1'000;
constexpr std::int64_t seeded_balance = 1'000'000;
constexpr std::size_t bulk_points = 10'000;
constexpr std::size_t rows_per_transaction = 1'000;
constexpr std::size_t scan_rows = 10'000;

template <class Model>
bool holds_rows(orm::Database& db, const std::vector<std::string>& tables) {
    return std::ranges::find(tables, Model::table_name) != tables.end() &&
           orm::run_transaction(db, [](orm::Session& session) { return session.query<Model>().exists(); });
}

}  // namespace

std::vector<PointValues> random_points(std::size_t count) {
    std::mt19937_64 random(7);
    std::uniform_real_distribution<double> coordinate(-1000, 1000);
    std::vector<PointValues> points(count);
    for (PointValues& point : points) {
        point = {coordinate(random), coordinate(random), coordinate(random)};
    }
    return points;
}

Setup prepare_server(const std::string& url, bool reset) {
    orm::Database db(url);
    const std::vector<std::string> tables = db.table_names();
    if (!reset && (holds_rows<Account>(db, tables) || holds_rows<Point>(db, tables))) {
        throw orm::Error(
            fmt::format("the tables {} and {} hold rows, and the benchmark drops and recreates them: pass --reset to "
                        "let it (their rows are lost), or point it at a throwaway server (scripts/db)",
                        Account::table_name, Point::table_name));
    }
    // Fresh tables: no bloat from an earlier run, and BIGSERIAL ids from 1.
    db.drop_all<Account, Point>();
    db.create_all<Account, Point>();

    const orm::TransactionMode mode = db.options().transaction.mode();
    Setup setup{.url = url,
                .conninfo = db.url().conninfo,
                .begin = db.dialect().begin_transaction(mode),
                .commit = db.dialect().commit_transaction(mode),
                .account_ids = {},
                .points = random_points(bulk_points),
                .rows_per_transaction = rows_per_transaction,
                .scan_rows = scan_rows};

    std::vector<Account> accounts(seeded_accounts);
    for (Account& account : accounts) {
        account = {.id = orm::uuid::random(), .balance = seeded_balance};
        setup.account_ids.push_back(account.id.to_string());
    }
    orm::run_transaction(db, [&](orm::Session& session) { session.add_all(accounts); });
    std::vector<Point> points;
    for (const PointValues& point : random_points(scan_rows)) {
        points.push_back({.id = {}, .x = point.x, .y = point.y, .z = point.z});
    }
    orm::insert_chunked<Point>(db, points, rows_per_transaction);

    const auto connection = db.connect();
    for (const std::string_view table : {Account::table_name, Point::table_name}) {
        connection->execute_unprepared(fmt::format("ANALYZE {}", table));
    }
    return setup;
}

}  // namespace bench
