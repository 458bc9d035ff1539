// orm::defaulted<T, Default>: a member whose column has a server default. Left unset, an INSERT leaves the column
// to the server and the value it chose is read back into the object; set, it is written like any other value.
#pragma once

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include <fmt/format.h>

#include <roachorm/orm/mapping/column_traits.hpp>

namespace orm {

// The server's clock at the start of the transaction: orm::defaulted<orm::timestamp, orm::now>.
struct now_t {};
inline constexpr now_t now{};

// A text default: orm::defaulted<std::string, orm::literal{"draft"}>.
template <std::size_t N>
struct literal {
    char text[N]{};
    constexpr literal(const char (&value)[N]) { std::copy_n(value, N, text); }
    constexpr std::string_view view() const { return {text, N - 1}; }
};

template <class T, auto Default>
class defaulted : public std::optional<T> {
public:
    using std::optional<T>::optional;
    using std::optional<T>::operator=;

    static constexpr auto default_value = Default;

    // Exact, so that it wins over std::optional's comparisons with a value, which also match a derived class.
    friend bool operator==(const defaulted& a, const defaulted& b) {
        return static_cast<const std::optional<T>&>(a) == static_cast<const std::optional<T>&>(b);
    }
};

template <class T>
struct is_defaulted : std::false_type {};
template <class T, auto Default>
struct is_defaulted<defaulted<T, Default>> : std::true_type {};

template <class T, auto Default>
struct column_value<defaulted<T, Default>> {
    using type = T;
};

namespace detail {

template <class T>
struct is_literal : std::false_type {};
template <std::size_t N>
struct is_literal<literal<N>> : std::true_type {};

// A standard SQL string literal: quotes doubled, backslashes literal (standard_conforming_strings on PostgreSQL,
// the only kind of '...' literal on CockroachDB).
inline std::string quoted_literal(std::string_view text) {
    std::string quoted = "'";
    for (char c : text) {
        quoted += c;
        if (c == '\'') {
            quoted += '\'';
        }
    }
    quoted += '\'';
    return quoted;
}

}  // namespace detail

// The DEFAULT expression of a defaulted member's column, the same on every server: now(), a number, true or false,
// or a quoted text literal that the server converts to the column's type.
template <class Member>
std::string server_default_sql() {
    constexpr auto value = Member::default_value;
    using Value = std::remove_cvref_t<decltype(value)>;
    using Column = column_value_t<Member>;
    if constexpr (std::is_same_v<Value, now_t>) {
        static_assert(std::is_same_v<Column, timestamp>,
                      "roachorm: orm::now is a default for an orm::timestamp member only");
        return "now()";
    } else if constexpr (std::is_same_v<Value, bool>) {
        static_assert(std::is_same_v<Column, bool>, "roachorm: a bool default needs a bool member");
        return value ? "true" : "false";
    } else if constexpr (std::is_arithmetic_v<Value>) {
        static_assert(std::is_arithmetic_v<Column> && !std::is_same_v<Column, bool>,
                      "roachorm: a numeric default needs a numeric member");
        return fmt::format("{}", value);
    } else {
        static_assert(detail::is_literal<Value>::value,
                      "roachorm: a server default is orm::now, a number, a bool or orm::literal{\"text\"}");
        return detail::quoted_literal(value.view());
    }
}

// The function that spells Member's DEFAULT, or null for a member without a server default.
template <class Member>
constexpr std::string (*server_default_of())() {
    if constexpr (is_defaulted<Member>::value) {
        return &server_default_sql<Member>;
    } else {
        return nullptr;
    }
}

}  // namespace orm
