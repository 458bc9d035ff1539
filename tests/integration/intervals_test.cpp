// INTERVAL columns and timestamp/interval arithmetic on the real server: an interval round-trips its months, days and
// microseconds (negative ones too) through insert, read and update; filters, projections and orderings built from
// timestamp - timestamp, timestamp ± interval and orm::transaction_time() give the rows the same SQL written by hand
// gives.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <roachorm/models/blog.hpp>
#include <roachorm/orm/orm.hpp>

#include "blog_data.hpp"
#include "test_server.hpp"

namespace {

using namespace std::chrono_literals;
using namespace models::blog;
using orm::col;
using roachorm_test::query_rows;
using roachorm_test::query_value;
using ::testing::ElementsAre;
using Rows = std::vector<std::vector<std::string>>;

struct Plan {
    static constexpr std::string_view table_name = "plans";
    orm::serial id{};
    std::string name;
    orm::interval period{};
    std::optional<orm::interval> grace{};
};

// Interval arithmetic and the server's interval text (SQLite refuses timestamp/interval operators and keeps an
// interval as roachorm's own text: docs/dialects.md); the column's round trip through the ORM runs everywhere below.
class ServerOnlyIntervals : public roachorm_test::BlogData {
protected:
    void SetUp() override {
        BlogData::SetUp();
        database->create_all<Plan>();
        // Distinct instants, so that differences and orderings mean something: users joined in 2024, each post
        // was written some hours or days later.
        for (const char* sql : {
                 "UPDATE users SET joined_at = '2024-01-01 00:00:00+00' WHERE name = 'Ada'",
                 "UPDATE users SET joined_at = '2024-02-10 12:00:00+00' WHERE name = 'Grace'",
                 "UPDATE users SET joined_at = '2024-03-01 00:00:00+00' WHERE name = 'Linus'",
                 "UPDATE posts SET created_at = '2024-01-01 06:30:00+00' WHERE slug = 'engines'",
                 "UPDATE posts SET created_at = '2024-01-20 00:00:00.000001+00' WHERE slug = 'notes'",
                 "UPDATE posts SET created_at = '2024-03-05 23:59:59+00' WHERE slug = 'poems'",
                 "UPDATE posts SET created_at = '2024-02-11 12:00:00+00' WHERE slug = 'compilers'",
                 // One post "now": the transaction_time() filters must find it and only it.
                 "UPDATE posts SET created_at = now() - interval '1 hour' WHERE slug = 'nanoseconds'",
             }) {
            connection->execute(sql, {}, 0, [](orm::TextRow) {});
        }
    }

    // A hand-written query's interval column, read with the same parser the ORM uses (unit-tested on its own).
    static orm::interval interval_of(const std::string& text) { return orm::text::parse_interval(text); }

    std::vector<std::string> titles_where(const std::string& where, const std::string& order = "title") {
        std::vector<std::string> titles;
        for (const auto& row : query_rows(
                 *connection,
                 "SELECT p.title FROM posts p JOIN users u ON p.author_id = u.id WHERE " + where + " ORDER BY " + order,
                 1)) {
            titles.push_back(row[0]);
        }
        return titles;
    }
};

class IntervalColumn : public roachorm_test::ServerTest<Plan> {};

TEST_F(IntervalColumn, RoundTripsMonthsDaysAndMicrosecondsThroughInsertReadAndUpdate) {
    const std::vector<orm::interval> values = {
        orm::interval{},
        orm::interval{14, -3, 4h + 5min + 6s + 789ms},
        orm::months(-1),
        orm::interval{-1us},
        orm::interval{-25, 40, -(100h + 59min + 59s + 999999us)},
        orm::interval{std::chrono::microseconds{9'000'000'000'000'000}},
    };
    orm::run_transaction(*database, [&](orm::Session& session) {
        for (std::size_t i = 0; i < values.size(); ++i) {
            session.add(Plan{.name = "plan " + std::to_string(i), .period = values[i]});
        }
    });
    orm::run_transaction(*database, [&](orm::Session& session) {
        const std::vector<Plan*> plans = session.query<Plan>().order_by(col(&Plan::id)).all();
        ASSERT_EQ(plans.size(), values.size());
        for (std::size_t i = 0; i < values.size(); ++i) {
            EXPECT_EQ(plans[i]->period, values[i]) << plans[i]->name;
            EXPECT_EQ(plans[i]->grace, std::nullopt);
        }
        plans[1]->period = orm::interval{-7, 3, -1us};
        plans[1]->grace = orm::days(3);
    });
    orm::run_transaction(*database, [&](orm::Session& session) {
        const Plan& plan = session.query<Plan>().filter(col(&Plan::name) == "plan 1").one();
        EXPECT_EQ(plan.period, (orm::interval{-7, 3, -1us}));
        EXPECT_EQ(plan.grace, orm::days(3));
    });
}

// The round trip itself is IntervalColumn's; this is what the server stored, in its own words.
TEST_F(ServerOnlyIntervals, TheServerStoresAnIntervalsMonthsDaysAndMicrosecondsApart) {
    orm::run_transaction(*database, [&](orm::Session& session) {
        session.add(Plan{.name = "mixed", .period = orm::interval{14, -3, 4h + 5min + 6s + 789ms}});
        session.add(Plan{.name = "tiny", .period = orm::interval{-1us}});
        session.add(Plan{.name = "long day", .period = orm::interval{0, -2, 36h + 1us}, .grace = orm::days(3)});
    });
    EXPECT_EQ(query_value(*connection, "SELECT period::text FROM plans WHERE name = 'mixed'"),
              "1 year 2 mons -3 days +04:05:06.789");
    EXPECT_EQ(query_value(*connection, "SELECT period::text FROM plans WHERE name = 'tiny'"), "-00:00:00.000001");
    EXPECT_EQ(
        query_value(*connection, "SELECT period::text || ' / ' || grace::text FROM plans WHERE name = 'long day'"),
        "-2 days +36:00:00.000001 / 3 days");
}

TEST_F(ServerOnlyIntervals, BulkUpdatesComputeIntervalsOnTheServer) {
    orm::run_transaction(*database, [&](orm::Session& session) {
        session.add(Plan{.name = "monthly", .period = orm::months(1)});
        session.add(Plan{.name = "daily", .period = orm::interval{0, 1, 90min}, .grace = orm::interval{-2h}});
    });
    const Rows by_hand = query_rows(*connection,
                                    "SELECT name, (period * 2 + interval '1 day')::text, (grace / 4)::text FROM plans "
                                    "ORDER BY name",
                                    3);
    orm::run_transaction(*database, [&](orm::Session& session) {
        session.query<Plan>().update(orm::set(&Plan::period, col(&Plan::period) * 2 + orm::days(1)),
                                     orm::set(&Plan::grace, col(&Plan::grace) / 4));
    });
    EXPECT_EQ(query_rows(*connection, "SELECT name, period::text, grace::text FROM plans ORDER BY name", 3), by_hand);
    EXPECT_THAT(by_hand, ElementsAre(ElementsAre("daily", "3 days 03:00:00", "-00:30:00"),
                                     ElementsAre("monthly", "2 mons 1 day", "NULL")));
}

TEST_F(ServerOnlyIntervals, FilterPostsWrittenWithinDaysOfAnInstant) {
    const orm::timestamp x = std::chrono::sys_days{std::chrono::year{2024} / 1 / 18};
    const std::vector<std::string> by_hand = titles_where(
        "p.created_at + interval '3 days' >= '2024-01-18 00:00:00+00' AND "
        "p.created_at - interval '3 days' <= '2024-01-18 00:00:00+00'");
    EXPECT_THAT(by_hand, ElementsAre("Notes on the engine"));
    orm::run_transaction(*database, [&](orm::Session& session) {
        std::vector<std::string> seen;
        for (const Post* post : session.query<Post>()
                                    .filter(col(&Post::created_at) + orm::days(3) >= x &&
                                            col(&Post::created_at) - std::chrono::days{3} <= x)
                                    .order_by(col(&Post::title))
                                    .all()) {
            seen.push_back(post->title);
        }
        EXPECT_EQ(seen, by_hand);
        // The same window as a difference of timestamps: |created_at - x| <= 3 days.
        EXPECT_EQ(session.query<Post>()
                      .filter(col(&Post::created_at) - x <= orm::days(3) && col(&Post::created_at) - x >= -72h)
                      .count(),
                  1);
    });
}

TEST_F(ServerOnlyIntervals, TransactionTimeIsTheServersNow) {
    const std::vector<std::string> by_hand = titles_where("p.created_at > now() - interval '7 days'");
    EXPECT_THAT(by_hand, ElementsAre("Nanoseconds"));
    orm::run_transaction(*database, [&](orm::Session& session) {
        std::vector<std::string> seen;
        for (const Post* post :
             session.query<Post>().filter(col(&Post::created_at) > orm::transaction_time() - orm::days(7)).all()) {
            seen.push_back(post->title);
        }
        EXPECT_EQ(seen, by_hand);
        // now() is the transaction's start: two reads of it in one transaction agree.
        auto [first] = *session.query<Post>().select(orm::transaction_time()).first();
        auto [second] = *session.query<Post>().select(orm::transaction_time()).first();
        EXPECT_EQ(first, second);
    });
}

TEST_F(ServerOnlyIntervals, SelectTimestampMinusTimestampAsAnInterval) {
    const Rows by_hand = query_rows(*connection,
                                    "SELECT p.title, (p.created_at - u.joined_at)::text FROM posts p "
                                    "JOIN users u ON p.author_id = u.id WHERE p.slug <> 'nanoseconds' ORDER BY p.title",
                                    2);
    orm::run_transaction(*database, [&](orm::Session& session) {
        const auto rows = session.query<Post>()
                              .join<User>()
                              .filter(col(&Post::slug) != "nanoseconds")
                              .select(col(&Post::title), col(&Post::created_at) - col(&User::joined_at))
                              .order_by(col(&Post::title))
                              .all();
        ASSERT_EQ(rows.size(), by_hand.size());
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const auto& [title, since_joining] = rows[i];
            EXPECT_EQ(title, by_hand[i][0]);
            EXPECT_EQ(since_joining, interval_of(by_hand[i][1])) << title;
        }
        // PostgreSQL's timestamptz - timestamptz counts whole days, then the time of day.
        EXPECT_EQ(std::get<1>(rows[0]), (orm::interval{0, 1, 0us}));   // Compilers: 1 day after Grace joined
        EXPECT_EQ(std::get<1>(rows[1]), orm::interval{6h + 30min});    // Engines
        EXPECT_EQ(std::get<1>(rows[2]), (orm::interval{0, 19, 1us}));  // Notes on the engine
    });
}

TEST_F(ServerOnlyIntervals, OrderByAnIntervalExpression) {
    const std::vector<std::string> by_hand =
        titles_where("p.slug <> 'nanoseconds'", "(p.created_at - u.joined_at) DESC, p.title");
    EXPECT_THAT(by_hand, ElementsAre("Poetical science", "Notes on the engine", "Compilers", "Engines"));
    orm::run_transaction(*database, [&](orm::Session& session) {
        std::vector<std::string> seen;
        for (const auto& [title] : session.query<Post>()
                                       .join<User>()
                                       .filter(col(&Post::slug) != "nanoseconds")
                                       .select(col(&Post::title))
                                       .order_by(col(&Post::created_at) - col(&User::joined_at), orm::desc)
                                       .order_by(col(&Post::title))
                                       .all()) {
            seen.push_back(title);
        }
        EXPECT_EQ(seen, by_hand);
    });
}

TEST_F(ServerOnlyIntervals, ATimestampValueOnEitherSideIsCastToItsType) {
    // Without the cast PostgreSQL would resolve `$1 + length` and `created_at - $1` by guessing the parameter's type.
    const orm::timestamp joined = std::chrono::sys_days{std::chrono::year{2024} / 1 / 1};
    orm::run_transaction(*database, [&](orm::Session& session) {
        const auto rows = session.query<Post>()
                              .filter(col(&Post::slug) == "engines")
                              .select(col(&Post::created_at) - joined, col(&Post::created_at) - 30min,
                                      orm::interval{6h} + col(&Post::created_at))
                              .all();
        ASSERT_EQ(rows.size(), 1U);
        const auto& [since, earlier, later] = rows[0];
        EXPECT_EQ(since, orm::interval{6h + 30min});
        EXPECT_EQ(earlier, joined + 6h);
        EXPECT_EQ(later, joined + 12h + 30min);
    });
}

}  // namespace
