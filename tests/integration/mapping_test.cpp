// Every supported type written to and read back from the real server, keys filled in (reserved or generated before the
// INSERT), and values that do not fit reported as orm::MappingError naming table and column.
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <roachorm/models/account.hpp>
#include <roachorm/models/point.hpp>

#include "test_server.hpp"

namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

struct AllTypes {
    static constexpr std::string_view table_name = "all_types";
    std::int64_t id = 0;
    bool flag = false;
    std::int16_t small = 0;
    std::int32_t medium = 0;
    std::int64_t large = 0;
    float single = 0;
    double real = 0;
    std::string text{};
    orm::uuid reference{};
    orm::timestamp at{};
    orm::bytes blob{};
    orm::decimal amount{"0"};
    std::optional<bool> maybe_flag{};
    std::optional<std::int32_t> maybe_medium{};
    std::optional<double> maybe_real{};
    std::optional<std::string> maybe_text{};
    std::optional<orm::uuid> maybe_reference{};
    std::optional<orm::timestamp> maybe_at{};
    std::optional<orm::bytes> maybe_blob{};
};

bool same_value(double a, double b) {
    return (std::isnan(a) && std::isnan(b)) || a == b;
}
bool same_value(float a, float b) {
    return (std::isnan(a) && std::isnan(b)) || a == b;
}
template <class V>
bool same_value(const V& a, const V& b) {
    return a == b;
}
template <class V>
bool same_value(const std::optional<V>& a, const std::optional<V>& b) {
    return a.has_value() == b.has_value() && (!a || same_value(*a, *b));
}

// Field-by-field equality in which NaN equals NaN, so that a NaN round trip can be asserted.
template <orm::Model T>
void expect_equal_rows(const T& expected, const T& actual) {
    const auto expect_same_column = [&]<std::size_t I>(std::integral_constant<std::size_t, I>) {
        EXPECT_TRUE(same_value(boost::pfr::get<I>(expected), boost::pfr::get<I>(actual)))
            << "column " << orm::model_traits<T>::column_names[I];
    };
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        (expect_same_column(std::integral_constant<std::size_t, I>{}), ...);
    }
    (std::make_index_sequence<orm::model_traits<T>::column_count>{});
}

std::vector<AllTypes> rows_at_the_edges() {
    const auto bytes = [](std::initializer_list<int> values) {
        orm::bytes result;
        for (int value : values) {
            result.push_back(static_cast<std::byte>(value));
        }
        return result;
    };
    AllTypes lowest{.id = 1,
                    .flag = false,
                    .small = std::numeric_limits<std::int16_t>::min(),
                    .medium = std::numeric_limits<std::int32_t>::min(),
                    .large = std::numeric_limits<std::int64_t>::min(),
                    .single = -std::numeric_limits<float>::max(),
                    .real = std::numeric_limits<double>::lowest(),
                    .text = "",
                    .reference = orm::uuid{},
                    .at = orm::timestamp{orm::timestamp::duration{-30'610'224'000'000'000}},  // 1000-01-01
                    .blob = {},
                    .amount = {"-123456789012345678901234567890.123456789"}};
    AllTypes highest{
        .id = 2,
        .flag = true,
        .small = std::numeric_limits<std::int16_t>::max(),
        .medium = std::numeric_limits<std::int32_t>::max(),
        .large = std::numeric_limits<std::int64_t>::max(),
        .single = std::numeric_limits<float>::denorm_min(),
        .real = std::numeric_limits<double>::max(),
        .text = "naïve café — 日本語 — 🚀",
        .reference = orm::uuid::random(),
        .at = orm::timestamp{std::chrono::sys_days{std::chrono::year{9999} / 12 / 31}} + 23h + 59min + 59s + 999'999us,
        .blob = bytes({0, 1, 127, 128, 255}),
        .amount = {"0.000000000000000000001"},
        .maybe_flag = true,
        .maybe_medium = -1,
        .maybe_real = -0.0,
        .maybe_text = "",
        .maybe_reference = orm::uuid::random(),
        .maybe_at = orm::timestamp{} + 1us,
        .maybe_blob = orm::bytes{}};
    AllTypes special{.id = 3,
                     .single = std::numeric_limits<float>::infinity(),
                     .real = std::numeric_limits<double>::quiet_NaN(),
                     .text = "it's \"quoted\" \\ back\\slashed'); DROP TABLE accounts; --",
                     .maybe_real = -std::numeric_limits<double>::infinity(),
                     .maybe_text = "$1 :name ? %s {} \t\n\r"};
    return {lowest, highest, special};
}

class Mapping : public roachorm_test::ServerTest<AllTypes, models::Account, models::Point> {};

TEST_F(Mapping, EveryTypeRoundTripsAtItsExtremes) {
    std::vector<AllTypes> rows = rows_at_the_edges();
    orm::table::insert<AllTypes>(*connection, rows);

    // SQLite keeps a decimal as an INTEGER or a REAL (docs/dialects.md, datatype3.html §3): only its double value
    // survives there, so its amounts are compared as doubles and every other column exactly.
    const bool decimal_is_a_double = database->dialect().kind() == orm::DialectKind::sqlite;
    for (const AllTypes& expected : rows) {
        const std::optional<AllTypes> actual = orm::table::find<AllTypes>(*connection, expected.id);
        ASSERT_TRUE(actual.has_value()) << "row " << expected.id;
        if (decimal_is_a_double) {
            EXPECT_EQ(std::stod(actual->amount.text), std::stod(expected.amount.text)) << "row " << expected.id;
            AllTypes with_the_read_amount = expected;
            with_the_read_amount.amount = actual->amount;
            expect_equal_rows(with_the_read_amount, *actual);
        } else {
            expect_equal_rows(expected, *actual);
        }
    }
    EXPECT_EQ(orm::table::select_all<AllTypes>(*connection).size(), rows.size());
}

TEST_F(Mapping, SerialKeysComeFromTheServerAndEachObjectHasItsOwnRow) {
    std::vector<models::Point> points{{.x = 1}, {.x = 2}, {.x = 3}};
    orm::table::insert<models::Point>(*connection, points);

    for (const models::Point& point : points) {
        ASSERT_TRUE(point.id.is_assigned());
        const auto stored = orm::table::find<models::Point>(*connection, point.id);
        ASSERT_TRUE(stored.has_value());
        EXPECT_EQ(stored->x, point.x);
    }
    EXPECT_NE(points[0].id, points[1].id);
}

TEST_F(Mapping, NilUuidKeyIsGeneratedAndAGivenOneIsKept) {
    const orm::uuid chosen = orm::uuid::random();
    std::vector<models::Account> accounts{{.balance = 10}, {.id = chosen, .balance = 20}, {.balance = 30}};
    orm::table::insert<models::Account>(*connection, accounts);

    EXPECT_FALSE(accounts[0].id.is_nil());
    EXPECT_EQ(accounts[1].id, chosen);
    EXPECT_NE(accounts[0].id, accounts[2].id);
    for (const models::Account& account : accounts) {
        EXPECT_EQ(orm::table::find<models::Account>(*connection, account.id)->balance, account.balance);
    }
}

TEST_F(Mapping, InsertBeyondTheParameterLimitSplitsIntoStatementsAndFillsEveryKey) {
    const std::size_t per_statement =
        orm::sql::max_rows_per_write(connection->dialect(), orm::model_traits<models::Point>::table);
    std::vector<models::Point> points(per_statement + 10);
    for (std::size_t i = 0; i < points.size(); ++i) {
        points[i].x = static_cast<double>(i);
    }
    orm::table::insert<models::Point>(*connection, points);

    EXPECT_EQ(orm::table::select_all<models::Point>(*connection).size(), points.size());
    EXPECT_TRUE(std::all_of(points.begin(), points.end(), [](const auto& p) { return p.id.is_assigned(); }));
    const auto last = orm::table::find<models::Point>(*connection, points.back().id);
    ASSERT_TRUE(last.has_value());
    EXPECT_EQ(last->x, points.back().x);
}

TEST_F(Mapping, UpdateWritesOnlyTheGivenColumnsAndRemoveDeletes) {
    std::vector<models::Point> points{{.x = 1, .y = 2, .z = 3}};
    orm::table::insert<models::Point>(*connection, points);
    models::Point changed = points[0];
    changed.x = 10;
    changed.y = 20;  // not in the column set: stays 2 in the table
    EXPECT_EQ(orm::table::update(*connection, changed, orm::sql::ColumnMask{1} << 1), 1u);

    const auto stored = orm::table::find<models::Point>(*connection, points[0].id);
    EXPECT_EQ(stored->x, 10);
    EXPECT_EQ(stored->y, 2);
    EXPECT_EQ(orm::table::remove<models::Point>(*connection, points[0].id), 1u);
    EXPECT_FALSE(orm::table::find<models::Point>(*connection, points[0].id).has_value());
}

TEST_F(Mapping, StringWithNulByteIsRejectedBeforeAnythingIsSent) {
    std::vector<AllTypes> rows{{.id = 7, .text = std::string("before\0after", 12)}};
    try {
        orm::table::insert<AllTypes>(*connection, rows);
        FAIL() << "expected orm::MappingError";
    } catch (const orm::MappingError& error) {
        EXPECT_THAT(error.what(), HasSubstr("all_types.text"));
        EXPECT_THAT(error.what(), HasSubstr("NUL"));
    }
    EXPECT_TRUE(orm::table::select_all<AllTypes>(*connection).empty());
}

// Two models over one table, the second narrower than the first: what the live table holds does not fit it.
struct WideRow {
    static constexpr std::string_view table_name = "narrowing";
    std::int64_t id = 0;
    std::int64_t amount = 0;
    std::optional<std::string> note{};
};
struct NarrowRow {
    static constexpr std::string_view table_name = "narrowing";
    std::int64_t id = 0;
    std::int32_t amount = 0;
    std::string note;
};

class Narrowing : public roachorm_test::ServerTest<WideRow> {};

TEST_F(Narrowing, Int8ValueReadIntoInt32MemberIsAMappingErrorNamingTableAndColumn) {
    std::vector<WideRow> rows{{.id = 1, .amount = std::int64_t{1} << 40, .note = "x"}};
    orm::table::insert<WideRow>(*connection, rows);
    try {
        orm::table::find<NarrowRow>(*connection, 1);
        FAIL() << "expected orm::MappingError";
    } catch (const orm::MappingError& error) {
        EXPECT_THAT(error.what(), HasSubstr("narrowing.amount"));
    }
}

TEST_F(Narrowing, NullReadIntoNonOptionalMemberIsAMappingErrorNamingTableAndColumn) {
    std::vector<WideRow> rows{{.id = 2, .amount = 5}};
    orm::table::insert<WideRow>(*connection, rows);
    try {
        orm::table::find<NarrowRow>(*connection, 2);
        FAIL() << "expected orm::MappingError";
    } catch (const orm::MappingError& error) {
        EXPECT_THAT(error.what(), HasSubstr("narrowing.note"));
        EXPECT_THAT(error.what(), HasSubstr("NULL"));
    }
}

TEST_F(Narrowing, ValueThatFitsANarrowerMemberIsReadExactly) {
    std::vector<WideRow> rows{{.id = 3, .amount = -2'000'000'000, .note = "fits"}};
    orm::table::insert<WideRow>(*connection, rows);
    const auto row = orm::table::find<NarrowRow>(*connection, 3);
    ASSERT_TRUE(row.has_value());
    EXPECT_EQ(row->amount, -2'000'000'000);
    EXPECT_EQ(row->note, "fits");
}

}  // namespace

namespace {

// Table and column names that are reserved words or mixed case must be quoted to work at all.
struct Order {
    static constexpr std::string_view table_name = "order";
    static constexpr std::string_view primary_key = "number";
    std::int64_t number = 0;
    std::string user{};
    std::optional<std::int32_t> Select{};
};

class ReservedWords : public roachorm_test::ServerTest<Order> {};

TEST_F(ReservedWords, ReservedTableAndColumnNamesWorkForEveryStatement) {
    std::vector<Order> orders{{.number = 1, .user = "ann", .Select = 3}, {.number = 2, .user = "bob"}};
    orm::table::insert<Order>(*connection, orders);
    Order changed = orders[1];
    changed.Select = 9;
    EXPECT_EQ(orm::table::update(*connection, changed, orm::sql::ColumnMask{1} << 2), 1u);
    EXPECT_EQ(orm::table::find<Order>(*connection, 2)->Select, 9);
    EXPECT_EQ(orm::table::remove<Order>(*connection, 1), 1u);
    const auto remaining = orm::table::select_all<Order>(*connection);
    ASSERT_EQ(remaining.size(), 1u);
    EXPECT_EQ(remaining[0].user, "bob");
}

}  // namespace

namespace {

using ::testing::HasSubstr;

class WriteErrors : public roachorm_test::ServerTest<AllTypes> {};

TEST_F(WriteErrors, ValueItsTypeCannotWriteIsAMappingErrorNamingItsPlaceOnEveryWritePath) {
    const orm::timestamp past_9999 = orm::timestamp{std::chrono::sys_days{std::chrono::year{10000} / 1 / 1}};
    std::vector<AllTypes> rows{{.id = 1, .at = past_9999}};
    EXPECT_THROW(
        {
            try {
                orm::table::insert<AllTypes>(*connection, rows);
            } catch (const orm::MappingError& error) {
                EXPECT_THAT(error.what(), HasSubstr("column all_types.at"));
                throw;
            }
        },
        orm::MappingError);

    rows[0].at = orm::timestamp{};
    orm::table::insert<AllTypes>(*connection, rows);
    rows[0].at = past_9999;
    EXPECT_THROW(orm::table::update(*connection, rows[0], orm::sql::ColumnMask{1} << 9), orm::MappingError);

    try {
        orm::run_transaction(*database, [&](orm::Session& session) {
            session.execute("UPDATE all_types SET at = $2 WHERE id = $1", std::int64_t{1}, past_9999);
        });
        FAIL() << "expected orm::MappingError";
    } catch (const orm::MappingError& error) {
        EXPECT_THAT(error.what(), HasSubstr("parameter $2"));
    }
    EXPECT_EQ(orm::table::find<AllTypes>(*connection, 1)->at, orm::timestamp{});
}

}  // namespace
