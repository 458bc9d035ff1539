// The text wire format of the built-in column types, as PostgreSQL 15 and CockroachDB write and accept them.
#include <roachorm/orm/core/value_text.hpp>

#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include <fmt/format.h>

namespace orm::text {

using std::chrono::day;
using std::chrono::days;
using std::chrono::floor;
using std::chrono::hh_mm_ss;
using std::chrono::hours;
using std::chrono::January;
using std::chrono::microseconds;
using std::chrono::minutes;
using std::chrono::month;
using std::chrono::seconds;
using std::chrono::sys_days;
using std::chrono::year;
using std::chrono::year_month_day;

namespace {

// Messages never quote the text: it is a bound parameter or a row's value, and neither may reach a log.
[[noreturn]] void throw_malformed(std::string_view text, std::string_view type_name, std::string_view expected) {
    throw std::invalid_argument(
        fmt::format("a {}-character text is not a valid {}: expected {}", text.size(), type_name, expected));
}

char ascii_lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// Case-insensitive comparison against a lower-case literal.
bool iequals(std::string_view text, std::string_view lower) {
    if (text.size() != lower.size()) {
        return false;
    }
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (ascii_lower(text[i]) != lower[i]) {
            return false;
        }
    }
    return true;
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// Parses the whole of `text` as a T with std::from_chars, which (unlike strtol/strtod) ignores the locale and
// neither skips whitespace nor accepts a leading '+': the servers never write either.
template <typename T>
T parse_number(std::string_view text, std::string_view type_name, std::string_view expected) {
    T value{};
    const char* const end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec == std::errc::result_out_of_range) {
        throw std::out_of_range(fmt::format("a value is out of range for {}", type_name));
    }
    if (ec != std::errc{} || ptr != end) {
        throw_malformed(text, type_name, expected);
    }
    return value;
}

template <typename T>
T parse_integer(std::string_view text, std::string_view type_name) {
    return parse_number<T>(text, type_name, "an optional '-' followed by decimal digits");
}

// Shortest text that reads back as the same value; the special values use the servers' spellings, since
// std::to_chars would write "nan"/"inf", and "-0" keeps the sign of negative zero.
template <typename T>
std::string format_floating(T value) {
    if (std::isnan(value)) {
        return "NaN";
    }
    if (std::isinf(value)) {
        return value > 0 ? "Infinity" : "-Infinity";
    }
    std::array<char, 64> buffer{};
    const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    return std::string(buffer.data(), result.ptr);
}

// from_chars already reads "NaN", "Infinity", "-Infinity", "inf" and "nan" in any case.
template <typename T>
T parse_floating(std::string_view text, std::string_view type_name) {
    return parse_number<T>(text, type_name, "a decimal number, NaN, Infinity or -Infinity");
}

// ---- timestamp -----------------------------------------------------------------------------------------------

constexpr std::string_view timestamp_name = "timestamp";
constexpr std::string_view timestamp_shape =
    "YYYY-MM-DD HH:MM:SS[.ffffff] followed by Z or a UTC offset (+HH[:MM[:SS]])";
constexpr int max_fraction_digits = 6;  // the servers keep microseconds

// The instants whose text form is "0001-01-01 00:00:00+00:00" .. "9999-12-31 23:59:59.999999+00:00". Wider years
// need a fifth digit or " BC", which this format does not write, so both directions reject them.
constexpr timestamp earliest_timestamp{sys_days{year{1} / January / 1}};
constexpr timestamp latest_timestamp{sys_days{year{10000} / January / 1} - microseconds{1}};

[[noreturn]] void throw_timestamp_range(std::string_view what) {
    throw std::out_of_range(fmt::format("{} does not fit orm::timestamp, which covers years 0001 to 9999 UTC", what));
}

// Reads a fixed-width run of ASCII digits and the separators between them; any mismatch is a malformed timestamp.
class timestamp_reader {
public:
    explicit timestamp_reader(std::string_view text) : text_(text) {}

    bool at_end() const { return pos_ == text_.size(); }
    bool next_is(char c) const { return pos_ < text_.size() && text_[pos_] == c; }
    bool next_is_digit() const { return pos_ < text_.size() && is_digit(text_[pos_]); }

    bool consume(char c) {
        if (!next_is(c)) {
            return false;
        }
        ++pos_;
        return true;
    }

    void expect(char c) {
        if (!consume(c)) {
            fail();
        }
    }

    char take() {
        if (at_end()) {
            fail();
        }
        return text_[pos_++];
    }

    int digits(int count) {
        int value = 0;
        for (int i = 0; i < count; ++i) {
            if (!next_is_digit()) {
                fail();
            }
            value = value * 10 + (text_[pos_++] - '0');
        }
        return value;
    }

    // A two-digit field that must lie in [0, max].
    int field(int max) {
        const int value = digits(2);
        if (value > max) {
            fail();
        }
        return value;
    }

    [[noreturn]] void fail() const { throw_malformed(text_, timestamp_name, timestamp_shape); }

private:
    std::string_view text_;
    std::size_t pos_ = 0;
};

// ".5" is half a second: scale the 1..6 digits up to microseconds.
microseconds read_fraction(timestamp_reader& reader) {
    if (!reader.consume('.')) {
        return microseconds{0};
    }
    int digit_count = 0;
    microseconds::rep value = 0;
    while (reader.next_is_digit()) {
        if (++digit_count > max_fraction_digits) {
            reader.fail();
        }
        value = value * 10 + (reader.take() - '0');
    }
    if (digit_count == 0) {
        reader.fail();
    }
    for (int i = digit_count; i < max_fraction_digits; ++i) {
        value *= 10;
    }
    return microseconds{value};
}

// "Z", "+HH", "+HH:MM", "+HHMM" or "+HH:MM:SS" (PostgreSQL writes seconds for historic local mean time zones).
seconds read_utc_offset(timestamp_reader& reader) {
    if (reader.consume('Z')) {
        return seconds{0};
    }
    const char sign = reader.take();
    if (sign != '+' && sign != '-') {
        reader.fail();
    }
    seconds offset = hours{reader.field(23)};
    if (!reader.at_end()) {
        // The separator is either ':' everywhere or nowhere, as in ISO 8601's extended and basic forms.
        const bool extended = reader.consume(':');
        offset += minutes{reader.field(59)};
        if (!reader.at_end()) {
            if (extended) {
                reader.expect(':');
            }
            offset += seconds{reader.field(59)};
        }
    }
    return sign == '-' ? -offset : offset;
}

// The server writes "infinity", "-infinity", five-digit years and " BC" for values outside years 0001..9999; those
// are real values that orm::timestamp cannot hold (out_of_range), not malformed text (invalid_argument).
void reject_unrepresentable(std::string_view text) {
    if (iequals(text, "infinity") || iequals(text, "-infinity")) {
        throw_timestamp_range("a timestamp");
    }
    if (text.size() >= 3 && iequals(text.substr(text.size() - 3), " bc")) {
        throw_timestamp_range("a timestamp before Christ");
    }
    std::size_t year_digits = 0;
    while (year_digits < text.size() && is_digit(text[year_digits])) {
        ++year_digits;
    }
    if (year_digits > 4 && year_digits < text.size() && text[year_digits] == '-') {
        throw_timestamp_range("a timestamp after the year 9999");
    }
}

bool in_timestamp_range(timestamp value) {
    return value >= earliest_timestamp && value <= latest_timestamp;
}

// ---- interval -----------------------------------------------------------------------------------------------------

constexpr std::string_view interval_name = "interval";
constexpr std::string_view interval_shape =
    "the 'postgres' IntervalStyle: [N year[s]] [N mon[s]] [N day[s]] [[+-]H:MM:SS[.ffffff]], or 00:00:00";

[[noreturn]] void fail_interval(std::string_view text) {
    throw_malformed(text, interval_name, interval_shape);
}

// A signed decimal integer that must fit in int64 (the servers write at most one sign).
std::int64_t read_signed(std::string_view word, std::string_view text) {
    std::string_view digits = word;
    bool negative = false;
    if (!digits.empty() && (digits.front() == '+' || digits.front() == '-')) {
        negative = digits.front() == '-';
        digits.remove_prefix(1);
    }
    if (digits.empty()) {
        fail_interval(text);
    }
    std::uint64_t magnitude = 0;
    for (const char c : digits) {
        if (!is_digit(c)) {
            fail_interval(text);
        }
        if (magnitude > (std::numeric_limits<std::uint64_t>::max() - 9) / 10) {
            throw std::out_of_range("an interval field does not fit orm::interval");
        }
        magnitude = magnitude * 10 + static_cast<std::uint64_t>(c - '0');
    }
    const std::uint64_t limit =
        static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) + (negative ? 1 : 0);
    if (magnitude > limit) {
        throw std::out_of_range("an interval field does not fit orm::interval");
    }
    return negative ? static_cast<std::int64_t>(0 - magnitude) : static_cast<std::int64_t>(magnitude);
}

std::int64_t checked_add(std::int64_t a, std::int64_t b) {
    std::int64_t sum = 0;
    if (__builtin_add_overflow(a, b, &sum)) {
        throw std::out_of_range("an interval does not fit orm::interval");
    }
    return sum;
}

std::int64_t checked_multiply(std::int64_t a, std::int64_t b) {
    std::int64_t product = 0;
    if (__builtin_mul_overflow(a, b, &product)) {
        throw std::out_of_range("an interval does not fit orm::interval");
    }
    return product;
}

std::int32_t to_int32(std::int64_t value) {
    if (!std::in_range<std::int32_t>(value)) {
        throw std::out_of_range("an interval's months or days do not fit orm::interval's 32-bit parts");
    }
    return static_cast<std::int32_t>(value);
}

// "[+-]H+:MM:SS[.f{1,6}]" in microseconds; the sign covers the whole time.
std::int64_t read_interval_time(std::string_view word, std::string_view text) {
    bool negative = false;
    if (!word.empty() && (word.front() == '+' || word.front() == '-')) {
        negative = word.front() == '-';
        word.remove_prefix(1);
    }
    const std::size_t first_colon = word.find(':');
    if (first_colon == std::string_view::npos || first_colon == 0 || word.size() < first_colon + 6 ||
        word[first_colon + 3] != ':') {
        fail_interval(text);
    }
    const std::string_view hours_text = word.substr(0, first_colon);
    if (hours_text.front() == '+' || hours_text.front() == '-') {
        fail_interval(text);
    }
    const std::int64_t hour_count = read_signed(hours_text, text);
    timestamp_reader rest(word.substr(first_colon + 1));
    std::int64_t minute_count = 0;
    std::int64_t second_count = 0;
    std::int64_t fraction = 0;
    try {
        minute_count = rest.field(59);
        rest.expect(':');
        second_count = rest.field(59);
        fraction = read_fraction(rest).count();
        if (!rest.at_end()) {
            rest.fail();
        }
    } catch (const std::invalid_argument&) {
        fail_interval(text);
    }
    std::int64_t micros = checked_multiply(hour_count, 3'600'000'000);
    micros = checked_add(micros, minute_count * 60'000'000 + second_count * 1'000'000 + fraction);
    return negative ? checked_multiply(micros, -1) : micros;
}

// ---- bytes ------------------------------------------------------------------------------------------------------

constexpr std::string_view hex_prefix = "\\x";
constexpr std::string_view hex_digits = "0123456789abcdef";

int hex_value(char c) {
    if (is_digit(c)) {
        return c - '0';
    }
    const char lower = ascii_lower(c);
    if (lower >= 'a' && lower <= 'f') {
        return lower - 'a' + 10;
    }
    return -1;
}

[[noreturn]] void throw_malformed_bytes(std::string_view text) {
    // Quoting the text could put a large (and possibly sensitive) blob into a log line; its length suffices.
    throw std::invalid_argument(
        fmt::format("a bytea value of {} characters is not in the hex form \"\\x\" followed by pairs of hex digits; "
                    "if the server writes the escape form, set bytea_output = 'hex'",
                    text.size()));
}

// ---- decimal ------------------------------------------------------------------------------------------------------

// Advances over a run of ASCII digits and returns how many there were.
std::size_t skip_digits(std::string_view text, std::size_t& pos) {
    const std::size_t start = pos;
    while (pos < text.size() && is_digit(text[pos])) {
        ++pos;
    }
    return pos - start;
}

// NaN and the infinities: PostgreSQL 14+ NUMERIC and CockroachDB DECIMAL store and write all three.
bool is_special_decimal(std::string_view text) {
    if (iequals(text, "nan")) {
        return true;
    }
    if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
        text.remove_prefix(1);
    }
    return iequals(text, "infinity") || iequals(text, "inf");
}

// [+-]? (digits [.digits]? | .digits) ([eE][+-]?digits)?
bool is_decimal_number(std::string_view text) {
    std::size_t pos = 0;
    if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
        ++pos;
    }
    const std::size_t integer_digits = skip_digits(text, pos);
    if (pos < text.size() && text[pos] == '.') {
        ++pos;
        if (skip_digits(text, pos) == 0) {
            return false;
        }
    } else if (integer_digits == 0) {
        return false;
    }
    if (pos < text.size() && (text[pos] == 'e' || text[pos] == 'E')) {
        ++pos;
        if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
            ++pos;
        }
        if (skip_digits(text, pos) == 0) {
            return false;
        }
    }
    return pos == text.size();
}

const std::string& validate_decimal(const std::string& text) {
    if (!is_special_decimal(text) && !is_decimal_number(text)) {
        throw_malformed(text, "decimal", "[+-]digits[.digits][e[+-]digits], NaN, Infinity or -Infinity");
    }
    return text;
}

}  // namespace

// ---- bool ---------------------------------------------------------------------------------------------------------

std::string format_bool(bool value) {
    return value ? "t" : "f";
}

// SQLite has no boolean type: a comparison or a function there gives the integer 1 or 0.
bool parse_bool(std::string_view text) {
    if (iequals(text, "t") || iequals(text, "true") || text == "1") {
        return true;
    }
    if (iequals(text, "f") || iequals(text, "false") || text == "0") {
        return false;
    }
    throw_malformed(text, "bool", "t, f, true, false, 1 or 0");
}

// ---- integers -----------------------------------------------------------------------------------------------------

std::string format_int(std::int64_t value) {
    std::array<char, std::numeric_limits<std::int64_t>::digits10 + 3> buffer{};  // digits, sign, and one spare
    const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    return std::string(buffer.data(), result.ptr);
}

std::int16_t parse_int16(std::string_view text) {
    return parse_integer<std::int16_t>(text, "int16");
}
std::int32_t parse_int32(std::string_view text) {
    return parse_integer<std::int32_t>(text, "int32");
}
std::int64_t parse_int64(std::string_view text) {
    return parse_integer<std::int64_t>(text, "int64");
}

// ---- floating point -----------------------------------------------------------------------------------------------

std::string format_double(double value) {
    return format_floating(value);
}
std::string format_float(float value) {
    return format_floating(value);
}

double parse_double(std::string_view text) {
    return parse_floating<double>(text, "double");
}

// Parsed as float directly rather than narrowed from double, which could round twice. As in the servers' float4
// input, a nonzero value too small for float (e.g. "1e-50") is out_of_range as well, not silently zero.
float parse_float(std::string_view text) {
    return parse_floating<float>(text, "float");
}

// ---- text ---------------------------------------------------------------------------------------------------------

const std::string& check_text(const std::string& value) {
    const std::size_t nul = value.find('\0');
    if (nul != std::string::npos) {
        throw std::invalid_argument(
            fmt::format("string contains a NUL byte at offset {}; PostgreSQL and CockroachDB text cannot store it: "
                        "use orm::bytes",
                        nul));
    }
    return value;
}

// ---- uuid ---------------------------------------------------------------------------------------------------------

std::string format_uuid(const uuid& value) {
    return value.to_string();
}
uuid parse_uuid(std::string_view text) {
    return uuid::parse(text);
}

// ---- timestamp ----------------------------------------------------------------------------------------------------

std::string format_timestamp(timestamp value) {
    if (!in_timestamp_range(value)) {
        throw_timestamp_range("a timestamp");
    }
    // floor, not duration_cast: before 1970 the count is negative and must round towards the earlier midnight.
    const sys_days midnight = floor<days>(value);
    const year_month_day date{midnight};
    const hh_mm_ss<microseconds> time{value - midnight};
    return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02}.{:06}+00:00", static_cast<int>(date.year()),
                       static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()), time.hours().count(),
                       time.minutes().count(), time.seconds().count(), time.subseconds().count());
}

timestamp parse_timestamp(std::string_view text) {
    reject_unrepresentable(text);

    timestamp_reader reader(text);
    const int y = reader.digits(4);
    reader.expect('-');
    const int m = reader.digits(2);
    reader.expect('-');
    const int d = reader.digits(2);
    const year_month_day date{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
    if (!date.ok()) {
        reader.fail();
    }
    const char separator = reader.take();
    if (separator != ' ' && separator != 'T') {
        reader.fail();
    }
    // 24:00:00 and leap second 60 are accepted on input by PostgreSQL but never written, so they are not read.
    const hours hour{reader.field(23)};
    reader.expect(':');
    const minutes minute{reader.field(59)};
    reader.expect(':');
    const seconds second{reader.field(59)};
    const microseconds fraction = read_fraction(reader);
    const seconds offset = read_utc_offset(reader);
    if (!reader.at_end()) {
        reader.fail();
    }

    // The text is local time at `offset` east of UTC, so UTC is that local time minus the offset.
    const timestamp value = sys_days{date} + hour + minute + second + fraction - offset;
    if (!in_timestamp_range(value)) {
        throw_timestamp_range("a timestamp");
    }
    return value;
}

// ---- interval -----------------------------------------------------------------------------------------------------

std::string format_interval(const interval& value) {
    return fmt::format("{:+} mons {:+} days {:+} microseconds", value.months, value.days, value.time.count());
}

interval parse_interval(std::string_view text) {
    // Words separated by single spaces; each unit at most once and in the order the servers write them.
    std::vector<std::string_view> words;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t space = text.find(' ', start);
        const std::size_t end = space == std::string_view::npos ? text.size() : space;
        words.push_back(text.substr(start, end - start));
        if (space == std::string_view::npos) {
            break;
        }
        start = space + 1;
    }
    std::int64_t months_total = 0;
    std::int64_t days_total = 0;
    std::int64_t micros = 0;
    int next_unit = 0;  // 0 year, 1 mon, 2 day, 3 time, 4 done
    for (std::size_t i = 0; i < words.size(); ++i) {
        const std::string_view word = words[i];
        if (word.find(':') != std::string_view::npos) {
            if (next_unit > 3) {
                fail_interval(text);
            }
            micros = read_interval_time(word, text);
            next_unit = 4;
            continue;
        }
        if (i + 1 >= words.size()) {
            fail_interval(text);
        }
        const std::int64_t count = read_signed(word, text);
        const std::string_view unit = words[++i];
        if ((unit == "year" || unit == "years") && next_unit <= 0) {
            months_total = checked_add(months_total, checked_multiply(count, 12));
            next_unit = 1;
        } else if ((unit == "mon" || unit == "mons") && next_unit <= 1) {
            months_total = checked_add(months_total, count);
            next_unit = 2;
        } else if ((unit == "day" || unit == "days") && next_unit <= 2) {
            days_total = count;
            next_unit = 3;
        } else if (unit == "microseconds" && next_unit <= 3) {
            // roachorm's own form (format_interval), which SQLite keeps as written.
            micros = count;
            next_unit = 4;
        } else {
            fail_interval(text);
        }
    }
    if (next_unit == 0) {
        fail_interval(text);
    }
    return interval{to_int32(months_total), to_int32(days_total), microseconds{micros}};
}

// ---- bytes --------------------------------------------------------------------------------------------------------

std::string format_bytes(const bytes& value) {
    std::string out;
    out.reserve(hex_prefix.size() + 2 * value.size());
    out += hex_prefix;
    for (const std::byte b : value) {
        const auto octet = std::to_integer<unsigned>(b);
        out += hex_digits[octet >> 4];
        out += hex_digits[octet & 0x0F];
    }
    return out;
}

bytes parse_bytes(std::string_view text) {
    if (text.substr(0, hex_prefix.size()) != hex_prefix || text.size() % 2 != 0) {
        throw_malformed_bytes(text);
    }
    const std::string_view hex = text.substr(hex_prefix.size());
    bytes out;
    out.reserve(hex.size() / 2);
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        const int high = hex_value(hex[i]);
        const int low = hex_value(hex[i + 1]);
        if (high < 0 || low < 0) {
            throw_malformed_bytes(text);
        }
        out.push_back(static_cast<std::byte>(high << 4 | low));
    }
    return out;
}

// ---- decimal ------------------------------------------------------------------------------------------------------

std::string format_decimal(const decimal& value) {
    return validate_decimal(value.text);
}

decimal parse_decimal(std::string_view text) {
    return decimal{validate_decimal(std::string(text))};
}

}  // namespace orm::text
