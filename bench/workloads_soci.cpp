// The workloads written against SOCI 4.0.3 directly: every statement prepared once per connection and re-executed,
// values bound in place with use()/into(), BEGIN/COMMIT as one-time queries, one multi-row INSERT per chunk.
#include <map>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include "handwritten_sql.hpp"
#include "implementation.hpp"

namespace bench {
namespace {

using handwritten::named;

struct Point {
    long long id;
    double x;
    double y;
    double z;
};

// SOCI binds by reference, so each multi-row INSERT owns the buffers its parameters are read from; one per row
// count, prepared the first time that count is needed.
struct PointInsert {
    PointInsert(soci::session& sql, std::size_t rows) : values(rows * 3), ids(rows), statement(sql) {
        for (double& value : values) {
            statement.exchange(soci::use(value));
        }
        statement.exchange(soci::into(ids));
        statement.alloc();
        statement.prepare(handwritten::insert_points(named, rows));
        statement.define_and_bind();
    }

    std::vector<double> values;  // x, y, z of each row
    std::vector<long long> ids;  // from RETURNING
    soci::statement statement;
};

struct AccountInsert {
    AccountInsert(soci::session& sql, std::size_t rows) : ids(rows), balances(rows), statement(sql) {
        for (std::size_t i = 0; i < rows; ++i) {
            statement.exchange(soci::use(ids[i]));
            statement.exchange(soci::use(balances[i]));
        }
        statement.alloc();
        statement.prepare(handwritten::insert_accounts(named, rows));
        statement.define_and_bind();
    }

    std::vector<std::string> ids;
    std::vector<long long> balances;
    soci::statement statement;
};

class Soci final : public Implementation {
public:
    explicit Soci(const Setup& setup)
        : setup_(setup),
          sql_(soci::postgresql, setup.conninfo),
          select_account_((sql_.prepare << handwritten::select_account(named), soci::use(key_), soci::into(read_id_),
                           soci::into(balance_))),
          update_balance_(
              (sql_.prepare << handwritten::update_balance(named), soci::use(new_balance_), soci::use(key_))),
          delete_accounts_((sql_.prepare << handwritten::delete_accounts(named), soci::use(doomed_))),
          scan_points_((sql_.prepare << handwritten::scan_points(named), soci::use(scan_limit_), soci::into(scan_ids_),
                        soci::into(scan_xs_), soci::into(scan_ys_), soci::into(scan_zs_))),
          post_listing_((sql_.prepare << handwritten::post_listing(named), soci::use(listing_after_),
                         soci::use(listing_after_), soci::use(listing_limit_), soci::into(listing_titles_),
                         soci::into(listing_authors_), soci::into(listing_comments_))) {}

    std::int64_t lookup(std::size_t account) override {
        sql_ << setup_.begin;
        const long long balance = read_balance(setup_.account_ids[account]);
        sql_ << setup_.commit;
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
            PointInsert& insert = prepared(point_inserts_, chunk.size());
            for (std::size_t i = 0; i < chunk.size(); ++i) {
                insert.values[3 * i] = chunk[i].x;
                insert.values[3 * i + 1] = chunk[i].y;
                insert.values[3 * i + 2] = chunk[i].z;
            }
            insert.ids.resize(chunk.size());  // a fetch shrinks an into vector to the rows it got
            sql_ << setup_.begin;
            insert.statement.execute(true);
            for (std::size_t i = 0; i < insert.ids.size(); ++i) {
                points.push_back({insert.ids[i], chunk[i].x, chunk[i].y, chunk[i].z});
            }
            sql_ << setup_.commit;
        }
        return points.size();
    }

    std::uint64_t bank(const BankInput& input) override {
        AccountInsert& insert = prepared(account_inserts_, input.ids.size());
        std::ranges::copy(input.ids, insert.ids.begin());
        std::ranges::copy(input.balances, insert.balances.begin());
        sql_ << setup_.begin;
        insert.statement.execute(true);
        sql_ << setup_.commit;

        transfer(input.ids[input.transfer_from], input.ids[input.transfer_to]);

        doomed_ = handwritten::uuid_array(input.doomed);
        sql_ << setup_.begin;
        delete_accounts_.execute(true);
        const auto deleted = static_cast<std::uint64_t>(delete_accounts_.get_affected_rows());
        sql_ << setup_.commit;
        return deleted;
    }

    std::size_t scan() override {
        scan_limit_ = static_cast<long long>(setup_.scan_rows);
        for (auto* column : {&scan_xs_, &scan_ys_, &scan_zs_}) {
            column->resize(setup_.scan_rows);
        }
        scan_ids_.resize(setup_.scan_rows);
        sql_ << setup_.begin;
        scan_points_.execute(true);
        std::vector<Point> points;
        points.reserve(scan_ids_.size());
        for (std::size_t i = 0; i < scan_ids_.size(); ++i) {
            points.push_back({scan_ids_[i], scan_xs_[i], scan_ys_[i], scan_zs_[i]});
        }
        sql_ << setup_.commit;
        return points.size();
    }

    std::vector<PostListing> join_aggregate(std::int64_t after) override {
        listing_after_ = after;
        listing_limit_ = static_cast<long long>(setup_.page_rows);
        // A fetch shrinks the into vectors to the rows it got; their size is how many rows it may read.
        listing_titles_.resize(setup_.page_rows);
        listing_authors_.resize(setup_.page_rows);
        listing_comments_.resize(setup_.page_rows);
        sql_ << setup_.begin;
        post_listing_.execute(true);
        std::vector<PostListing> page;
        page.reserve(listing_titles_.size());
        for (std::size_t i = 0; i < listing_titles_.size(); ++i) {
            page.push_back({listing_titles_[i], listing_authors_[i], listing_comments_[i]});
        }
        sql_ << setup_.commit;
        return page;
    }

private:
    void transfer(const std::string& from, const std::string& to) {
        sql_ << setup_.begin;
        const long long source = read_balance(from);
        const long long target = read_balance(to);
        const std::int64_t amount = transfer_amount(source);
        write_balance(from, source - amount);
        write_balance(to, target + amount);
        sql_ << setup_.commit;
    }

    long long read_balance(const std::string& id) {
        key_ = id;
        if (!select_account_.execute(true)) {
            throw std::runtime_error(fmt::format("soci: no account {}", id));
        }
        return balance_;
    }

    void write_balance(const std::string& id, long long balance) {
        key_ = id;
        new_balance_ = balance;
        update_balance_.execute(true);
    }

    template <class Insert>
    Insert& prepared(std::map<std::size_t, std::unique_ptr<Insert>>& inserts, std::size_t rows) {
        auto& insert = inserts[rows];
        if (!insert) {
            insert = std::make_unique<Insert>(sql_, rows);
        }
        return *insert;
    }

    const Setup& setup_;
    soci::session sql_;
    // The buffers the prepared statements below are bound to; declared first so they outlive the statements.
    std::string key_;
    std::string read_id_;
    long long balance_ = 0;
    long long new_balance_ = 0;
    std::string doomed_;
    long long scan_limit_ = 0;
    std::vector<long long> scan_ids_;
    std::vector<double> scan_xs_;
    std::vector<double> scan_ys_;
    std::vector<double> scan_zs_;
    long long listing_after_ = 0;
    long long listing_limit_ = 0;
    std::vector<std::string> listing_titles_;
    std::vector<std::string> listing_authors_;
    std::vector<long long> listing_comments_;
    soci::statement select_account_;
    soci::statement update_balance_;
    soci::statement delete_accounts_;
    soci::statement scan_points_;
    soci::statement post_listing_;
    std::map<std::size_t, std::unique_ptr<PointInsert>> point_inserts_;
    std::map<std::size_t, std::unique_ptr<AccountInsert>> account_inserts_;
};

}  // namespace

std::unique_ptr<Implementation> make_soci(const Setup& setup) {
    return std::make_unique<Soci>(setup);
}

}  // namespace bench
