// What roachorm knows about a model at compile time: its table, its columns in declaration order, its key, and the
// foreign keys, unique constraints and indexes it declares. A model is a plain aggregate; see docs/models.md.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <tuple>
#include <type_traits>

#include <boost/pfr.hpp>

#include <roachorm/orm/mapping/column_traits.hpp>
#include <roachorm/orm/mapping/constraints.hpp>
#include <roachorm/orm/mapping/declaration_reading.hpp>
#include <roachorm/orm/mapping/field_names.hpp>
#include <roachorm/orm/mapping/server_default.hpp>
#include <roachorm/orm/mapping/table_info.hpp>

namespace orm {

template <class T>
concept Model = std::is_aggregate_v<T> && requires {
    { T::table_name } -> std::convertible_to<std::string_view>;
};

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

    static constexpr InlineList<std::size_t> key_columns = detail::declared_key_columns<T>();
    static_assert(key_columns.size() > 0,
                  "roachorm: a model needs a primary key: a member named `id`, or name one with "
                  "`static constexpr std::string_view primary_key`, or several with `static constexpr auto "
                  "primary_key = orm::key(&Model::a, &Model::b)`");
    static constexpr std::size_t key_index = key_columns[0];
    static constexpr bool has_composite_key = key_columns.size() > 1;

    static constexpr bool key_columns_are_plain = []<std::size_t... I>(std::index_sequence<I...>) {
        return ((std::find(key_columns.begin(), key_columns.end(), I) == key_columns.end() ||
                 !is_optional<member_type<I>>::value) &&
                ...);
    }
    (std::make_index_sequence<column_count>{});
    static_assert(key_columns_are_plain, "roachorm: a primary key column cannot be std::optional");

    using key_type = decltype([]<std::size_t... I>(std::index_sequence<I...>) {
        if constexpr (sizeof...(I) == 1) {
            return member_type<key_columns[0]>{};
        } else {
            return std::tuple<member_type<key_columns[I]>...>{};
        }
    }(std::make_index_sequence<key_columns.size()>{}));

    static constexpr KeyKind key_kind = has_composite_key                  ? KeyKind::application
                                        : std::is_same_v<key_type, serial> ? KeyKind::serial
                                        : std::is_same_v<key_type, uuid>   ? KeyKind::uuid
                                                                           : KeyKind::application;
    static_assert(
        !has_composite_key || []<std::size_t... I>(std::index_sequence<I...>) {
            return (!std::is_same_v<member_type<key_columns[I]>, serial> && ...);
        }(std::make_index_sequence<key_columns.size()>{}),
        "roachorm: an orm::serial member cannot be part of a composite key: the server generates a serial "
        "key for a table's single key column; use std::int64_t");

    static constexpr std::array<ColumnInfo, column_count> columns = []<std::size_t... I>(std::index_sequence<I...>) {
        return std::array<ColumnInfo, column_count>{
            ColumnInfo{column_names[I], column_traits<column_value_t<member_type<I>>>::sql_type,
                       is_optional<member_type<I>>::value,
                       std::find(key_columns.begin(), key_columns.end(), I) != key_columns.end(),
                       server_default_of<member_type<I>>()}...};
    }
    (std::make_index_sequence<column_count>{});

    // Bit i is set when member i is an orm::defaulted, whose column an INSERT may leave to the server.
    static constexpr std::uint64_t defaulted_columns = []<std::size_t... I>(std::index_sequence<I...>) {
        return ((is_defaulted<member_type<I>>::value ? std::uint64_t{1} << I : 0) | ... | 0);
    }
    (std::make_index_sequence<column_count>{});

    static constexpr auto foreign_keys =
        detail::collect<T, detail::is_foreign_key_declaration, ForeignKeyInfo,
                        []<std::size_t K>() { return detail::foreign_key_info<T, K>(); }>();
    static constexpr auto uniques = detail::collect<T, detail::is_unique_declaration, UniqueInfo,
                                                    []<std::size_t K>() { return detail::unique_info<T, K>(); }>();
    static constexpr auto indexes = detail::collect<T, detail::is_index_declaration, IndexInfo,
                                                    []<std::size_t K>() { return detail::index_info<T, K>(); }>();
    static constexpr Name key_name = detail::constraint_name<T>({}, {}, "pkey");

    static constexpr bool names_fit = [] {
        bool fit = !key_name.too_long;
        for (const auto& fk : foreign_keys)
            fit = fit && !fk.name.too_long;
        for (const auto& u : uniques)
            fit = fit && !u.name.too_long;
        for (const auto& i : indexes)
            fit = fit && !i.name.too_long;
        return fit;
    }();
    static_assert(names_fit,
                  "roachorm: a generated constraint or index name is longer than 63 bytes, where PostgreSQL would cut "
                  "it short: name it with .named(\"...\")");

    static constexpr TableInfo table{table_name, columns,      key_index, key_kind, key_columns,
                                     key_name,   foreign_keys, uniques,   indexes};
};

template <Model T>
using key_type_t = typename model_traits<T>::key_type;

}  // namespace orm
