// Typed expressions (orm/session/expression.hpp): the C++ type each operator yields, the Fragment it builds (its
// grouping, its column references, its bound values in the value's own type) and the errors of values that cannot be
// bound. Rendering whole queries is query_sql_test's; here each expression is rendered on its own. Dry: no server.
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <roachorm/orm/core/error.hpp>
#include <roachorm/orm/session/aggregates.hpp>
#include <roachorm/orm/session/expression.hpp>

namespace {

using orm::col;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

struct Item {
    static constexpr std::string_view table_name = "items";
    orm::serial id{};
    std::int32_t count = 0;
    double price = 0;
    std::string name;
    std::optional<std::int64_t> stock;
    bool active = false;
};

struct Rendered {
    std::string sql;
    std::vector<orm::TextValue> values;
};

template <class E>
Rendered render(const E& expression, const orm::dialect::Dialect& dialect = orm::dialect::postgresql()) {
    Rendered rendered;
    orm::sql::render(expression.fragment(), dialect, orm::sql::ColumnNaming::bare, rendered.sql, rendered.values);
    return rendered;
}

// ---- the types expressions carry ----

using CountColumn = decltype(col(&Item::count));
using StockColumn = decltype(col(&Item::stock));
static_assert(std::is_same_v<CountColumn, orm::Column<Item, std::int32_t>>);
static_assert(std::is_same_v<StockColumn::value_type, std::int64_t>);  // a nullable column yields its value type
static_assert(std::is_same_v<decltype(col(&Item::count) == 1), orm::Condition<Item>>);
static_assert(std::is_same_v<decltype(2 > col(&Item::price)), orm::Condition<Item>>);
static_assert(std::is_same_v<decltype(col(&Item::count) + 1), orm::Expr<Item, std::int32_t>>);
static_assert(std::is_same_v<decltype(1.5 * col(&Item::price)), orm::Expr<Item, double>>);
static_assert(std::is_same_v<decltype(col(&Item::count) == 1 && col(&Item::active)), orm::Condition<Item>>);
static_assert(std::is_same_v<decltype(!(col(&Item::count) == 1)), orm::Condition<Item>>);
static_assert(std::is_same_v<decltype(col(&Item::stock).is_null()), orm::Condition<Item>>);
static_assert(std::is_same_v<decltype(col(&Item::name).in(std::vector<std::string>{})), orm::Condition<Item>>);
// Integers of any width for integer columns, any number for floating point, anything string-like for text.
static_assert(orm::detail::accepts_value<std::int32_t, std::int64_t> &&
              orm::detail::accepts_value<std::int32_t, std::uint8_t>);
static_assert(!orm::detail::accepts_value<std::int32_t, double> && !orm::detail::accepts_value<std::int32_t, bool>);
static_assert(orm::detail::accepts_value<double, int> && !orm::detail::accepts_value<double, bool>);
static_assert(orm::detail::accepts_value<std::string, const char*> &&
              orm::detail::accepts_value<std::string, std::string_view>);
static_assert(!orm::detail::accepts_value<std::string, int> && !orm::detail::accepts_value<bool, int>);

TEST(Expression, AColumnIsFoundByItsMemberPointer) {
    EXPECT_EQ(col(&Item::id).index(), 0u);
    EXPECT_EQ(col(&Item::count).index(), 1u);
    EXPECT_EQ(col(&Item::active).index(), 5u);
    EXPECT_EQ(render(col(&Item::name)).sql, "name");
    EXPECT_EQ(col(&Item::price).place().describe(), "column items.price");
}

// ---- comparisons ----

TEST(Expression, EachComparisonBindsItsValueAsAParameter) {
    EXPECT_EQ(render(col(&Item::count) == 3).sql, "count = $1");
    EXPECT_EQ(render(col(&Item::count) != 3).sql, "count <> $1");
    EXPECT_EQ(render(col(&Item::count) < 3).sql, "count < $1");
    EXPECT_EQ(render(col(&Item::count) <= 3).sql, "count <= $1");
    EXPECT_EQ(render(col(&Item::count) > 3).sql, "count > $1");
    EXPECT_EQ(render(col(&Item::count) >= 3).sql, "count >= $1");
    EXPECT_THAT(render(col(&Item::count) >= 3).values, ElementsAre("3"));
}

TEST(Expression, AValueOnTheLeftStaysOnTheLeft) {
    const Rendered rendered = render(10 <= col(&Item::count));
    EXPECT_EQ(rendered.sql, "$1 <= count");
    EXPECT_THAT(rendered.values, ElementsAre("10"));
}

TEST(Expression, TwoColumnsCompareWithoutParameters) {
    const Rendered rendered = render(col(&Item::count) < col(&Item::stock));
    EXPECT_EQ(rendered.sql, "count < stock");
    EXPECT_TRUE(rendered.values.empty());
}

TEST(Expression, ValuesAreBoundInTheirOwnTypeAndNeverEnterTheText) {
    EXPECT_THAT(render(col(&Item::count) == std::int64_t{5'000'000'000}).values, ElementsAre("5000000000"));
    EXPECT_THAT(render(col(&Item::price) == 0.1).values, ElementsAre("0.1"));
    EXPECT_THAT(render(col(&Item::price) == 2).values, ElementsAre("2"));
    EXPECT_THAT(render(col(&Item::active) == true).values, ElementsAre("t"));
    EXPECT_THAT(render(col(&Item::id) == orm::serial{42}).values, ElementsAre("42"));
    const Rendered text = render(col(&Item::name) == "x' OR '1'='1");
    EXPECT_EQ(text.sql, "name = $1");
    EXPECT_THAT(text.values, ElementsAre("x' OR '1'='1"));
    EXPECT_THAT(render(col(&Item::name) == std::string_view("view")).values, ElementsAre("view"));
}

TEST(Expression, AnIntegerBeyondSixtyFourBitsIsAMappingErrorNamingTheColumn) {
    try {
        (void)(col(&Item::stock) == std::numeric_limits<std::uint64_t>::max());
        FAIL() << "expected orm::MappingError";
    } catch (const orm::MappingError& error) {
        EXPECT_THAT(error.what(), HasSubstr("cannot write column items.stock"));
        EXPECT_THAT(error.what(), Not(HasSubstr("18446744073709551615")));
    }
    EXPECT_THAT(render(col(&Item::stock) == std::numeric_limits<std::int64_t>::max()).values,
                ElementsAre("9223372036854775807"));
}

TEST(Expression, AStringWithANulIsAMappingErrorNamingTheColumn) {
    try {
        (void)(col(&Item::name) == std::string("a\0b", 3));
        FAIL() << "expected orm::MappingError";
    } catch (const orm::MappingError& error) {
        EXPECT_THAT(error.what(), HasSubstr("cannot write column items.name"));
    }
}

// ---- arithmetic and grouping ----

TEST(Expression, ArithmeticIsAnOperandThatGetsParenthesized) {
    EXPECT_EQ(render(col(&Item::count) + 1).sql, "count + $1");
    EXPECT_EQ(render(col(&Item::count) - 1).sql, "count - $1");
    EXPECT_EQ(render(col(&Item::count) * 2).sql, "count * $1");
    EXPECT_EQ(render(col(&Item::count) / 2).sql, "count / $1");
    EXPECT_EQ(render(col(&Item::count) + 1 > 5).sql, "(count + $1) > $2");
    EXPECT_EQ(render(col(&Item::price) * (col(&Item::price) + 1)).sql, "price * (price + $1)");
    EXPECT_EQ(render((col(&Item::price) * col(&Item::price)) + 1).sql, "(price * price) + $1");
}

TEST(Expression, DividingIntegersTruncatesOnBothServers) {
    // CockroachDB's "/" of two integers is a DECIMAL; its "//" truncates as PostgreSQL's "/" does.
    EXPECT_EQ(render(col(&Item::count) / 2, orm::dialect::postgresql()).sql, "count / $1");
    EXPECT_EQ(render(col(&Item::count) / 2, orm::dialect::cockroachdb()).sql, "count // $1");
    EXPECT_EQ(render(col(&Item::stock) / col(&Item::count), orm::dialect::cockroachdb()).sql, "stock // count");
    // Any other division is "/" on both.
    EXPECT_EQ(render(col(&Item::price) / 2, orm::dialect::cockroachdb()).sql, "price / $1");
    EXPECT_EQ(render(orm::sum(col(&Item::count)) / 2, orm::dialect::cockroachdb()).sql, "sum(count) / $1");
}

// Numbers of different kinds compare on both servers; in arithmetic, an integer and a decimal give a decimal, and
// two integers the wider type.
static_assert(std::is_same_v<decltype(orm::sum(col(&Item::count)) > 10), orm::Condition<Item>>);
static_assert(std::is_same_v<decltype(orm::avg(col(&Item::count)) <= 2.5), orm::Condition<Item>>);
static_assert(std::is_same_v<decltype(col(&Item::count) > orm::avg(col(&Item::count))), orm::Condition<Item>>);
static_assert(std::is_same_v<decltype(col(&Item::count) < col(&Item::price)), orm::Condition<Item>>);
static_assert(
    std::is_same_v<decltype(col(&Item::count) + orm::sum(col(&Item::count))), orm::Expr<Item, orm::decimal, true>>);
static_assert(std::is_same_v<decltype(col(&Item::count) * col(&Item::stock)), orm::Expr<Item, std::int64_t, true>>);

TEST(Expression, ADecimalComparesWithAnIntegerOrAFloatingPointValueBoundAsItsOwnText) {
    const Rendered total = render(orm::sum(col(&Item::count)) > 10);
    EXPECT_EQ(total.sql, "sum(count) > $1");
    EXPECT_THAT(total.values, ElementsAre("10"));
    EXPECT_THAT(render(orm::avg(col(&Item::count)) <= 2.5).values, ElementsAre("2.5"));
}

TEST(Expression, CppGroupingDecidesTheTextsGroupingAndTheTextStatesIt) {
    // C++ binds * before + and == before ||; the text spells the grouping out, so the server's rules never matter.
    EXPECT_EQ(render(col(&Item::count) + col(&Item::count) * 2).sql, "count + (count * $1)");
    const auto condition = col(&Item::count) == 1 || (col(&Item::count) == 2 && col(&Item::active));
    EXPECT_EQ(render(condition).sql, "(count = $1) OR ((count = $2) AND active)");
    EXPECT_THAT(render(condition).values, ElementsAre("1", "2"));
}

// ---- logic ----

TEST(Expression, AndOrNotCombineConditions) {
    const Rendered both = render(col(&Item::count) > 1 && col(&Item::name) == "a");
    EXPECT_EQ(both.sql, "(count > $1) AND (name = $2)");
    EXPECT_THAT(both.values, ElementsAre("1", "a"));
    EXPECT_EQ(render(col(&Item::count) > 1 || col(&Item::active)).sql, "(count > $1) OR active");
    EXPECT_EQ(render(!(col(&Item::count) > 1)).sql, "NOT (count > $1)");
    EXPECT_EQ(render(!(col(&Item::count) > 1 || col(&Item::active))).sql, "NOT ((count > $1) OR active)");
}

TEST(Expression, NullTests) {
    EXPECT_EQ(render(col(&Item::stock).is_null()).sql, "stock IS NULL");
    EXPECT_EQ(render(col(&Item::stock).is_not_null()).sql, "stock IS NOT NULL");
    EXPECT_EQ(render(col(&Item::stock).is_null() || col(&Item::stock) == 0).sql, "(stock IS NULL) OR (stock = $1)");
    EXPECT_TRUE(render(col(&Item::stock).is_null()).values.empty());
}

// ---- in ----

TEST(Expression, InBindsOneArrayOfTheColumnsType) {
    const std::vector<std::int64_t> counts{3, -1};
    const Rendered on_pg = render(col(&Item::count).in(counts));
    EXPECT_EQ(on_pg.sql, "count = ANY($1::INTEGER[])");
    EXPECT_THAT(on_pg.values, ElementsAre(R"({"3","-1"})"));
    EXPECT_EQ(render(col(&Item::count).in(counts), orm::dialect::cockroachdb()).sql, "count = ANY($1::INT4[])");
    EXPECT_THAT(render(col(&Item::count).in(std::vector<int>{})).values, ElementsAre("{}"));
    const Rendered names = render(col(&Item::name).in(std::vector<std::string>{"a\"b", "c\\d", "NULL"}));
    EXPECT_THAT(names.values, ElementsAre(R"({"a\"b","c\\d","NULL"})"));
    EXPECT_EQ(render(col(&Item::count).in(counts) && col(&Item::active)).sql,
              "(count = ANY($1::INTEGER[])) AND active");
}

TEST(Expression, InOfAValueThatCannotBeBoundIsAMappingError) {
    const std::vector<std::uint64_t> counts{1, std::numeric_limits<std::uint64_t>::max()};
    EXPECT_THROW((void)col(&Item::count).in(counts), orm::MappingError);
}

// ---- assignments of a bulk update ----

TEST(Expression, SetAssignsAValueAnExpressionOrNull) {
    const orm::Assignment<Item> value = orm::set(&Item::count, 7);
    EXPECT_EQ(value.assignment.column, 1u);
    EXPECT_THAT(render(orm::Expr<Item, std::int32_t>(value.assignment.value)).values, ElementsAre("7"));
    const orm::Assignment<Item> expression = orm::set(&Item::price, col(&Item::price) * 1.1);
    EXPECT_EQ(expression.assignment.column, 2u);
    EXPECT_EQ(render(orm::Expr<Item, double>(expression.assignment.value)).sql, "price * $1");
    const orm::Assignment<Item> null = orm::set(&Item::stock, std::nullopt);
    EXPECT_EQ(render(orm::Expr<Item, std::int64_t>(null.assignment.value)).sql, "NULL");
    EXPECT_EQ(render(orm::Expr<Item, std::int64_t>(orm::set(&Item::stock, std::optional<int>()).assignment.value)).sql,
              "NULL");
    const Rendered some =
        render(orm::Expr<Item, std::int64_t>(orm::set(&Item::stock, std::optional<int>(4)).assignment.value));
    EXPECT_EQ(some.sql, "$1");
    EXPECT_THAT(some.values, ElementsAre("4"));
}

}  // namespace
