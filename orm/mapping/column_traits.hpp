// How a C++ member type maps to a column: its logical SQL type and its text form on the wire.
// Users map their own types by specializing orm::column_traits<T> with sql_type, to_text and from_text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include <roachorm/orm/core/types.hpp>
#include <roachorm/orm/core/value_text.hpp>

namespace orm {

// The logical column types; each dialect spells them (BIGINT vs INT8, TEXT vs STRING, ...).
// GCC's -Wshadow takes the scoped enumerators SqlType::bytes and SqlType::interval for redeclarations of orm::bytes and
// orm::interval, although they are only ever named qualified; silenced here so that users who build with -Wshadow
// -Werror can include this header.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wshadow"
enum class SqlType {
    boolean,
    int16,
    int32,
    int64,
    float32,
    float64,
    text,
    uuid,
    timestamptz,
    bytes,
    decimal,
    interval
};
#pragma GCC diagnostic pop

// Primary template left undefined: a member of a type without a specialization is rejected at compile time.
template <class T>
struct column_traits;

template <class T, SqlType Type, auto Format, auto Parse>
struct text_column {
    static constexpr SqlType sql_type = Type;
    static std::string to_text(const T& value) { return Format(value); }
    static T from_text(std::string_view text) { return Parse(text); }
};

template <>
struct column_traits<bool> : text_column<bool, SqlType::boolean, text::format_bool, text::parse_bool> {};
template <>
struct column_traits<std::int16_t> : text_column<std::int16_t, SqlType::int16, text::format_int, text::parse_int16> {};
template <>
struct column_traits<std::int32_t> : text_column<std::int32_t, SqlType::int32, text::format_int, text::parse_int32> {};
template <>
struct column_traits<std::int64_t> : text_column<std::int64_t, SqlType::int64, text::format_int, text::parse_int64> {};
template <>
struct column_traits<float> : text_column<float, SqlType::float32, text::format_float, text::parse_float> {};
template <>
struct column_traits<double> : text_column<double, SqlType::float64, text::format_double, text::parse_double> {};
template <>
struct column_traits<std::string> {
    static constexpr SqlType sql_type = SqlType::text;
    static std::string to_text(const std::string& value) { return text::check_text(value); }
    static std::string from_text(std::string_view text) { return std::string(text); }
};
template <>
struct column_traits<uuid> : text_column<uuid, SqlType::uuid, text::format_uuid, text::parse_uuid> {};
template <>
struct column_traits<timestamp>
    : text_column<timestamp, SqlType::timestamptz, text::format_timestamp, text::parse_timestamp> {};
template <>
struct column_traits<bytes> : text_column<bytes, SqlType::bytes, text::format_bytes, text::parse_bytes> {};
template <>
struct column_traits<decimal> : text_column<decimal, SqlType::decimal, text::format_decimal, text::parse_decimal> {};

template <>
struct column_traits<interval> : text_column<interval, SqlType::interval, text::format_interval, text::parse_interval> {
};

template <>
struct column_traits<serial> {
    static constexpr SqlType sql_type = SqlType::int64;
    static std::string to_text(const serial& key) { return text::format_int(key.value); }
    static serial from_text(std::string_view text) { return serial{text::parse_int64(text)}; }
};

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};

// The type whose column_traits apply: std::optional<T> is a nullable column of T.
template <class T>
struct column_value {
    using type = T;
};
template <class T>
struct column_value<std::optional<T>> {
    using type = T;
};
template <class T>
using column_value_t = typename column_value<T>::type;

template <class T>
concept MappedType = requires(const T& value, std::string_view text) {
    { column_traits<T>::sql_type } -> std::convertible_to<SqlType>;
    { column_traits<T>::to_text(value) } -> std::convertible_to<std::string>;
    { column_traits<T>::from_text(text) } -> std::convertible_to<T>;
};

}  // namespace orm
