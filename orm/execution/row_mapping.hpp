// Converts between model objects and text rows, field by field through Boost.PFR.
// A value that does not fit (out of range, malformed, NULL into a non-optional) is an orm::MappingError naming it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <boost/pfr.hpp>

#include <roachorm/orm/core/error.hpp>
#include <roachorm/orm/execution/connection.hpp>
#include <roachorm/orm/mapping/model.hpp>
#include <roachorm/orm/sql/sql.hpp>

namespace orm::mapping {

// Where a value goes: a model's column, or a raw-SQL parameter. Described only when an error needs it.
struct ValuePlace {
    std::string_view table;  // empty for a raw-SQL parameter
    std::string_view column;
    std::size_t parameter = 0;

    std::string describe() const {
        return table.empty() ? fmt::format("parameter ${}", parameter) : fmt::format("column {}.{}", table, column);
    }
};

template <Model T>
constexpr ValuePlace column_place(std::size_t index) {
    return {model_traits<T>::table_name, model_traits<T>::column_names[index]};
}

// The text form of a value about to be sent. A value its type cannot write (a NUL in a string, a timestamp past
// 9999) is an orm::MappingError naming its place ("column accounts.balance", "parameter $2"), never the value.
template <class Field>
TextValue to_text(const Field& value, const ValuePlace& place) {
    try {
        if constexpr (is_optional<Field>::value) {
            return value ? TextValue{column_traits<typename Field::value_type>::to_text(*value)} : TextValue{};
        } else if constexpr (is_defaulted<Field>::value) {
            if (!value) {
                throw MappingError(
                    fmt::format("cannot write {}: its orm::defaulted member is unset, and only an "
                                "INSERT leaves a column to its server default: give it a value",
                                place.describe()));
            }
            return column_traits<column_value_t<Field>>::to_text(*value);
        } else {
            return column_traits<Field>::to_text(value);
        }
    } catch (const std::invalid_argument& error) {
        throw MappingError(fmt::format("cannot write {}: {}", place.describe(), error.what()));
    } catch (const std::out_of_range& error) {
        throw MappingError(fmt::format("cannot write {}: {}", place.describe(), error.what()));
    }
}

// A column of a raw SELECT's result, by its 1-based position; its label is formatted only for an error message.
struct ResultColumn {
    std::size_t number;
};

namespace detail {

inline std::string_view column_label(std::string_view column) {
    return column;
}
inline std::string column_label(ResultColumn column) {
    return fmt::format("column {}", column.number);
}

}  // namespace detail

// `column` is the column's name, or a ResultColumn; errors name it after `table` ("column accounts.balance").
template <class Field, class Column = std::string_view>
Field from_text(const TextView& text, std::string_view table, const Column& column) {
    if (!text) {
        if constexpr (is_optional<Field>::value) {
            return Field{};
        } else {
            throw MappingError(
                fmt::format("column {}.{} is NULL but its member is not std::optional: declare the "
                            "member std::optional or make the column NOT NULL",
                            table, detail::column_label(column)));
        }
    }
    try {
        return column_traits<column_value_t<Field>>::from_text(*text);
    } catch (const std::out_of_range&) {
        throw MappingError(
            fmt::format("a value in column {}.{} does not fit its member's C++ type: widen the member "
                        "(e.g. std::int64_t) or narrow the column",
                        table, detail::column_label(column)));
    } catch (const std::invalid_argument&) {
        throw MappingError(
            fmt::format("column {}.{} holds text its member's type cannot read: check that the "
                        "column's SQL type matches the member (db.check_schema)",
                        table, detail::column_label(column)));
    }
}

// Appends the values an INSERT or UPSERT writes for `object`, in column order: every column but those in `skipped`
// (bit i for column i: the key when the server assigns it, columns left to their server default).
template <Model T>
void append_row_values(const T& object, std::vector<TextValue>& out, std::uint64_t skipped = 0) {
    boost::pfr::for_each_field(object, [&](const auto& field, std::size_t index) {
        if ((skipped & (std::uint64_t{1} << index)) == 0) {
            out.push_back(to_text(field, column_place<T>(index)));
        }
    });
}

template <Model T>
T object_from_row(TextRow row) {
    const TableInfo& table = model_traits<T>::table;
    T object{};
    boost::pfr::for_each_field(object, [&](auto& field, std::size_t index) {
        field = from_text<std::remove_cvref_t<decltype(field)>>(row[index], table.name, table.columns[index].name);
    });
    return object;
}

// The number of columns of T's primary key.
template <Model T>
inline constexpr std::size_t key_column_count = model_traits<T>::key_columns.size();

// The text forms of a key's columns, in key order (a composite key's tuple element I is key column I).
template <Model T>
using KeyTexts = std::array<TextValue, key_column_count<T>>;

// The key of `object`: its key member (a reference) or, for a composite key, a tuple of its key columns' values.
template <Model T>
decltype(auto) key_value(const T& object) {
    if constexpr (model_traits<T>::has_composite_key) {
        return [&]<std::size_t... I>(std::index_sequence<I...>) {
            return key_type_t<T>{boost::pfr::get<model_traits<T>::key_columns[I]>(object)...};
        }
        (std::make_index_sequence<key_column_count<T>>{});
    } else {
        return boost::pfr::get<model_traits<T>::key_index>(object);
    }
}

template <Model T>
KeyTexts<T> key_texts(const key_type_t<T>& key) {
    if constexpr (model_traits<T>::has_composite_key) {
        return [&]<std::size_t... I>(std::index_sequence<I...>) {
            return KeyTexts<T>{to_text(std::get<I>(key), column_place<T>(model_traits<T>::key_columns[I]))...};
        }
        (std::make_index_sequence<key_column_count<T>>{});
    } else {
        return {to_text(key, column_place<T>(model_traits<T>::key_index))};
    }
}

// Appends the values of `object`'s key columns, in key order: the parameters of a `WHERE <key> = ...` condition.
template <Model T>
void append_key_values(const T& object, std::vector<TextValue>& out) {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        (out.push_back(to_text(boost::pfr::get<model_traits<T>::key_columns[I]>(object),
                               column_place<T>(model_traits<T>::key_columns[I]))),
         ...);
    }
    (std::make_index_sequence<key_column_count<T>>{});
}

// A key as one string: a single key's text form, or a composite key's column texts joined by NUL, which no text form
// holds (text::check_text refuses it in a string, and libpq takes every value as a NUL-terminated string). Two keys
// give the same string only when each of their columns has the same text.
template <Model T>
std::string key_text(const key_type_t<T>& key) {
    if constexpr (model_traits<T>::has_composite_key) {
        const KeyTexts<T> columns = key_texts<T>(key);
        std::string joined;
        for (std::size_t i = 0; i < columns.size(); ++i) {
            // Only a column_traits of the application's own could write a NUL; it would be cut short on the wire.
            if (columns[i]->find('\0') != std::string::npos) {
                throw MappingError(fmt::format(
                    "cannot use a key of {}: the text form of key column {} holds a NUL byte, which the server "
                    "cannot store; make its column_traits<...>::to_text write text without NUL",
                    model_traits<T>::table_name, model_traits<T>::columns[model_traits<T>::key_columns[i]].name));
            }
            if (i > 0) {
                joined += '\0';
            }
            joined += *columns[i];
        }
        return joined;
    } else {
        return *to_text(key, column_place<T>(model_traits<T>::key_index));
    }
}

// A single-column key from its text.
template <Model T>
key_type_t<T> key_from_text(const TextView& text) {
    static_assert(!model_traits<T>::has_composite_key, "roachorm: a composite key is read with key_from_row");
    constexpr const TableInfo& table = model_traits<T>::table;
    return from_text<key_type_t<T>>(text, table.name, table.key().name);
}

// The key whose columns, in key order, begin `row` (as a statement's `RETURNING <key columns>, ...` sends them).
template <Model T>
key_type_t<T> key_from_row(TextRow row) {
    if constexpr (model_traits<T>::has_composite_key) {
        constexpr const TableInfo& table = model_traits<T>::table;
        return [&]<std::size_t... I>(std::index_sequence<I...>) {
            return key_type_t<T>{from_text<std::tuple_element_t<I, key_type_t<T>>>(
                row[I], table.name, table.columns[model_traits<T>::key_columns[I]].name)...};
        }
        (std::make_index_sequence<key_column_count<T>>{});
    } else {
        return key_from_text<T>(row[0]);
    }
}

// Sets a serial key the server assigned (a serial key is never part of a composite key).
template <Model T>
void set_key_from_text(T& object, const TextView& text) {
    boost::pfr::get<model_traits<T>::key_index>(object) = key_from_text<T>(text);
}

// Sets the member of column `column` (a declaration index) from its text.
template <Model T>
void set_column_from_text(T& object, std::size_t column, const TextView& text) {
    const TableInfo& table = model_traits<T>::table;
    boost::pfr::for_each_field(object, [&](auto& field, std::size_t index) {
        if (index == column) {
            field = from_text<std::remove_cvref_t<decltype(field)>>(text, table.name, table.columns[index].name);
        }
    });
}

}  // namespace orm::mapping
