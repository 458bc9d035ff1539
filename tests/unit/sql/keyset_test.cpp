// Golden text of keyset pagination conditions (Query::after) in both dialects, and the orderings it refuses.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <roachorm/orm/session/expression.hpp>
#include <roachorm/orm/sql/keyset.hpp>
#include <roachorm/orm/sql/query_sql.hpp>

namespace {

using orm::col;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

struct Event {
    static constexpr std::string_view table_name = "events";
    std::int64_t id = 0;
    std::int64_t created_at = 0;
    std::optional<std::int32_t> score;
    std::string name;
};

// A model a query of Event could join.
struct Tag {
    static constexpr std::string_view table_name = "tags";
    std::int64_t id = 0;
};

const orm::TableInfo& events = orm::model_traits<Event>::table;

// The row (id 7, created_at 100, no score, name "x") by column index.
const std::vector<orm::TextValue> row{"7", "100", std::nullopt, "x"};

orm::sql::Ordering ordering(std::size_t column, orm::sql::Direction direction) {
    return {orm::sql::Fragment::column(events, column), direction, column};
}

orm::sql::Statement page(const orm::dialect::Dialect& dialect, std::vector<orm::sql::Ordering> order) {
    orm::sql::QueryClauses clauses;
    clauses.filters.push_back((col(&Event::name) != std::string("y")).fragment());
    clauses.filters.push_back(orm::sql::rows_after(events, order, row));
    clauses.order = std::move(order);
    clauses.limit = 50;
    return orm::sql::select(dialect, events, clauses, orm::sql::SelectShape::rows);
}

TEST(Keyset, NewestFirstThenKeyIsTheNextPageWithoutOffset) {
    for (const auto* dialect : {&orm::dialect::postgresql(), &orm::dialect::cockroachdb()}) {
        const auto statement = page(*dialect, {ordering(1, orm::desc), ordering(0, orm::desc)});
        EXPECT_EQ(statement.text,
                  "SELECT id, created_at, score, name FROM events WHERE (name <> $1) AND ((created_at < $2) OR "
                  "((created_at = $3) AND (id < $4))) ORDER BY created_at DESC, id DESC LIMIT $5");
        EXPECT_THAT(statement.values, ElementsAre("y", "100", "100", "7", "50"));
    }
}

TEST(Keyset, EachDirectionComparesItsOwnWayAndOneColumnIsOneComparison) {
    const auto& pg = orm::dialect::postgresql();
    EXPECT_EQ(page(pg, {ordering(3, orm::asc), ordering(1, orm::desc), ordering(0, orm::asc)}).text,
              "SELECT id, created_at, score, name FROM events WHERE (name <> $1) AND (((name > $2) OR ((name = $3) "
              "AND (created_at < $4))) OR (((name = $5) AND (created_at = $6)) AND (id > $7))) ORDER BY name ASC, "
              "created_at DESC, id ASC LIMIT $8");
    EXPECT_EQ(page(pg, {ordering(0, orm::asc)}).text,
              "SELECT id, created_at, score, name FROM events WHERE (name <> $1) AND (id > $2) ORDER BY id ASC "
              "LIMIT $3");
}

TEST(Keyset, RefusesNoOrderAnExpressionOrANullableColumn) {
    const auto refusal = [](std::vector<orm::sql::Ordering> order) {
        try {
            orm::sql::rows_after(events, order, row);
        } catch (const orm::Error& error) {
            return std::string(error.what());
        }
        return std::string("no error");
    };
    EXPECT_THAT(refusal({}), HasSubstr("has no order_by"));
    const std::string not_a_column =
        "order_by number 2 is not a column of events (it is an expression, or a "
        "joined model's column)";
    EXPECT_THAT(refusal({ordering(0, orm::asc), {(col(&Event::id) + 1).fragment(), orm::asc, std::nullopt}}),
                HasSubstr(not_a_column));
    // A joined model's column is recorded without an index of T's (ClauseBuilder::order_by), whatever its table.
    EXPECT_THAT(refusal({ordering(0, orm::asc), {col(&Tag::id).fragment(), orm::asc, std::nullopt}}),
                HasSubstr(not_a_column));
    EXPECT_THAT(refusal({ordering(2, orm::asc)}), HasSubstr("column score is nullable"));
}

}  // namespace
