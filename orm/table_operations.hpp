// The single-table operations on one connection that the Session builds on: insert and upsert (multi-row, keys
// filled in from RETURNING), select by key or all, update of a column set, delete by key.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <type_traits>
#include <vector>

#include <orm/connection.hpp>
#include <orm/row_mapping.hpp>
#include <orm/statements.hpp>

namespace orm::table {

// Whether the client chose every uuid key of `rows` (then the statement needs no RETURNING).
template <Model T>
sql::Keys key_source(std::span<T* const> rows) {
    if constexpr (std::is_same_v<key_type_t<T>, uuid>) {
        constexpr std::size_t key = model_traits<T>::key_index;
        const bool all_given =
            std::ranges::none_of(rows, [](const T* row) { return boost::pfr::get<key>(*row).is_nil(); });
        return all_given ? sql::Keys::all_given : sql::Keys::maybe_generated;
    } else {
        return sql::Keys::maybe_generated;
    }
}

// Writes `objects` with an INSERT or UPSERT per chunk, as few as the parameter limit allows; fills in the keys the
// server assigned.
template <Model T>
void write(Connection& connection, std::span<T* const> objects, sql::Write write) {
    const TableStatements& statements = orm::statements<T>(connection.dialect());
    const std::size_t rows_per_statement = sql::max_rows_per_write(model_traits<T>::table, write);
    std::vector<TextValue> values;
    for (std::size_t first = 0; first < objects.size(); first += rows_per_statement) {
        const auto chunk = objects.subspan(first, std::min(rows_per_statement, objects.size() - first));
        values.clear();
        for (const T* object : chunk) {
            mapping::append_written_values(*object, write, values);
        }
        const sql::Keys keys = key_source(chunk);
        const std::string& text =
            write == sql::Write::insert ? statements.insert(chunk.size(), keys) : statements.upsert(chunk.size(), keys);
        std::size_t returned = 0;
        connection.execute(text, values, sql::returns_key(model_traits<T>::table, write, keys) ? 1 : 0,
                           [&](TextRow row) { mapping::set_key_from_text(*chunk[returned++], row[0]); });
    }
}

template <Model T>
void insert(Connection& connection, std::span<T* const> objects) {
    write<T>(connection, objects, sql::Write::insert);
}

template <Model T>
void insert(Connection& connection, std::span<T> objects) {
    std::vector<T*> pointers;
    pointers.reserve(objects.size());
    for (T& object : objects) {
        pointers.push_back(&object);
    }
    insert<T>(connection, std::span<T* const>(pointers));
}

template <Model T>
std::optional<T> find(Connection& connection, const key_type_t<T>& key) {
    const TextValue values[] = {mapping::to_text(key, mapping::column_place<T>(model_traits<T>::key_index))};
    std::optional<T> found;
    connection.execute(orm::statements<T>(connection.dialect()).select_by_key, values, model_traits<T>::column_count,
                       [&](TextRow row) { found = mapping::object_from_row<T>(row); });
    return found;
}

template <Model T>
std::vector<T> select_all(Connection& connection) {
    std::vector<T> objects;
    connection.execute(orm::statements<T>(connection.dialect()).select_all, {}, model_traits<T>::column_count,
                       [&](TextRow row) { objects.push_back(mapping::object_from_row<T>(row)); });
    return objects;
}

// Writes the members in `columns` of `object` to its row; returns the number of rows changed (0 or 1).
template <Model T>
std::uint64_t update(Connection& connection, const T& object, sql::ColumnMask columns) {
    std::vector<TextValue> values;
    boost::pfr::for_each_field(object, [&](const auto& field, std::size_t index) {
        if (columns & (sql::ColumnMask{1} << index)) {
            values.push_back(mapping::to_text(field, mapping::column_place<T>(index)));
        }
    });
    values.push_back(mapping::to_text(boost::pfr::get<model_traits<T>::key_index>(object),
                                      mapping::column_place<T>(model_traits<T>::key_index)));
    return connection.execute(orm::statements<T>(connection.dialect()).update(columns), values);
}

// Deletes the row with `key`; returns the number of rows deleted (0 or 1).
template <Model T>
std::uint64_t remove(Connection& connection, const key_type_t<T>& key) {
    const TextValue values[] = {mapping::to_text(key, mapping::column_place<T>(model_traits<T>::key_index))};
    return connection.execute(orm::statements<T>(connection.dialect()).delete_by_key, values);
}

}  // namespace orm::table
