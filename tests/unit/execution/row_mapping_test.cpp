// Objects to and from text rows (orm/execution/row_mapping.hpp): every built-in column type, optional members, keys,
// single columns, and the MappingErrors that name table and column (never the value). Dry: no server.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <roachorm/orm/core/error.hpp>
#include <roachorm/orm/execution/row_mapping.hpp>

namespace {

using namespace std::chrono_literals;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

struct Everything {
    static constexpr std::string_view table_name = "everything";
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
    orm::serial counter{};
    std::optional<std::int32_t> maybe_medium{};
    std::optional<std::string> maybe_text{};
};

// A key that is not the first column, so that leaving it out is visible.
struct Badge {
    static constexpr std::string_view table_name = "badges";
    static constexpr std::string_view primary_key = "code";
    std::string holder;
    std::int32_t code = 0;
    std::optional<double> score;
};

// The text forms of one Everything, as the server sends them and as roachorm writes them.
const std::vector<std::string> kEverythingText = {
    "-9223372036854775808",
    "t",
    "-32768",
    "2147483647",
    "9223372036854775807",
    "1.5",
    "-0.1",
    "it's \"quoted\" \\ and\nmultiline",
    "6f1c2a4e-9a57-4a6b-8d7e-3f0b5c1d2e3f",
    "2024-02-29 13:14:15.000120+00:00",
    "\\x00ff0a",
    "-12345678901234567890.000000000000000001",
    "42",
    "-7",
    "",
};

// Views into `texts`, which must outlive them.
std::vector<orm::TextView> views(const std::vector<orm::TextValue>& texts) {
    std::vector<orm::TextView> out;
    for (const orm::TextValue& text : texts) {
        out.push_back(text ? orm::TextView(*text) : orm::TextView());
    }
    return out;
}

std::vector<orm::TextValue> values(const std::vector<std::string>& texts) {
    return {texts.begin(), texts.end()};
}

// The message of the MappingError that `read` throws; fails the test when it throws nothing or something else.
template <class Read>
std::string mapping_error(Read read) {
    try {
        read();
    } catch (const orm::MappingError& error) {
        return error.what();
    } catch (const std::exception& error) {
        ADD_FAILURE() << "expected orm::MappingError, got: " << error.what();
        return {};
    }
    ADD_FAILURE() << "expected orm::MappingError, nothing was thrown";
    return {};
}

TEST(RowMapping, EveryBuiltInColumnTypeIsReadFromItsText) {
    const std::vector<orm::TextValue> texts = values(kEverythingText);
    const std::vector<orm::TextView> row = views(texts);
    const Everything object = orm::mapping::object_from_row<Everything>(row);
    EXPECT_EQ(object.id, INT64_MIN);
    EXPECT_TRUE(object.flag);
    EXPECT_EQ(object.small, -32768);
    EXPECT_EQ(object.medium, 2147483647);
    EXPECT_EQ(object.large, INT64_MAX);
    EXPECT_EQ(object.single, 1.5f);
    EXPECT_EQ(object.real, -0.1);
    EXPECT_EQ(object.text, "it's \"quoted\" \\ and\nmultiline");
    EXPECT_EQ(object.reference, orm::uuid::parse("6f1c2a4e-9a57-4a6b-8d7e-3f0b5c1d2e3f"));
    EXPECT_EQ(object.at,
              orm::timestamp{std::chrono::sys_days{std::chrono::year{2024} / 2 / 29}} + 13h + 14min + 15s + 120us);
    EXPECT_EQ(object.blob, (orm::bytes{std::byte{0x00}, std::byte{0xff}, std::byte{0x0a}}));
    EXPECT_EQ(object.amount.text, "-12345678901234567890.000000000000000001");
    EXPECT_EQ(object.counter, orm::serial{42});
    EXPECT_EQ(object.maybe_medium, -7);
    EXPECT_EQ(object.maybe_text, "");  // an empty string is a value, not NULL
}

TEST(RowMapping, EveryBuiltInColumnTypeRoundTripsThroughItsText) {
    const std::vector<orm::TextValue> texts = values(kEverythingText);
    const std::vector<orm::TextView> row = views(texts);
    const Everything object = orm::mapping::object_from_row<Everything>(row);
    std::vector<orm::TextValue> written;
    orm::mapping::append_row_values(object, written);
    EXPECT_EQ(written, values(kEverythingText));
    // And the text written reads back as the same object.
    const std::vector<orm::TextView> again = views(written);
    std::vector<orm::TextValue> rewritten;
    orm::mapping::append_row_values(orm::mapping::object_from_row<Everything>(again), rewritten);
    EXPECT_EQ(rewritten, written);
}

TEST(RowMapping, NullReadsAsAnEmptyOptionalAndAnEmptyOptionalWritesNull) {
    std::vector<orm::TextValue> texts = values(kEverythingText);
    texts[13] = std::nullopt;
    texts[14] = std::nullopt;
    const Everything object = orm::mapping::object_from_row<Everything>(views(texts));
    EXPECT_FALSE(object.maybe_medium.has_value());
    EXPECT_FALSE(object.maybe_text.has_value());
    std::vector<orm::TextValue> written;
    orm::mapping::append_row_values(object, written);
    ASSERT_EQ(written.size(), 15u);
    EXPECT_EQ(written[13], std::nullopt);
    EXPECT_EQ(written[14], std::nullopt);
}

TEST(RowMapping, AppendingAddsToWhatIsThereAndCanLeaveTheKeyOut) {
    const Badge badge{.holder = "ada", .code = 7, .score = 2.5};
    std::vector<orm::TextValue> written = {std::string("earlier")};
    orm::mapping::append_row_values(badge, written);
    EXPECT_THAT(written, ElementsAre("earlier", "ada", "7", "2.5"));
    written.clear();
    orm::mapping::append_row_values(badge, written, /*skipped=*/std::uint64_t{1} << 1);
    EXPECT_THAT(written, ElementsAre("ada", "2.5"));  // every column but `code`, the key
}

TEST(RowMapping, KeysAndSingleColumnsAreReadIntoTheirMembers) {
    Badge badge{.holder = "ada", .code = 1, .score = std::nullopt};
    EXPECT_EQ(orm::mapping::key_from_text<Badge>(orm::TextView("12")), 12);
    orm::mapping::set_key_from_text(badge, orm::TextView("34"));
    EXPECT_EQ(badge.code, 34);
    orm::mapping::set_column_from_text(badge, 2, orm::TextView("0.5"));
    EXPECT_EQ(badge.score, 0.5);
    orm::mapping::set_column_from_text(badge, 0, orm::TextView("grace"));
    EXPECT_EQ(badge.holder, "grace");
    orm::mapping::set_column_from_text(badge, 2, orm::TextView());
    EXPECT_FALSE(badge.score.has_value());
    EXPECT_EQ(badge.code, 34);  // only the named column changes
}

TEST(RowMapping, NullIntoANonOptionalMemberNamesTableAndColumn) {
    std::vector<orm::TextValue> texts = values(kEverythingText);
    texts[3] = std::nullopt;
    const std::string message = mapping_error([&] { orm::mapping::object_from_row<Everything>(views(texts)); });
    EXPECT_THAT(message, AllOf(HasSubstr("column everything.medium is NULL"), HasSubstr("std::optional")));
    EXPECT_THAT(mapping_error([] { orm::mapping::key_from_text<Badge>(orm::TextView()); }),
                HasSubstr("column badges.code is NULL"));
}

TEST(RowMapping, OutOfRangeNamesTableAndColumnButNotTheValue) {
    std::vector<orm::TextValue> texts = values(kEverythingText);
    texts[2] = std::string("32768");
    const std::string message = mapping_error([&] { orm::mapping::object_from_row<Everything>(views(texts)); });
    EXPECT_THAT(message, AllOf(HasSubstr("a value in column everything.small does not fit"), Not(HasSubstr("32768"))));
    texts = values(kEverythingText);
    texts[13] = std::string("2147483648");  // an optional member is checked too
    EXPECT_THAT(mapping_error([&] { orm::mapping::object_from_row<Everything>(views(texts)); }),
                AllOf(HasSubstr("column everything.maybe_medium does not fit"), Not(HasSubstr("2147483648"))));
}

TEST(RowMapping, MalformedTextNamesTableAndColumnButNotTheValue) {
    for (const std::size_t column : {1u, 4u, 6u, 8u, 9u, 10u, 11u, 12u}) {
        std::vector<orm::TextValue> texts = values(kEverythingText);
        texts[column] = std::string("garbage!");
        const std::string message = mapping_error([&] { orm::mapping::object_from_row<Everything>(views(texts)); });
        SCOPED_TRACE(message);
        EXPECT_THAT(message, HasSubstr(fmt::format("column everything.{} holds text its member's type cannot read",
                                                   orm::model_traits<Everything>::column_names[column])));
        EXPECT_THAT(message, Not(HasSubstr("garbage")));
    }
}

TEST(RowMapping, AResultColumnIsNamedByItsPosition) {
    EXPECT_EQ(orm::mapping::from_text<std::int64_t>(orm::TextView("5"), "raw query", orm::mapping::ResultColumn{2}), 5);
    EXPECT_THAT(mapping_error([] {
                    orm::mapping::from_text<std::int16_t>(orm::TextView("99999"), "raw query",
                                                          orm::mapping::ResultColumn{3});
                }),
                HasSubstr("column raw query.column 3 does not fit"));
    EXPECT_THAT(mapping_error(
                    [] { orm::mapping::from_text<bool>(orm::TextView(), "raw query", orm::mapping::ResultColumn{1}); }),
                HasSubstr("column raw query.column 1 is NULL"));
    EXPECT_EQ(orm::mapping::from_text<std::optional<bool>>(orm::TextView(), "raw query", orm::mapping::ResultColumn{1}),
              std::nullopt);
}

TEST(RowMapping, AValueItsTypeCannotWriteNamesItsPlaceButNotTheValue) {
    const std::string with_nul("secret\0value", 12);
    const std::string message =
        mapping_error([&] { orm::mapping::to_text(with_nul, orm::mapping::column_place<Everything>(7)); });
    EXPECT_THAT(message, AllOf(HasSubstr("cannot write column everything.text"), Not(HasSubstr("secret"))));
    EXPECT_THAT(mapping_error([&] {
                    orm::mapping::to_text(std::optional<std::string>(with_nul),
                                          orm::mapping::ValuePlace{.table = {}, .column = {}, .parameter = 2});
                }),
                AllOf(HasSubstr("cannot write parameter $2"), Not(HasSubstr("secret"))));
    EXPECT_THAT(
        mapping_error([] { orm::mapping::to_text(orm::decimal{"12abc"}, orm::mapping::column_place<Everything>(11)); }),
        HasSubstr("cannot write column everything.amount"));
}

TEST(RowMapping, WritingAnObjectNamesTheColumnThatCannotBeWritten) {
    const std::vector<orm::TextValue> texts = values(kEverythingText);
    const std::vector<orm::TextView> row = views(texts);
    Everything object = orm::mapping::object_from_row<Everything>(row);
    object.maybe_text = std::string("a\0b", 3);
    std::vector<orm::TextValue> written;
    EXPECT_THAT(mapping_error([&] { orm::mapping::append_row_values(object, written); }),
                HasSubstr("cannot write column everything.maybe_text"));
}

TEST(RowMapping, PlacesDescribeAColumnOrAParameter) {
    EXPECT_EQ(orm::mapping::column_place<Badge>(1).describe(), "column badges.code");
    EXPECT_EQ((orm::mapping::ValuePlace{.table = {}, .column = {}, .parameter = 4}).describe(), "parameter $4");
}

}  // namespace
