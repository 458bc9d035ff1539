// orm::sql::Fragment (orm/sql/sql_fragment.hpp): fixed text, column references, bound values and value lists,
// parenthesized by structure, rendered per dialect with numbered placeholders. Values never enter the text. Dry.
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <roachorm/orm/core/error.hpp>
#include <roachorm/orm/sql/sql_fragment.hpp>

namespace {

using orm::sql::Fragment;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

// A column named like a reserved word, to see each dialect quote it.
struct Order {
    static constexpr std::string_view table_name = "order";
    std::int64_t id = 0;
    std::string user;
    std::optional<double> total;
};

const orm::dialect::Dialect& pg = orm::dialect::postgresql();
const orm::dialect::Dialect& crdb = orm::dialect::cockroachdb();
const orm::dialect::Dialect& sqlite = orm::dialect::sqlite();
const orm::TableInfo& orders = orm::model_traits<Order>::table;

struct Rendered {
    std::string sql;
    std::vector<orm::TextValue> values;
};

Rendered render(const Fragment& fragment, const orm::dialect::Dialect& dialect = pg, Rendered so_far = {}) {
    orm::sql::render(fragment, dialect, orm::sql::ColumnNaming::bare, so_far.sql, so_far.values);
    return so_far;
}

TEST(SqlFragment, AColumnIsReferencedByIndexAndQuotedByTheDialect) {
    EXPECT_EQ(render(Fragment::column(orders, 0)).sql, "id");
    EXPECT_EQ(render(Fragment::column(orders, 1)).sql, "\"user\"");
    EXPECT_EQ(render(Fragment::column(orders, 1), crdb).sql, "\"user\"");
    EXPECT_EQ(render(Fragment::column(orders, 2)).sql, "total");
    EXPECT_TRUE(render(Fragment::column(orders, 1)).values.empty());
    const Fragment total = Fragment::column(orders, 2);
    const auto& parts = total.parts();
    ASSERT_EQ(parts.size(), 1u);
    ASSERT_TRUE(std::holds_alternative<orm::sql::ColumnRef>(parts[0]));
    EXPECT_EQ(std::get<orm::sql::ColumnRef>(parts[0]).index, 2u);
}

TEST(SqlFragment, AValueIsAPlaceholderAndTravelsBesideTheText) {
    const Rendered rendered = render(Fragment::value(std::string("O'Brien; DROP TABLE x")));
    EXPECT_EQ(rendered.sql, "$1");
    EXPECT_THAT(rendered.values, ElementsAre("O'Brien; DROP TABLE x"));
    const Rendered null = render(Fragment::value(std::nullopt), crdb);
    EXPECT_EQ(null.sql, "$1");
    EXPECT_THAT(null.values, ElementsAre(std::nullopt));
}

TEST(SqlFragment, KeywordsAreFixedTextAndBindNothing) {
    const Rendered rendered = render(Fragment::keyword("NULL"));
    EXPECT_EQ(rendered.sql, "NULL");
    EXPECT_TRUE(rendered.values.empty());
}

TEST(SqlFragment, PlaceholdersContinueAfterTheValuesAlreadyBound) {
    const Fragment condition = Fragment::binary(Fragment::column(orders, 0), " = ", Fragment::value(std::string("5")));
    Rendered so_far{"SELECT id FROM \"order\" WHERE user = $1 AND ", {std::string("ada"), std::string("x")}};
    const Rendered rendered = render(condition, pg, so_far);
    EXPECT_EQ(rendered.sql, "SELECT id FROM \"order\" WHERE user = $1 AND id = $3");
    EXPECT_THAT(rendered.values, ElementsAre("ada", "x", "5"));
}

TEST(SqlFragment, ValuesAreNumberedInTheOrderTheyAppear) {
    const Fragment sum = Fragment::binary(Fragment::value(std::string("1")), " + ", Fragment::value(std::string("2")));
    const Fragment condition = Fragment::binary(sum, " < ", Fragment::value(std::string("3")));
    for (const auto* dialect : {&pg, &crdb}) {
        const Rendered rendered = render(condition, *dialect);
        EXPECT_EQ(rendered.sql, "($1 + $2) < $3");
        EXPECT_THAT(rendered.values, ElementsAre("1", "2", "3"));
    }
}

TEST(SqlFragment, AnOperandThatIsAnOperationIsParenthesizedAndALeafIsNot) {
    const Fragment leaf = Fragment::binary(Fragment::column(orders, 0), " > ", Fragment::value(std::string("1")));
    EXPECT_EQ(render(leaf).sql, "id > $1");
    const Fragment both = Fragment::binary(leaf, " AND ", Fragment::suffix(Fragment::column(orders, 2), " IS NULL"));
    EXPECT_EQ(render(both).sql, "(id > $1) AND (total IS NULL)");
    const Fragment negated = Fragment::prefix("NOT ", both);
    EXPECT_EQ(render(negated).sql, "NOT ((id > $1) AND (total IS NULL))");
    EXPECT_EQ(render(Fragment::prefix("NOT ", Fragment::column(orders, 1))).sql, "NOT \"user\"");
    EXPECT_EQ(render(Fragment::suffix(Fragment::column(orders, 1), " IS NOT NULL")).sql, "\"user\" IS NOT NULL");
}

TEST(SqlFragment, GroupingFollowsHowTheFragmentWasBuiltNotOperatorPrecedence) {
    // (a - b) - c and a - (b - c) differ; so do (a OR b) AND c and a OR (b AND c).
    const Fragment a = Fragment::column(orders, 0);
    const Fragment b = Fragment::value(std::string("2"));
    const Fragment c = Fragment::value(std::string("3"));
    EXPECT_EQ(render(Fragment::binary(Fragment::binary(a, " - ", b), " - ", c)).sql, "(id - $1) - $2");
    EXPECT_EQ(render(Fragment::binary(a, " - ", Fragment::binary(b, " - ", c))).sql, "id - ($1 - $2)");
    const Fragment p = Fragment::binary(a, " = ", b);
    const Fragment q = Fragment::binary(a, " = ", c);
    EXPECT_EQ(render(Fragment::binary(Fragment::binary(p, " OR ", q), " AND ", p)).sql,
              "((id = $1) OR (id = $2)) AND (id = $3)");
    EXPECT_EQ(render(Fragment::binary(p, " OR ", Fragment::binary(q, " AND ", p))).sql,
              "(id = $1) OR ((id = $2) AND (id = $3))");
}

TEST(SqlFragment, InListBindsOneArrayCastToTheDialectsTypeName) {
    const Fragment condition = Fragment::in_list(Fragment::column(orders, 0), {"1", "2"}, orm::SqlType::int64);
    const Rendered on_pg = render(condition, pg);
    EXPECT_EQ(on_pg.sql, "id = ANY($1::BIGINT[])");
    EXPECT_THAT(on_pg.values, ElementsAre(R"({"1","2"})"));
    EXPECT_EQ(render(condition, crdb).sql, "id = ANY($1::INT8[])");
    const Fragment empty = Fragment::in_list(Fragment::column(orders, 1), {}, orm::SqlType::text);
    EXPECT_EQ(render(empty, crdb).sql, "\"user\" = ANY($1::STRING[])");
    EXPECT_EQ(render(empty, pg).sql, "\"user\" = ANY($1::TEXT[])");
    EXPECT_THAT(render(empty, pg).values, ElementsAre("{}"));
}

TEST(SqlFragment, InListOnSQLiteBindsOneJsonArrayReadByJsonEach) {
    const Fragment condition = Fragment::in_list(Fragment::column(orders, 1), {"a\"b", "c\\d"}, orm::SqlType::text);
    const Rendered on_sqlite = render(condition, sqlite);
    EXPECT_EQ(on_sqlite.sql, "\"user\" IN (SELECT value FROM json_each(?1))");
    EXPECT_THAT(on_sqlite.values, ElementsAre(R"(["a\"b","c\\d"])"));
    EXPECT_THAT(render(Fragment::in_list(Fragment::column(orders, 0), {}, orm::SqlType::int64), sqlite).values,
                ElementsAre("[]"));
}

TEST(SqlFragment, PlaceholdersAreDollarNumbersOnTheServersAndQuestionNumbersOnSQLite) {
    const Fragment condition = Fragment::binary(Fragment::column(orders, 0), " = ", Fragment::value(std::string("7")));
    EXPECT_EQ(render(condition, pg).sql, "id = $1");
    EXPECT_EQ(render(condition, sqlite).sql, "id = ?1");
    EXPECT_EQ(render(condition, sqlite, render(condition, sqlite)).sql, "id = ?1id = ?2");
}

TEST(SqlFragment, ATypedValueIsOnePartCastByTheDialect) {
    const Fragment typed = Fragment::typed_value(std::string("5"), orm::SqlType::int64);
    EXPECT_EQ(typed.parts().size(), 1U);
    EXPECT_EQ(render(typed, pg).sql, "$1::BIGINT");
    EXPECT_EQ(render(typed, crdb).sql, "$1::INT8");
    EXPECT_EQ(render(typed, sqlite).sql, "CAST(?1 AS INTEGER)");
    EXPECT_THAT(render(typed, sqlite).values, ElementsAre("5"));
    EXPECT_THROW(render(Fragment::typed_value(std::string("1 day"), orm::SqlType::interval), sqlite), orm::Error);
}

TEST(SqlFragment, TemporalOperatorsTransactionTimeAndIlikeAreTheDialects) {
    const Fragment shifted = Fragment::temporal(Fragment::transaction_time(), " - ",
                                                Fragment::typed_value(std::string("7 days"), orm::SqlType::interval));
    EXPECT_EQ(render(shifted, pg).sql, "now() - $1::INTERVAL");
    EXPECT_THROW(render(shifted, sqlite), orm::Error);
    EXPECT_THROW(render(Fragment::transaction_time(), sqlite), orm::Error);
    const Fragment ilike = Fragment::like(Fragment::column(orders, 1), true, std::string("a%"));
    EXPECT_EQ(render(ilike, pg).sql, "\"user\" ILIKE $1");
    EXPECT_EQ(render(ilike, sqlite).sql, "\"user\" LIKE ?1");
    const Fragment like = Fragment::like(Fragment::column(orders, 1), false, std::string("a!%%"), " ESCAPE '!'");
    EXPECT_EQ(render(like, crdb).sql, "\"user\" LIKE $1 ESCAPE '!'");
}

TEST(SqlFragment, OneFragmentRendersForEitherDialectAndIsNotChangedByRendering) {
    const Fragment condition =
        Fragment::binary(Fragment::column(orders, 1), " <> ", Fragment::value(std::string("secret value")));
    const Rendered first = render(condition, crdb);
    const Rendered second = render(condition, pg);
    EXPECT_EQ(first.sql, second.sql);
    EXPECT_EQ(first.values, second.values);
    EXPECT_EQ(render(condition, crdb).sql, first.sql);  // rendering again gives the same
    for (const Rendered& rendered : {first, second}) {
        EXPECT_THAT(rendered.sql, Not(HasSubstr("secret")));
    }
}

}  // namespace
