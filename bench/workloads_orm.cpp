// The workloads written with roachorm the way its README and samples write them: run_transaction, Session,
// Query, tracked objects flushed at the end of the callback, insert_chunked for the bulk load.
#include <algorithm>
#include <array>
#include <span>
#include <utility>

#include <roachorm/models/account.hpp>
#include <roachorm/models/blog.hpp>
#include <roachorm/models/point.hpp>
#include <roachorm/orm/orm.hpp>

#include "implementation.hpp"

namespace bench {
namespace {

using models::Account;
using models::Point;
using models::blog::Comment;
using models::blog::Post;
using models::blog::User;
using orm::col;

class Roachorm final : public Implementation {
public:
    Roachorm(const Setup& setup, orm::DatabaseOptions options)
        : db_(setup.url, std::move(options)),
          scan_rows_(static_cast<std::int64_t>(setup.scan_rows)),
          rows_per_transaction_(setup.rows_per_transaction),
          page_rows_(static_cast<std::int64_t>(setup.page_rows)) {
        // An application holds its keys as orm::uuid and its rows as models; converting is not part of the work.
        std::ranges::transform(setup.account_ids, std::back_inserter(account_ids_), orm::uuid::parse);
        std::ranges::transform(setup.points, std::back_inserter(points_),
                               [](const PointValues& p) { return Point{.x = p.x, .y = p.y, .z = p.z}; });
    }

    std::int64_t lookup(std::size_t account) override {
        return orm::run_transaction(db_, [&](orm::Session& session) {
            return session.query<Account>().filter(col(&Account::id) == account_ids_[account]).one().balance;
        });
    }

    void transfer(std::size_t from, std::size_t to) override { transfer(account_ids_[from], account_ids_[to]); }

    std::size_t bulk_insert() override {
        for (Point& point : points_) {
            point.id = {};  // new rows each round: a set key would be written as it is (and collide)
        }
        orm::insert_chunked<Point>(db_, points_, rows_per_transaction_);
        return static_cast<std::size_t>(
            std::ranges::count_if(points_, [](const Point& point) { return point.id.is_assigned(); }));
    }

    std::uint64_t bank(const BankInput& input) override {
        std::vector<orm::uuid> ids;
        std::ranges::transform(input.ids, std::back_inserter(ids), orm::uuid::parse);
        orm::run_transaction(db_, [&](orm::Session& session) {
            for (std::size_t i = 0; i < ids.size(); ++i) {
                session.add(Account{.id = ids[i], .balance = input.balances[i]});
            }
        });
        transfer(ids[input.transfer_from], ids[input.transfer_to]);
        std::vector<orm::uuid> doomed;
        std::ranges::transform(input.doomed, std::back_inserter(doomed), orm::uuid::parse);
        return orm::run_transaction(db_, [&](orm::Session& session) {
            return session.query<Account>().filter(col(&Account::id).in(doomed)).remove();
        });
    }

    std::size_t scan() override {
        // The session's objects end with the transaction, so a caller that keeps the rows returns copies.
        const std::vector<Point> points = orm::run_transaction(db_, [&](orm::Session& session) {
            std::vector<Point> rows;
            rows.reserve(static_cast<std::size_t>(scan_rows_));
            for (const Point* point : session.query<Point>().order_by(col(&Point::id)).limit(scan_rows_).all()) {
                rows.push_back(*point);
            }
            return rows;
        });
        return points.size();
    }

    std::vector<PostListing> join_aggregate(std::int64_t after) override {
        // Comment references both Post and User, so its join names the foreign key it follows. The bound on
        // comments.post_id repeats the keyset in the join: PostgreSQL's plan merges the page's posts with the
        // comments index, and without it the index scan starts at the first post's comments.
        return orm::run_transaction(db_, [&](orm::Session& session) {
            return session.query<Post>()
                .join<User>()
                .left_join<Comment>(col(&Comment::post_id) == col(&Post::id) && col(&Comment::post_id) > after)
                .filter(col(&Post::id) > after)
                .select(col(&Post::title), col(&User::name), orm::count(col(&Comment::id)))
                .group_by(col(&Post::id), col(&Post::title), col(&User::name))
                .order_by(col(&Post::id))
                .limit(page_rows_)
                .all<PostListing>();
        });
    }

private:
    void transfer(const orm::uuid& from, const orm::uuid& to) {
        orm::run_transaction(db_, [&](orm::Session& session) {
            // Both accounts in one SELECT: the transaction is two round trips (BEGIN with it; UPDATEs with COMMIT).
            const std::vector<Account*> pair = session.get_many<Account>(std::array{from, to});
            if (pair[0] == nullptr || pair[1] == nullptr) {
                throw orm::NoResultFound("transfer: a seeded account is missing");
            }
            const std::int64_t amount = transfer_amount(pair[0]->balance);
            pair[0]->balance -= amount;
            pair[1]->balance += amount;
        });
    }

    orm::Database db_;
    std::int64_t scan_rows_;
    std::size_t rows_per_transaction_;
    std::int64_t page_rows_;
    std::vector<orm::uuid> account_ids_;
    std::vector<Point> points_;
};

}  // namespace

std::unique_ptr<Implementation> make_roachorm(const Setup& setup, orm::DatabaseOptions options) {
    return std::make_unique<Roachorm>(setup, std::move(options));
}

}  // namespace bench
