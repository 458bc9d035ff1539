// Timestamp and interval arithmetic (orm/session/expression.hpp): the type each pairing yields, its text in both
// dialects with every bound value cast to its own type, and orm::transaction_time(). Dry: no server.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <roachorm/models/blog.hpp>
#include <roachorm/orm/session/expression.hpp>
#include <roachorm/orm/sql/query_sql.hpp>
#include <roachorm/orm/sql/statements.hpp>

// The positive control of the timestamp compile-fail tests: this file compiling proves that they fail for their bad
// line only.
#include "../../compile_fail/temporal_control.hpp"

namespace {

using namespace std::chrono_literals;
using orm::col;
using ::testing::ElementsAre;

struct Event {
    static constexpr std::string_view table_name = "events";
    orm::serial id{};
    orm::timestamp starts_at{};
    std::optional<orm::timestamp> ends_at{};
    orm::interval length{};
    std::optional<orm::interval> grace{};
    std::int32_t repeats = 0;
    double factor = 0;
    std::string name;
};

struct Rendered {
    std::string sql;
    std::vector<orm::TextValue> values;
};

template <class E>
Rendered render(const E& expression, const orm::dialect::Dialect& dialect) {
    Rendered rendered;
    orm::sql::render(expression.fragment(), dialect, orm::sql::ColumnNaming::bare, rendered.sql, rendered.values);
    return rendered;
}

const orm::dialect::Dialect& pg = orm::dialect::postgresql();
const orm::dialect::Dialect& crdb = orm::dialect::cockroachdb();

// ---- the types each pairing yields ----

template <class E>
using value_of = typename E::value_type;

static_assert(std::is_same_v<decltype(col(&Event::starts_at) + orm::days(1)), orm::Expr<Event, orm::timestamp>>);
static_assert(std::is_same_v<decltype(col(&Event::starts_at) - 36h), orm::Expr<Event, orm::timestamp>>);
static_assert(std::is_same_v<decltype(orm::months(1) + col(&Event::starts_at)), orm::Expr<Event, orm::timestamp>>);
static_assert(std::is_same_v<decltype(col(&Event::starts_at) + col(&Event::length)), orm::Expr<Event, orm::timestamp>>);
static_assert(
    std::is_same_v<decltype(col(&Event::starts_at) - col(&Event::starts_at)), orm::Expr<Event, orm::interval>>);
static_assert(std::is_same_v<decltype(col(&Event::length) + 1min), orm::Expr<Event, orm::interval>>);
static_assert(std::is_same_v<decltype(col(&Event::length) - col(&Event::length)), orm::Expr<Event, orm::interval>>);
static_assert(std::is_same_v<decltype(col(&Event::length) * 2), orm::Expr<Event, orm::interval>>);
static_assert(std::is_same_v<decltype(0.5 * col(&Event::length)), orm::Expr<Event, orm::interval>>);
static_assert(std::is_same_v<decltype(col(&Event::length) / col(&Event::repeats)), orm::Expr<Event, orm::interval>>);
// A NULL on either side gives NULL, as in numeric arithmetic.
static_assert(
    std::is_same_v<decltype(col(&Event::ends_at) - col(&Event::starts_at)), orm::Expr<Event, orm::interval, true>>);
static_assert(
    std::is_same_v<decltype(col(&Event::starts_at) + col(&Event::grace)), orm::Expr<Event, orm::timestamp, true>>);
// Comparisons of like with like.
static_assert(
    std::is_same_v<decltype(col(&Event::starts_at) > orm::transaction_time() - orm::days(7)), orm::Condition<Event>>);
static_assert(std::is_same_v<decltype(col(&Event::length) < 90min), orm::Condition<Event>>);
static_assert(std::is_same_v<decltype(col(&Event::ends_at) - col(&Event::starts_at) >= col(&Event::length)),
                             orm::Condition<Event>>);
static_assert(std::is_same_v<decltype(orm::transaction_time()), orm::Expr<orm::detail::models<>, orm::timestamp>>);

// ---- the text, with each value cast to its own type ----

TEST(TemporalExpression, TimestampPlusOrMinusAnIntervalValueCastsTheValue) {
    const Rendered plus = render(col(&Event::starts_at) + orm::days(7), pg);
    EXPECT_EQ(plus.sql, "starts_at + $1::INTERVAL");
    EXPECT_THAT(plus.values, ElementsAre("+0 mons +7 days +0 microseconds"));
    // The case the cast exists for: PostgreSQL would take a bare `starts_at - $1` for timestamptz - timestamptz.
    const Rendered minus = render(col(&Event::starts_at) - 90min, pg);
    EXPECT_EQ(minus.sql, "starts_at - $1::INTERVAL");
    EXPECT_THAT(minus.values, ElementsAre("+0 mons +0 days +5400000000 microseconds"));
    EXPECT_EQ(render(col(&Event::starts_at) - orm::months(1), crdb).sql, "starts_at - $1::INTERVAL");
}

TEST(TemporalExpression, IntervalPlusATimestampValueCastsTheTimestamp) {
    const orm::timestamp noon = std::chrono::sys_days{std::chrono::year{2024} / 3 / 1} + 12h;
    const Rendered rendered = render(col(&Event::length) + noon, pg);
    EXPECT_EQ(rendered.sql, "length + $1::TIMESTAMPTZ");
    EXPECT_THAT(rendered.values, ElementsAre("2024-03-01 12:00:00.000000+00:00"));
    EXPECT_EQ(render(col(&Event::length) + noon, crdb).sql, "length + $1::TIMESTAMPTZ");
}

TEST(TemporalExpression, TimestampMinusATimestampValueCastsTheTimestamp) {
    const orm::timestamp epoch{};
    EXPECT_EQ(render(col(&Event::starts_at) - epoch, pg).sql, "starts_at - $1::TIMESTAMPTZ");
    EXPECT_EQ(render(epoch - col(&Event::starts_at), crdb).sql, "$1::TIMESTAMPTZ - starts_at");
}

TEST(TemporalExpression, ColumnsMeetWithoutParameters) {
    EXPECT_EQ(render(col(&Event::ends_at) - col(&Event::starts_at), pg).sql, "ends_at - starts_at");
    EXPECT_EQ(render(col(&Event::starts_at) + col(&Event::length), crdb).sql, "starts_at + length");
    EXPECT_EQ(render(col(&Event::length) / col(&Event::repeats), pg).sql, "length / repeats");
}

TEST(TemporalExpression, AnIntervalTimesOrOverANumberCastsTheNumberInEachDialect) {
    const Rendered times = render(col(&Event::length) * 3, pg);
    EXPECT_EQ(times.sql, "length * $1::BIGINT");
    EXPECT_THAT(times.values, ElementsAre("3"));
    EXPECT_EQ(render(col(&Event::length) * 3, crdb).sql, "length * $1::INT8");
    const Rendered half = render(col(&Event::length) / 2.0, pg);
    EXPECT_EQ(half.sql, "length / $1::DOUBLE PRECISION");
    EXPECT_THAT(half.values, ElementsAre("2"));
    EXPECT_EQ(render(0.5 * col(&Event::length), crdb).sql, "$1::FLOAT8 * length");
}

TEST(TemporalExpression, AnIntervalPlusAnIntervalValue) {
    const Rendered rendered = render(col(&Event::length) + orm::interval{-1, 2, -3us}, crdb);
    EXPECT_EQ(rendered.sql, "length + $1::INTERVAL");
    EXPECT_THAT(rendered.values, ElementsAre("-1 mons +2 days -3 microseconds"));
}

TEST(TemporalExpression, ComparisonsBindTheirValueAsForAnyColumn) {
    // A comparison's parameter takes the other side's type on both servers, as every comparison already relies on.
    const Rendered rendered = render(col(&Event::length) < 90min, pg);
    EXPECT_EQ(rendered.sql, "length < $1");
    EXPECT_THAT(rendered.values, ElementsAre("+0 mons +0 days +5400000000 microseconds"));
    EXPECT_EQ(render(col(&Event::ends_at) - col(&Event::starts_at) > orm::days(1), crdb).sql,
              "(ends_at - starts_at) > $1");
}

TEST(TemporalExpression, TransactionTimeIsNow) {
    EXPECT_EQ(render(orm::transaction_time(), pg).sql, "now()");
    const Rendered recent = render(col(&Event::starts_at) > orm::transaction_time() - orm::days(7), crdb);
    EXPECT_EQ(recent.sql, "starts_at > (now() - $1::INTERVAL)");
    EXPECT_THAT(recent.values, ElementsAre("+0 mons +7 days +0 microseconds"));
}

TEST(TemporalExpression, AWholeQueryInBothDialects) {
    using models::blog::Post;
    orm::sql::QueryClauses clauses;
    clauses.filters.push_back((col(&Post::created_at) > orm::transaction_time() - orm::days(7)).fragment());
    clauses.order.push_back({(orm::transaction_time() - col(&Post::created_at)).fragment(), orm::desc, std::nullopt});
    for (const orm::dialect::Dialect* dialect : {&pg, &crdb}) {
        const orm::sql::Statement statement =
            orm::sql::select(*dialect, orm::model_traits<Post>::table, clauses, orm::sql::SelectShape::rows);
        EXPECT_EQ(statement.text,
                  "SELECT id, author_id, slug, title, body, status, created_at FROM posts "
                  "WHERE created_at > (now() - $1::INTERVAL) ORDER BY now() - created_at DESC");
        EXPECT_THAT(statement.values, ElementsAre("+0 mons +7 days +0 microseconds"));
        // Query runs the text memoized per shape: the cast is part of the shape.
        EXPECT_EQ(orm::statements<Post>(*dialect).select(clauses, orm::sql::SelectShape::rows), statement.text);
    }
}

TEST(TemporalExpression, ACastValueAndAPlainValueAreDifferentShapes) {
    using models::blog::Post;
    orm::sql::QueryClauses plain;
    plain.filters.push_back(orm::sql::Fragment::value("x"));
    orm::sql::QueryClauses cast;
    cast.filters.push_back(orm::sql::Fragment::typed_value("x", orm::SqlType::interval));
    const std::string plain_text = orm::statements<Post>(pg).select(plain, orm::sql::SelectShape::rows);
    const std::string cast_text = orm::statements<Post>(pg).select(cast, orm::sql::SelectShape::rows);
    EXPECT_THAT(plain_text, ::testing::EndsWith("WHERE $1"));
    EXPECT_THAT(cast_text, ::testing::EndsWith("WHERE $1::INTERVAL"));
}

}  // namespace
