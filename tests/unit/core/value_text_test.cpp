// orm::text: the text wire forms of the built-in column types, in both directions.
#include <roachorm/orm/core/value_text.hpp>

#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

namespace {

using namespace std::chrono_literals;
using std::chrono::sys_days;
using namespace orm::text;

// The instant given by a UTC calendar date and time of day.
orm::timestamp utc(int y, unsigned m, unsigned d, std::chrono::microseconds time_of_day = 0us) {
    return sys_days{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}} + time_of_day;
}

std::string what_of_invalid_argument(const auto& call) {
    try {
        call();
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "(no std::invalid_argument thrown)";
}

// ---- bool -----------------------------------------------------------------------------------------------------------

TEST(TextBool, FormatsAsTAndF) {
    EXPECT_EQ(format_bool(true), "t");
    EXPECT_EQ(format_bool(false), "f");
}

TEST(TextBool, ParsesShortAndLongSpellingsInAnyCaseAndSQLitesIntegers) {
    for (const char* text : {"t", "T", "true", "TRUE", "True", "1"}) {
        EXPECT_TRUE(parse_bool(text)) << text;
    }
    for (const char* text : {"f", "F", "false", "FALSE", "False", "0"}) {
        EXPECT_FALSE(parse_bool(text)) << text;
    }
}

TEST(TextBool, RejectsOtherText) {
    for (const char* text : {"", "2", "-1", "01", "yes", "tru", "truee", " t", "t "}) {
        EXPECT_THROW(parse_bool(text), std::invalid_argument) << text;
    }
}

// ---- integers -------------------------------------------------------------------------------------------------------

TEST(TextInt, FormatsDecimalDigits) {
    EXPECT_EQ(format_int(0), "0");
    EXPECT_EQ(format_int(-42), "-42");
    EXPECT_EQ(format_int(std::numeric_limits<std::int64_t>::max()), "9223372036854775807");
    EXPECT_EQ(format_int(std::numeric_limits<std::int64_t>::min()), "-9223372036854775808");
}

TEST(TextInt, Int64RoundTripsExtremes) {
    for (const std::int64_t value : {std::numeric_limits<std::int64_t>::min(), std::int64_t{-1}, std::int64_t{0},
                                     std::int64_t{1}, std::numeric_limits<std::int64_t>::max()}) {
        EXPECT_EQ(parse_int64(format_int(value)), value);
    }
}

TEST(TextInt, Int32RoundTripsBounds) {
    EXPECT_EQ(parse_int32(format_int(std::numeric_limits<std::int32_t>::min())),
              std::numeric_limits<std::int32_t>::min());
    EXPECT_EQ(parse_int32(format_int(std::numeric_limits<std::int32_t>::max())),
              std::numeric_limits<std::int32_t>::max());
}

TEST(TextInt, Int16RoundTripsBounds) {
    EXPECT_EQ(parse_int16("-32768"), std::numeric_limits<std::int16_t>::min());
    EXPECT_EQ(parse_int16("32767"), std::numeric_limits<std::int16_t>::max());
}

TEST(TextInt, OnePastTheBoundsIsOutOfRange) {
    EXPECT_THROW(parse_int16("32768"), std::out_of_range);
    EXPECT_THROW(parse_int16("-32769"), std::out_of_range);
    EXPECT_THROW(parse_int16("70000"), std::out_of_range);
    EXPECT_THROW(parse_int32("2147483648"), std::out_of_range);
    EXPECT_THROW(parse_int32("-2147483649"), std::out_of_range);
    EXPECT_THROW(parse_int64("9223372036854775808"), std::out_of_range);
    EXPECT_THROW(parse_int64("-9223372036854775809"), std::out_of_range);
    EXPECT_THROW(parse_int64("99999999999999999999999"), std::out_of_range);
}

TEST(TextInt, RejectsEmptyGarbageAndTrailingCharacters) {
    for (const char* text : {"", "-", "abc", "12abc", "1.0", "1e3", " 1", "1 ", "0x10", "+1", "--1"}) {
        EXPECT_THROW(parse_int64(text), std::invalid_argument) << text;
        EXPECT_THROW(parse_int32(text), std::invalid_argument) << text;
        EXPECT_THROW(parse_int16(text), std::invalid_argument) << text;
    }
}

// The text is a bound parameter or a row's value: a message that may reach a log must not carry it.
TEST(TextInt, ErrorMessageNamesTheTypeButNeverTheValue) {
    const std::string message = what_of_invalid_argument([] { parse_int32("12abc"); });
    EXPECT_NE(message.find("int32"), std::string::npos) << message;
    EXPECT_EQ(message.find("12abc"), std::string::npos) << message;
}

// ---- floating point -------------------------------------------------------------------------------------------------

TEST(TextDouble, FormatsShortestRoundTripText) {
    EXPECT_EQ(format_double(0.1), "0.1");
    EXPECT_EQ(format_double(1.5), "1.5");
    EXPECT_EQ(format_double(-2.0), "-2");
    EXPECT_EQ(format_double(1e20), "1e+20");
}

TEST(TextDouble, RoundTripsExtremesExactly) {
    for (const double value :
         {std::numeric_limits<double>::max(), -std::numeric_limits<double>::max(), std::numeric_limits<double>::min(),
          std::numeric_limits<double>::denorm_min(), -std::numeric_limits<double>::denorm_min(),
          std::numeric_limits<double>::epsilon(), 0.1 + 0.2, 1.0 / 3.0, 0.0}) {
        EXPECT_EQ(parse_double(format_double(value)), value) << format_double(value);
    }
}

TEST(TextDouble, NegativeZeroRoundTripsWithItsSign) {
    EXPECT_EQ(format_double(-0.0), "-0");
    EXPECT_TRUE(std::signbit(parse_double(format_double(-0.0))));
}

TEST(TextDouble, SpecialValuesUseTheServerSpellings) {
    EXPECT_EQ(format_double(std::numeric_limits<double>::quiet_NaN()), "NaN");
    EXPECT_EQ(format_double(std::numeric_limits<double>::infinity()), "Infinity");
    EXPECT_EQ(format_double(-std::numeric_limits<double>::infinity()), "-Infinity");
}

TEST(TextDouble, ParsesSpecialValuesInEverySpelling) {
    EXPECT_TRUE(std::isnan(parse_double("NaN")));
    EXPECT_TRUE(std::isnan(parse_double("nan")));
    EXPECT_TRUE(std::isnan(parse_double("NAN")));
    EXPECT_EQ(parse_double("Infinity"), std::numeric_limits<double>::infinity());
    EXPECT_EQ(parse_double("-Infinity"), -std::numeric_limits<double>::infinity());
    EXPECT_EQ(parse_double("inf"), std::numeric_limits<double>::infinity());
    EXPECT_EQ(parse_double("-INF"), -std::numeric_limits<double>::infinity());
}

TEST(TextDouble, SpecialValuesRoundTrip) {
    EXPECT_TRUE(std::isnan(parse_double(format_double(std::numeric_limits<double>::quiet_NaN()))));
    EXPECT_EQ(parse_double(format_double(std::numeric_limits<double>::infinity())),
              std::numeric_limits<double>::infinity());
    EXPECT_EQ(parse_double(format_double(-std::numeric_limits<double>::infinity())),
              -std::numeric_limits<double>::infinity());
}

TEST(TextDouble, ParsesExponentForms) {
    EXPECT_EQ(parse_double("1e+20"), 1e20);
    EXPECT_EQ(parse_double("1.5E-3"), 1.5e-3);
    EXPECT_EQ(parse_double("-4.9406564584124654e-324"), -std::numeric_limits<double>::denorm_min());
}

TEST(TextDouble, ValuesBeyondDoubleAreOutOfRange) {
    EXPECT_THROW(parse_double("1e400"), std::out_of_range);
    EXPECT_THROW(parse_double("-1e400"), std::out_of_range);
    EXPECT_THROW(parse_double("1e-400"), std::out_of_range);
}

TEST(TextDouble, RejectsMalformedText) {
    for (const char* text : {"", "-", "abc", "1.5x", "1e", "1e+", " 1", "1 ", "0x1p3", "Infinityy", "+1"}) {
        EXPECT_THROW(parse_double(text), std::invalid_argument) << text;
    }
}

TEST(TextFloat, FormatsShortestFloatText) {
    EXPECT_EQ(format_float(0.1f), "0.1");
    EXPECT_EQ(format_float(-0.0f), "-0");
    EXPECT_EQ(format_float(std::numeric_limits<float>::quiet_NaN()), "NaN");
    EXPECT_EQ(format_float(std::numeric_limits<float>::infinity()), "Infinity");
    EXPECT_EQ(format_float(-std::numeric_limits<float>::infinity()), "-Infinity");
}

TEST(TextFloat, RoundTripsExtremesExactly) {
    for (const float value :
         {std::numeric_limits<float>::max(), std::numeric_limits<float>::lowest(), std::numeric_limits<float>::min(),
          std::numeric_limits<float>::denorm_min(), 0.1f, 1.0f / 3.0f}) {
        EXPECT_EQ(parse_float(format_float(value)), value) << format_float(value);
    }
    EXPECT_TRUE(std::signbit(parse_float(format_float(-0.0f))));
    EXPECT_TRUE(std::isnan(parse_float(format_float(std::numeric_limits<float>::quiet_NaN()))));
    EXPECT_EQ(parse_float("-Infinity"), -std::numeric_limits<float>::infinity());
}

TEST(TextFloat, FiniteValueOverflowingFloatIsOutOfRange) {
    EXPECT_THROW(parse_float("1e39"), std::out_of_range);
    EXPECT_THROW(parse_float("-1e39"), std::out_of_range);
    EXPECT_THROW(parse_float("1.7976931348623157e+308"), std::out_of_range);
}

TEST(TextFloat, NonzeroValueUnderflowingFloatIsOutOfRange) {
    EXPECT_THROW(parse_float("1e-50"), std::out_of_range);
}

TEST(TextFloat, RejectsMalformedText) {
    for (const char* text : {"", "x", "1.0f", "1,5"}) {
        EXPECT_THROW(parse_float(text), std::invalid_argument) << text;
    }
}

// ---- text -----------------------------------------------------------------------------------------------------------

TEST(TextCheck, ReturnsTheStringWithoutNul) {
    const std::string value = "h\xc3\xa9llo, world";
    EXPECT_EQ(&check_text(value), &value);
    const std::string empty;
    EXPECT_EQ(check_text(empty), "");
}

TEST(TextCheck, RejectsNulAndNamesItsOffset) {
    const std::string value("ab\0cd", 5);
    EXPECT_THROW(check_text(value), std::invalid_argument);
    EXPECT_EQ(
        what_of_invalid_argument([&] { check_text(value); }),
        "string contains a NUL byte at offset 2; PostgreSQL and CockroachDB text cannot store it: use orm::bytes");
}

TEST(TextCheck, RejectsNulAtTheStartAndEnd) {
    EXPECT_THROW(check_text(std::string(1, '\0')), std::invalid_argument);
    EXPECT_THROW(check_text(std::string("abc\0", 4)), std::invalid_argument);
}

// ---- uuid -----------------------------------------------------------------------------------------------------------

TEST(TextUuid, FormatsLowerCaseAndRoundTrips) {
    const orm::uuid id = parse_uuid("A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11");
    EXPECT_EQ(format_uuid(id), "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
    EXPECT_EQ(parse_uuid(format_uuid(id)), id);
}

TEST(TextUuid, RejectsMalformedText) {
    EXPECT_THROW(parse_uuid("a0eebc99"), std::invalid_argument);
}

// ---- timestamp ------------------------------------------------------------------------------------------------------

TEST(TextTimestamp, FormatsUtcWithSixFractionalDigits) {
    EXPECT_EQ(format_timestamp(utc(2024, 1, 2, 3h + 4min + 5s)), "2024-01-02 03:04:05.000000+00:00");
    EXPECT_EQ(format_timestamp(utc(2024, 1, 2, 3h + 4min + 5s + 120us)), "2024-01-02 03:04:05.000120+00:00");
    EXPECT_EQ(format_timestamp(orm::timestamp{}), "1970-01-01 00:00:00.000000+00:00");
}

TEST(TextTimestamp, FormatsInstantsBefore1970) {
    EXPECT_EQ(format_timestamp(orm::timestamp{-1us}), "1969-12-31 23:59:59.999999+00:00");
    EXPECT_EQ(format_timestamp(utc(1900, 2, 28, 23h + 59min + 59s + 500000us)), "1900-02-28 23:59:59.500000+00:00");
}

TEST(TextTimestamp, FormatsTheEndsOfTheRange) {
    EXPECT_EQ(format_timestamp(utc(1, 1, 1)), "0001-01-01 00:00:00.000000+00:00");
    EXPECT_EQ(format_timestamp(utc(9999, 12, 31, 23h + 59min + 59s + 999999us)), "9999-12-31 23:59:59.999999+00:00");
}

TEST(TextTimestamp, FormatRejectsYearsOutsideTheTextRange) {
    EXPECT_THROW(format_timestamp(utc(1, 1, 1) - 1us), std::out_of_range);
    EXPECT_THROW(format_timestamp(utc(10000, 1, 1)), std::out_of_range);
    EXPECT_THROW(format_timestamp(orm::timestamp::min()), std::out_of_range);
    EXPECT_THROW(format_timestamp(orm::timestamp::max()), std::out_of_range);
}

TEST(TextTimestamp, RoundTripsAcrossTheRange) {
    for (const orm::timestamp value :
         {utc(1, 1, 1), utc(1969, 12, 31, 23h + 59min + 59s + 999999us), orm::timestamp{}, orm::timestamp{1us},
          utc(2000, 2, 29, 12h), utc(2024, 6, 30, 1h + 2min + 3s + 456789us),
          utc(9999, 12, 31, 23h + 59min + 59s + 999999us)}) {
        EXPECT_EQ(parse_timestamp(format_timestamp(value)), value) << format_timestamp(value);
    }
}

TEST(TextTimestamp, ParsesHourOnlyOffset) {
    EXPECT_EQ(parse_timestamp("2024-01-02 03:04:05+00"), utc(2024, 1, 2, 3h + 4min + 5s));
    EXPECT_EQ(parse_timestamp("1999-12-31 23:59:59.123456-08"), utc(2000, 1, 1, 7h + 59min + 59s + 123456us));
    EXPECT_EQ(parse_timestamp("2024-01-02 03:04:05+01"), utc(2024, 1, 2, 2h + 4min + 5s));
}

TEST(TextTimestamp, ParsesHoursAndMinutesOffsetWithAndWithoutColon) {
    const orm::timestamp expected = utc(2024, 1, 1, 21h + 34min + 5s + 500000us);
    EXPECT_EQ(parse_timestamp("2024-01-02 03:04:05.5+05:30"), expected);
    EXPECT_EQ(parse_timestamp("2024-01-02 03:04:05.5+0530"), expected);
    EXPECT_EQ(parse_timestamp("2024-01-01 12:04:05.5-09:30"), expected);
}

TEST(TextTimestamp, ParsesOffsetWithSecondsForHistoricZones) {
    // Amsterdam before 1937 was UTC+00:19:32 and PostgreSQL writes that offset in full.
    EXPECT_EQ(parse_timestamp("1900-01-01 00:00:00+00:19:32"), utc(1899, 12, 31, 23h + 40min + 28s));
    EXPECT_EQ(parse_timestamp("1880-01-01 12:00:00-04:56:02"), utc(1880, 1, 1, 16h + 56min + 2s));
}

TEST(TextTimestamp, ParsesZuluAndTSeparator) {
    const orm::timestamp expected = utc(2024, 1, 2, 3h + 4min + 5s);
    EXPECT_EQ(parse_timestamp("2024-01-02T03:04:05Z"), expected);
    EXPECT_EQ(parse_timestamp("2024-01-02 03:04:05Z"), expected);
    EXPECT_EQ(parse_timestamp("2024-01-02T03:04:05+00:00"), expected);
}

TEST(TextTimestamp, ParsesOneToSixFractionalDigits) {
    const orm::timestamp second = utc(2024, 1, 2, 3h + 4min + 5s);
    EXPECT_EQ(parse_timestamp("2024-01-02 03:04:05.1+00"), second + 100000us);
    EXPECT_EQ(parse_timestamp("2024-01-02 03:04:05.12+00"), second + 120000us);
    EXPECT_EQ(parse_timestamp("2024-01-02 03:04:05.123+00"), second + 123000us);
    EXPECT_EQ(parse_timestamp("2024-01-02 03:04:05.1234+00"), second + 123400us);
    EXPECT_EQ(parse_timestamp("2024-01-02 03:04:05.12345+00"), second + 123450us);
    EXPECT_EQ(parse_timestamp("2024-01-02 03:04:05.123456+00"), second + 123456us);
    EXPECT_EQ(parse_timestamp("2024-01-02 03:04:05.000001+00"), second + 1us);
}

TEST(TextTimestamp, ParsesInstantsBefore1970) {
    EXPECT_EQ(parse_timestamp("1969-12-31 23:59:59.999999+00"), orm::timestamp{-1us});
    EXPECT_EQ(parse_timestamp("1969-12-31 19:00:00-05"), orm::timestamp{});
    EXPECT_EQ(parse_timestamp("1901-12-13 20:45:52.5+00"), orm::timestamp{-2147483647500000us});
    EXPECT_EQ(parse_timestamp("0001-01-01 00:00:00+00"), utc(1, 1, 1));
}

TEST(TextTimestamp, OffsetCanCrossDayMonthAndYearBoundaries) {
    EXPECT_EQ(parse_timestamp("2024-12-31 23:30:00-01"), utc(2025, 1, 1, 30min));
    EXPECT_EQ(parse_timestamp("2024-03-01 00:15:00+01"), utc(2024, 2, 29, 23h + 15min));
}

TEST(TextTimestamp, InfinityBcAndFiveDigitYearsAreOutOfRange) {
    for (const char* text :
         {"infinity", "-infinity", "Infinity", "0044-03-15 12:00:00+00 BC", "0001-12-31 23:59:59.999999+00 BC",
          "10000-01-01 00:00:00+00", "294276-12-31 23:59:59.999999+00"}) {
        EXPECT_THROW(parse_timestamp(text), std::out_of_range) << text;
    }
}

TEST(TextTimestamp, OutOfRangeMessageSaysItDoesNotFit) {
    try {
        parse_timestamp("infinity");
        FAIL() << "expected std::out_of_range";
    } catch (const std::out_of_range& e) {
        EXPECT_NE(std::string(e.what()).find("does not fit orm::timestamp"), std::string::npos) << e.what();
    }
}

TEST(TextTimestamp, InstantsOutsideYears1To9999UtcAreOutOfRange) {
    EXPECT_THROW(parse_timestamp("0000-12-31 23:59:59+00"), std::out_of_range);
    EXPECT_THROW(parse_timestamp("0001-01-01 00:00:00+01"), std::out_of_range);
    EXPECT_THROW(parse_timestamp("9999-12-31 23:00:00-01"), std::out_of_range);
}

TEST(TextTimestamp, RejectsMalformedDatesAndTimes) {
    for (const char* text : {"",
                             "2024-01-02",
                             "2024-01-02 03:04",
                             "2024-01-02 03:04:05",  // no offset: not TIMESTAMPTZ output
                             "24-01-02 03:04:05+00",
                             "2024/01/02 03:04:05+00",
                             "2024-1-02 03:04:05+00",
                             "2024-01-02_03:04:05+00",
                             "2024-13-01 03:04:05+00",
                             "2024-00-01 03:04:05+00",
                             "2023-02-29 03:04:05+00",
                             "2024-04-31 03:04:05+00",
                             "2024-01-00 03:04:05+00",
                             "2024-01-02 24:00:00+00",
                             "2024-01-02 03:60:05+00",
                             "2024-01-02 03:04:60+00",
                             "2024-01-02 3:04:05+00",
                             "2024-01-02 03:04:05.+00",
                             "2024-01-02 03:04:05.1234567+00",
                             "2024-01-02 03:04:05,5+00",
                             "2024-01-02 03:04:05+00 ",
                             " 2024-01-02 03:04:05+00",
                             "2024-01-02 03:04:05 UTC",
                             "abcd-01-02 03:04:05+00"}) {
        EXPECT_THROW(parse_timestamp(text), std::invalid_argument) << text;
    }
}

TEST(TextTimestamp, RejectsMalformedOffsets) {
    for (const char* text : {"2024-01-02 03:04:05+", "2024-01-02 03:04:05+5", "2024-01-02 03:04:05+05:",
                             "2024-01-02 03:04:05+05:3", "2024-01-02 03:04:05+053", "2024-01-02 03:04:05+05:60",
                             "2024-01-02 03:04:05+24", "2024-01-02 03:04:05+05:30:", "2024-01-02 03:04:05+05:30:60",
                             "2024-01-02 03:04:05+05:3000", "2024-01-02 03:04:05+0530:00",
                             "2024-01-02 03:04:05+05:30:00:00", "2024-01-02 03:04:05z", "2024-01-02 03:04:05Z+00"}) {
        EXPECT_THROW(parse_timestamp(text), std::invalid_argument) << text;
    }
}

// ---- interval -------------------------------------------------------------------------------------------------------

TEST(TextInterval, FormatsEveryPartWithItsSign) {
    EXPECT_EQ(format_interval(orm::interval{14, -3, 14'706'789'000us}), "+14 mons -3 days +14706789000 microseconds");
    EXPECT_EQ(format_interval(orm::interval{}), "+0 mons +0 days +0 microseconds");
    EXPECT_EQ(format_interval(orm::interval{-1, 0, -1us}), "-1 mons +0 days -1 microseconds");
}

TEST(TextInterval, ParsesThePostgresStyleOutput) {
    EXPECT_EQ(parse_interval("1 year 2 mons -3 days +04:05:06.789"), (orm::interval{14, -3, 14'706'789'000us}));
    EXPECT_EQ(parse_interval("00:00:00"), orm::interval{});
    EXPECT_EQ(parse_interval("1 day"), orm::days(1));
    EXPECT_EQ(parse_interval("7 days"), orm::days(7));
    EXPECT_EQ(parse_interval("1 mon"), orm::months(1));
    EXPECT_EQ(parse_interval("2 years"), orm::years(2));
    EXPECT_EQ(parse_interval("-1 years -2 mons"), (orm::interval{-14, 0, 0us}));
    EXPECT_EQ(parse_interval("36:00:00"), orm::interval{36h});
    EXPECT_EQ(parse_interval("-00:00:00.000001"), orm::interval{-1us});
    EXPECT_EQ(parse_interval("00:00:00.5"), orm::interval{500ms});
    EXPECT_EQ(parse_interval("-1 days +02:03:04"), (orm::interval{0, -1, 2h + 3min + 4s}));
    EXPECT_EQ(parse_interval("3 days -04:05:06.123456"), (orm::interval{0, 3, -(4h + 5min + 6s + 123456us)}));
    EXPECT_EQ(parse_interval("2562047788:00:54.775807"), orm::interval{std::chrono::microseconds::max()});
}

TEST(TextInterval, RoundTripsThroughTheServersOwnWords) {
    // What the servers print for the value we wrote, read back: the parts never mix.
    EXPECT_EQ(parse_interval("1 year 2 mons -3 days +04:05:06.789"),
              (orm::interval{1 * 12 + 2, -3, 4h + 5min + 6s + 789ms}));
}

TEST(TextInterval, ReadsBackItsOwnFormAsSQLiteKeepsIt) {
    for (const orm::interval value : {orm::interval{14, -3, 14'706'789'000us}, orm::interval{}, orm::interval{-1us},
                                      orm::interval{std::chrono::microseconds::max()}}) {
        EXPECT_EQ(parse_interval(format_interval(value)), value) << format_interval(value);
    }
    EXPECT_THROW(parse_interval("+1 microseconds +1 days"), std::invalid_argument);
}

TEST(TextInterval, ConstructsFromChronoDurationsByCalendarUnit) {
    EXPECT_EQ(orm::interval{36h}, (orm::interval{0, 0, 36h}));
    EXPECT_EQ(orm::interval{std::chrono::days{7}}, orm::days(7));
    EXPECT_EQ(orm::interval{std::chrono::weeks{2}}, orm::days(14));
    EXPECT_EQ(orm::interval{std::chrono::months{1}}, orm::months(1));
    EXPECT_EQ(orm::interval{std::chrono::years{1}}, orm::months(12));
    EXPECT_NE(orm::days(1), orm::interval{24h});  // as stored: 1 day and 24 hours are different intervals
}

TEST(TextInterval, RejectsMalformedTextWithoutQuotingIt) {
    for (const char* text : {"",
                             " ",
                             "1",
                             "1 fortnight",
                             "days 1",
                             "1 day 1 day",
                             "1 day 2 mons",
                             "1  day",
                             " 1 day",
                             "1 day ",
                             "04:05",
                             "4:5:6",
                             "04:60:00",
                             "04:05:60",
                             "04:05:06.",
                             "04:05:06.1234567",
                             "04:05:06 1 day",
                             "+-1 day",
                             "1.5 days",
                             "P1Y2M3DT4H5M6S",
                             "@ 1 day"}) {
        EXPECT_THROW(parse_interval(text), std::invalid_argument) << text;
    }
    const std::string message = what_of_invalid_argument([] { parse_interval("1 fortnight"); });
    EXPECT_NE(message.find("not a valid interval"), std::string::npos) << message;
    EXPECT_EQ(message.find("fortnight"), std::string::npos) << message;
}

TEST(TextInterval, PartsBeyondTheirWidthAreOutOfRange) {
    EXPECT_THROW(parse_interval("2147483648 days"), std::out_of_range);
    EXPECT_THROW(parse_interval("178956971 years"), std::out_of_range);
    EXPECT_THROW(parse_interval("2562047789:00:00"), std::out_of_range);
    EXPECT_THROW(parse_interval("99999999999999999999 days"), std::out_of_range);
}

// ---- bytes ----------------------------------------------------------------------------------------------------------

TEST(TextBytes, FormatsLowerCaseHexWithPrefix) {
    EXPECT_EQ(format_bytes({}), "\\x");
    EXPECT_EQ(format_bytes({std::byte{0x0a}, std::byte{0x1b}, std::byte{0xff}, std::byte{0x00}}), "\\x0a1bff00");
}

TEST(TextBytes, RoundTripsEveryByteValue) {
    orm::bytes all;
    for (int i = 0; i < 256; ++i) {
        all.push_back(static_cast<std::byte>(i));
    }
    EXPECT_EQ(parse_bytes(format_bytes(all)), all);
    EXPECT_EQ(parse_bytes("\\x"), orm::bytes{});
}

TEST(TextBytes, ParsesUpperCaseHex) {
    EXPECT_EQ(parse_bytes("\\xDEADbeef"),
              (orm::bytes{std::byte{0xde}, std::byte{0xad}, std::byte{0xbe}, std::byte{0xef}}));
}

TEST(TextBytes, RejectsOddLengthNonHexAndMissingPrefix) {
    for (const char* text :
         {"", "\\", "\\x0", "\\x0a1", "\\x0g", "\\xzz", "0a1b", "x0a1b", "\\X0a1b", "\\x0a 1b", "abc\\000"}) {
        EXPECT_THROW(parse_bytes(text), std::invalid_argument) << text;
    }
}

// ---- decimal --------------------------------------------------------------------------------------------------------

TEST(TextDecimal, AcceptsEveryNumericForm) {
    for (const char* text : {"0", "-0", "+7", "12345.6789", "-12345.6789", ".5", "-.5", "+.5", "1e10", "1E10", "1.5e-3",
                             "-1.5E+3", ".5e2", "00012.3400", "99999999999999999999999999999999999999.000001"}) {
        EXPECT_EQ(format_decimal(orm::decimal{text}), text);
        EXPECT_EQ(parse_decimal(text), orm::decimal{text});
    }
}

TEST(TextDecimal, AcceptsTheSpecialValuesTheServersWrite) {
    for (const char* text : {"NaN", "nan", "Infinity", "-Infinity", "+Infinity", "inf", "-inf"}) {
        EXPECT_EQ(format_decimal(orm::decimal{text}), text);
        EXPECT_EQ(parse_decimal(text), orm::decimal{text});
    }
}

TEST(TextDecimal, RejectsMalformedTextWithoutQuotingIt) {
    for (const char* text :
         {"",   "+",  "-",    ".",     "1.",  "-1.", "1.2.3", "1e",   "1e+",  "e5",        ".e5",  "1,5",
          "1 ", " 1", "0x10", "12abc", "--1", "+-1", "1e5.5", "-NaN", "NaN1", "Infinityy", "1_000"}) {
        EXPECT_THROW(format_decimal(orm::decimal{text}), std::invalid_argument) << text;
        EXPECT_THROW(parse_decimal(text), std::invalid_argument) << text;
    }
    const std::string message = what_of_invalid_argument([] { format_decimal(orm::decimal{"12abc"}); });
    EXPECT_NE(message.find("decimal"), std::string::npos) << message;
    EXPECT_EQ(message.find("12abc"), std::string::npos) << message;
}

}  // namespace
