// The text form of every built-in column type, as PostgreSQL and CockroachDB write and read it on the wire.
// Parsers throw std::invalid_argument (malformed) or std::out_of_range (does not fit); the mapper adds table/column.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <roachorm/orm/core/types.hpp>

namespace orm::text {

std::string format_bool(bool value);
bool parse_bool(std::string_view text);  // t/f, true/false (any case), 1/0

std::string format_int(std::int64_t value);
std::int16_t parse_int16(std::string_view text);
std::int32_t parse_int32(std::string_view text);
std::int64_t parse_int64(std::string_view text);

// Shortest text that round-trips exactly; NaN, Infinity and -Infinity spelled as the servers spell them.
std::string format_double(double value);
std::string format_float(float value);
double parse_double(std::string_view text);
float parse_float(std::string_view text);  // out_of_range when a finite value overflows float

// Throws std::invalid_argument when the string holds a NUL byte: server text columns cannot store it.
const std::string& check_text(const std::string& value);

std::string format_uuid(const uuid& value);
uuid parse_uuid(std::string_view text);

// "YYYY-MM-DD HH:MM:SS.ffffff+00:00"; parsing accepts any UTC offset the server writes ("+05:30", "-08", "Z").
std::string format_timestamp(timestamp value);
timestamp parse_timestamp(std::string_view text);

// Writes "+14 mons -3 days +14706789000 microseconds": every part signed, so the text means the same whatever the
// server's IntervalStyle (a leading '-' alone negates every field under sql_standard). Parses the servers' default
// ('postgres') output: "1 year 2 mons -3 days +04:05:06.789", "-00:00:00.000001", "00:00:00".
std::string format_interval(const interval& value);
interval parse_interval(std::string_view text);

std::string format_bytes(const bytes& value);  // "\x0a1b..." hex form
bytes parse_bytes(std::string_view text);

// Validates the numeric syntax ([+-]digits[.digits][e[+-]digits], NaN) before the value is sent.
std::string format_decimal(const decimal& value);
decimal parse_decimal(std::string_view text);

}  // namespace orm::text
