// What roachorm knows about a model at compile time: its table, its columns in declaration order, its key.
// A model is a plain aggregate with `static constexpr std::string_view table_name`; see docs/models.md.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <span>
#include <string_view>
#include <type_traits>

#include <boost/pfr.hpp>

#include <roachorm/orm/mapping/column_traits.hpp>
#include <roachorm/orm/mapping/field_names.hpp>

namespace orm {

// How the primary key gets its value on INSERT.
enum class KeyKind {
    application,  // the application sets it; it is written like any other column
    serial,       // orm::serial: drawn from the server's generator (reserved before a multi-row INSERT)
    uuid,         // orm::uuid: written when set, a random version-4 uuid from the client when nil
};

struct ColumnInfo {
    std::string_view name;
    SqlType type;
    bool nullable;
    bool primary_key;
};

struct TableInfo {
    std::string_view name;
    std::span<const ColumnInfo> columns;
    std::size_t key_index;
    KeyKind key_kind;

    const ColumnInfo& key() const { return columns[key_index]; }
};

template <class T>
concept Model = std::is_aggregate_v<T> && requires {
    { T::table_name } -> std::convertible_to<std::string_view>;
};

namespace detail {

template <class T>
consteval std::string_view key_name() {
    if constexpr (requires { T::primary_key; }) {
        return T::primary_key;
    } else {
        return "id";
    }
}

// A member name as a template argument, so that compiler diagnostics print it.
template <std::size_t N>
struct member_label {
    char text[N]{};
    consteval member_label(std::string_view name) { std::copy_n(name.data(), N - 1, text); }
};

// Instantiated once per member, so that a rejected type's error says
// "required from orm::detail::checked_member<Model, member_label<N>{"member"}, Type>".
template <class Model, member_label Member, class Type>
struct checked_member {
    using value_type = column_value_t<Type>;
    static constexpr bool is_pointer = std::is_pointer_v<value_type>;
    static constexpr bool is_unsigned = std::is_unsigned_v<value_type> && !std::is_same_v<value_type, bool>;
    static_assert(!is_pointer, "roachorm: a model member cannot be a raw pointer (model and member: see above)");
    static_assert(!is_unsigned,
                  "roachorm: SQL has no unsigned integers; use std::int16_t, std::int32_t or std::int64_t "
                  "(model and member: see above)");
    static_assert(is_pointer || is_unsigned || MappedType<value_type>,
                  "roachorm: this member's type has no orm::column_traits specialization; use a supported type or "
                  "specialize orm::column_traits (model and member: see above)");
    static constexpr bool ok = true;
};

}  // namespace detail

template <Model T>
struct model_traits {
    static constexpr std::size_t column_count = boost::pfr::tuple_size_v<T>;
    static_assert(column_count > 0, "roachorm: a model needs at least one column");
    static_assert(column_count <= 64, "roachorm: a model has at most 64 columns (change sets are 64-bit masks)");

    template <std::size_t I>
    using member_type = boost::pfr::tuple_element_t<I, T>;

    static constexpr std::string_view table_name = T::table_name;
    static constexpr auto& column_names = reflect::member_names<T>;

    static constexpr bool members_are_mapped = []<std::size_t... I>(std::index_sequence<I...>) {
        return (detail::checked_member<T, detail::member_label<column_names[I].size() + 1>(column_names[I]),
                                       member_type<I>>::ok &&
                ...);
    }
    (std::make_index_sequence<column_count>{});
    static_assert(members_are_mapped);

    static constexpr std::size_t key_index = [] {
        for (std::size_t i = 0; i < column_count; ++i) {
            if (column_names[i] == detail::key_name<T>()) {
                return i;
            }
        }
        return column_count;
    }();
    static_assert(key_index < column_count,
                  "roachorm: a model needs a primary key: a member named `id`, or name one with "
                  "`static constexpr std::string_view primary_key`");

    using key_type = member_type<key_index>;
    static_assert(!is_optional<key_type>::value, "roachorm: the primary key cannot be std::optional");

    static constexpr KeyKind key_kind = std::is_same_v<key_type, serial> ? KeyKind::serial
                                        : std::is_same_v<key_type, uuid> ? KeyKind::uuid
                                                                         : KeyKind::application;

    static constexpr std::array<ColumnInfo, column_count> columns = []<std::size_t... I>(std::index_sequence<I...>) {
        return std::array<ColumnInfo, column_count>{ColumnInfo{column_names[I],
                                                               column_traits<column_value_t<member_type<I>>>::sql_type,
                                                               is_optional<member_type<I>>::value, I == key_index}...};
    }
    (std::make_index_sequence<column_count>{});

    static constexpr TableInfo table{table_name, columns, key_index, key_kind};
};

template <Model T>
using key_type_t = typename model_traits<T>::key_type;

}  // namespace orm
