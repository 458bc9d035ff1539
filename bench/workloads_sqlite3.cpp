// The workloads written against the sqlite3 C API, the baseline on SQLite: one connection, every statement prepared
// once (sqlite3_prepare_v2) and reused with sqlite3_reset, values bound natively (int64, double, text).
#include <sqlite3.h>

#include <cstring>
#include <map>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <unordered_set>
#include <vector>

#include <fmt/format.h>

#include <roachorm/orm/options/url.hpp>

#include "handwritten_sql.hpp"
#include "implementation.hpp"

namespace bench {
namespace {

using handwritten::numbered;

struct Point {
    std::int64_t id;
    double x;
    double y;
    double z;
};

// A point's coordinates as a key: the RETURNING rows of a multi-row INSERT are matched to their points by them. Two
// points with the same coordinates are interchangeable, so either may take either id.
struct Coordinates {
    double x;
    double y;
    double z;
    bool operator==(const Coordinates&) const = default;
};

struct CoordinatesHash {
    std::size_t operator()(const Coordinates& c) const noexcept {
        const auto bits = [](double value) {
            std::uint64_t word = 0;
            std::memcpy(&word, &value, sizeof word);
            return word;
        };
        return std::hash<std::uint64_t>{}(bits(c.x) ^ (bits(c.y) * 0x9e3779b97f4a7c15ULL) ^ (bits(c.z) << 1));
    }
};

class Sqlite3 final : public Implementation {
public:
    explicit Sqlite3(const Setup& setup) : setup_(setup), db_(open(setup.url)) {
        // Off by default and per connection (foreignkeys.html §2); roachorm's connections turn it on as well.
        check(sqlite3_exec(db_.get(), "PRAGMA foreign_keys = ON", nullptr, nullptr, nullptr), "PRAGMA foreign_keys");
        begin_ = prepare(setup.begin);
        commit_ = prepare(setup.commit);
        select_account_ = prepare(handwritten::select_account(numbered));
        update_balance_ = prepare(handwritten::update_balance(numbered));
        scan_points_ = prepare(handwritten::scan_points(numbered));
        post_listing_ = prepare(handwritten::post_listing(numbered));
    }

    std::int64_t lookup(std::size_t account) override {
        run(begin_);
        const std::int64_t balance = read_balance(setup_.account_ids[account]);
        run(commit_);
        return balance;
    }

    void transfer(std::size_t from, std::size_t to) override {
        transfer(setup_.account_ids[from], setup_.account_ids[to]);
    }

    std::size_t bulk_insert() override {
        const std::span<const PointValues> all(setup_.points);
        std::vector<Point> points;
        points.reserve(all.size());
        for (std::size_t first = 0; first < all.size(); first += setup_.rows_per_transaction) {
            const auto chunk = all.subspan(first, std::min(setup_.rows_per_transaction, all.size() - first));
            sqlite3_stmt* insert = prepared(point_inserts_, chunk.size(), handwritten::insert_points_returning_values);
            unassigned_.clear();
            int parameter = 1;
            for (const PointValues& point : chunk) {
                for (const double value : {point.x, point.y, point.z}) {
                    check(sqlite3_bind_double(insert, parameter++, value), "bind");
                }
                unassigned_.insert({point.x, point.y, point.z});
            }
            run(begin_);
            {
                const Reset reset{insert};
                while (step(insert)) {
                    const Coordinates key{sqlite3_column_double(insert, 1), sqlite3_column_double(insert, 2),
                                          sqlite3_column_double(insert, 3)};
                    const auto match = unassigned_.find(key);
                    if (match == unassigned_.end()) {
                        throw std::runtime_error("sqlite3: RETURNING gave a point that was not inserted");
                    }
                    points.push_back({sqlite3_column_int64(insert, 0), key.x, key.y, key.z});
                    unassigned_.erase(match);
                }
            }
            run(commit_);
        }
        return points.size();
    }

    std::uint64_t bank(const BankInput& input) override {
        sqlite3_stmt* insert = prepared(account_inserts_, input.ids.size(), handwritten::insert_accounts);
        for (std::size_t i = 0; i < input.ids.size(); ++i) {
            bind_text(insert, static_cast<int>(2 * i + 1), input.ids[i]);
            check(sqlite3_bind_int64(insert, static_cast<int>(2 * i + 2), input.balances[i]), "bind");
        }
        run(begin_);
        run(insert);
        run(commit_);

        transfer(input.ids[input.transfer_from], input.ids[input.transfer_to]);

        sqlite3_stmt* remove = prepared(account_deletes_, input.doomed.size(), handwritten::delete_listed_accounts);
        for (std::size_t i = 0; i < input.doomed.size(); ++i) {
            bind_text(remove, static_cast<int>(i + 1), input.doomed[i]);
        }
        run(begin_);
        run(remove);
        const auto deleted = static_cast<std::uint64_t>(sqlite3_changes64(db_.get()));
        run(commit_);
        return deleted;
    }

    std::size_t scan() override {
        sqlite3_stmt* rows = scan_points_.get();
        check(sqlite3_bind_int64(rows, 1, static_cast<sqlite3_int64>(setup_.scan_rows)), "bind");
        std::vector<Point> points;
        points.reserve(setup_.scan_rows);
        run(begin_);
        {
            const Reset reset{rows};
            while (step(rows)) {
                points.push_back({sqlite3_column_int64(rows, 0), sqlite3_column_double(rows, 1),
                                  sqlite3_column_double(rows, 2), sqlite3_column_double(rows, 3)});
            }
        }
        run(commit_);
        return points.size();
    }

    std::vector<PostListing> join_aggregate(std::int64_t after) override {
        sqlite3_stmt* listing = post_listing_.get();
        check(sqlite3_bind_int64(listing, 1, after), "bind");
        check(sqlite3_bind_int64(listing, 2, after), "bind");
        check(sqlite3_bind_int64(listing, 3, static_cast<sqlite3_int64>(setup_.page_rows)), "bind");
        std::vector<PostListing> page;
        page.reserve(setup_.page_rows);
        run(begin_);
        {
            const Reset reset{listing};
            while (step(listing)) {
                page.push_back({text(listing, 0), text(listing, 1), sqlite3_column_int64(listing, 2)});
            }
        }
        run(commit_);
        return page;
    }

private:
    using Statement = std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)>;

    // A statement left mid-result keeps its read lock, which would block the COMMIT and other connections' writes.
    struct Reset {
        sqlite3_stmt* statement;
        ~Reset() { sqlite3_reset(statement); }
    };

    static std::unique_ptr<sqlite3, decltype(&sqlite3_close)> open(const std::string& url) {
        const orm::DatabaseUrl parsed = orm::DatabaseUrl::parse(url);
        sqlite3* handle = nullptr;
        const int result = sqlite3_open_v2(parsed.database.c_str(), &handle, SQLITE_OPEN_READWRITE, nullptr);
        std::unique_ptr<sqlite3, decltype(&sqlite3_close)> db(handle, sqlite3_close);
        if (result != SQLITE_OK) {
            throw std::runtime_error(fmt::format("sqlite3: cannot open {}: {}", parsed.database,
                                                 handle ? sqlite3_errmsg(handle) : sqlite3_errstr(result)));
        }
        sqlite3_busy_timeout(handle, parsed.busy_timeout_ms);
        return db;
    }

    void transfer(const std::string& from, const std::string& to) {
        run(begin_);
        const std::int64_t source = read_balance(from);
        const std::int64_t target = read_balance(to);
        const std::int64_t amount = transfer_amount(source);
        write_balance(from, source - amount);
        write_balance(to, target + amount);
        run(commit_);
    }

    std::int64_t read_balance(const std::string& id) {
        sqlite3_stmt* select = select_account_.get();
        bind_text(select, 1, id);
        const Reset reset{select};
        if (!step(select)) {
            throw std::runtime_error(fmt::format("sqlite3: no account {}", id));
        }
        return sqlite3_column_int64(select, 1);
    }

    void write_balance(const std::string& id, std::int64_t balance) {
        sqlite3_stmt* update = update_balance_.get();
        check(sqlite3_bind_int64(update, 1, balance), "bind");
        bind_text(update, 2, id);
        run(update);
    }

    Statement prepare(const std::string& sql) {
        sqlite3_stmt* statement = nullptr;
        check(sqlite3_prepare_v2(db_.get(), sql.c_str(), static_cast<int>(sql.size()), &statement, nullptr), sql);
        return {statement, sqlite3_finalize};
    }

    // The statement for `count` rows or ids, prepared the first time that count is needed.
    sqlite3_stmt* prepared(std::map<std::size_t, Statement>& statements, std::size_t count,
                           std::string (*sql)(handwritten::Placeholders, std::size_t)) {
        auto found = statements.find(count);
        if (found == statements.end()) {
            found = statements.emplace(count, prepare(sql(numbered, count))).first;
        }
        return found->second.get();
    }

    // The text outlives the statement's run, so SQLite need not copy it.
    void bind_text(sqlite3_stmt* statement, int parameter, const std::string& value) {
        check(sqlite3_bind_text(statement, parameter, value.data(), static_cast<int>(value.size()), SQLITE_STATIC),
              "bind");
    }

    static std::string text(sqlite3_stmt* statement, int column) {
        const auto* bytes = reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
        return {bytes, static_cast<std::size_t>(sqlite3_column_bytes(statement, column))};
    }

    // True while the statement has a row to read.
    bool step(sqlite3_stmt* statement) {
        const int result = sqlite3_step(statement);
        if (result == SQLITE_ROW) {
            return true;
        }
        if (result != SQLITE_DONE) {
            throw std::runtime_error(
                fmt::format("sqlite3: {} failed: {}", sqlite3_sql(statement), sqlite3_errmsg(db_.get())));
        }
        return false;
    }

    // Runs a statement that returns no rows.
    void run(sqlite3_stmt* statement) {
        const Reset reset{statement};
        while (step(statement)) {
        }
    }
    void run(const Statement& statement) { run(statement.get()); }

    void check(int result, std::string_view what) {
        if (result != SQLITE_OK) {
            throw std::runtime_error(fmt::format("sqlite3: {} failed: {}", what, sqlite3_errmsg(db_.get())));
        }
    }

    const Setup& setup_;
    std::unique_ptr<sqlite3, decltype(&sqlite3_close)> db_;
    // Declared after db_, so finalized before it is closed.
    Statement begin_{nullptr, sqlite3_finalize};
    Statement commit_{nullptr, sqlite3_finalize};
    Statement select_account_{nullptr, sqlite3_finalize};
    Statement update_balance_{nullptr, sqlite3_finalize};
    Statement scan_points_{nullptr, sqlite3_finalize};
    Statement post_listing_{nullptr, sqlite3_finalize};
    std::map<std::size_t, Statement> point_inserts_;
    std::map<std::size_t, Statement> account_inserts_;
    std::map<std::size_t, Statement> account_deletes_;
    // The points of the chunk being inserted whose id has not come back yet, reused from one chunk to the next.
    std::unordered_multiset<Coordinates, CoordinatesHash> unassigned_;
};

}  // namespace

std::unique_ptr<Implementation> make_sqlite3(const Setup& setup) {
    return std::make_unique<Sqlite3>(setup);
}

}  // namespace bench
