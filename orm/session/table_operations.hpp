// The single-table operations on one connection that the Session builds on: insert and upsert (multi-row, every key
// chosen on the client before the statement), select by key or all, update of a column set, delete by key.
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include <roachorm/orm/core/error.hpp>
#include <roachorm/orm/execution/connection.hpp>
#include <roachorm/orm/execution/row_mapping.hpp>
#include <roachorm/orm/sql/statements.hpp>

namespace orm::table {

// Throws unless a statement that should have returned or written `expected` rows of `table` did so: a missing or
// extra row would leave an object without its row, or with another's.
void check_row_count(std::string_view table, std::string_view statement, std::uint64_t rows, std::uint64_t expected);

template <Model T>
key_type_t<T>& key_of(T& object) {
    return boost::pfr::get<model_traits<T>::key_index>(object);
}

template <Model T>
bool lacks_serial_key(const T& object) {
    if constexpr (model_traits<T>::key_kind == KeyKind::serial) {
        return !boost::pfr::get<model_traits<T>::key_index>(object).is_assigned();
    } else {
        return false;
    }
}

// `count` keys after `largest` (after 0 when it is negative); orm::Error when they would not fit in 64 bits.
std::vector<serial> serial_keys_after(std::string_view table, serial largest, std::size_t count);

// `count` fresh serial keys of T's table, reserved in one statement (the dialect's reserve_serial_keys).
template <Model T>
std::vector<key_type_t<T>> reserve_serial_keys(Connection& connection, std::size_t count) {
    const std::string& sql = orm::statements<T>(connection.dialect()).reserve_serial_keys;
    std::vector<key_type_t<T>> keys;
    if (connection.dialect().reserves_key_ranges()) {
        connection.execute(sql, {}, 1, [&](TextRow row) { keys.push_back(mapping::key_from_text<T>(row[0])); });
        check_row_count(model_traits<T>::table_name, "reading the largest serial key", keys.size(), 1);
        return serial_keys_after(model_traits<T>::table_name, keys.front(), count);
    }
    const TextValue values[] = {std::to_string(count)};
    keys.reserve(count);
    connection.execute(sql, values, 1, [&](TextRow row) { keys.push_back(mapping::key_from_text<T>(row[0])); });
    check_row_count(model_traits<T>::table_name, "reserving serial keys", keys.size(), count);
    return keys;
}

// Gives every object without a key its key before it is written, so that no key has to be matched to its row
// afterwards: a random version-4 uuid (what gen_random_uuid() would make), or serial keys reserved in one statement.
template <Model T>
void assign_missing_keys(Connection& connection, std::span<T* const> objects) {
    if constexpr (model_traits<T>::key_kind == KeyKind::uuid) {
        for (T* object : objects) {
            if (key_of(*object).is_nil()) {
                key_of(*object) = uuid::random();
            }
        }
    } else if constexpr (model_traits<T>::key_kind == KeyKind::serial) {
        std::vector<T*> missing;
        std::ranges::copy_if(objects, std::back_inserter(missing),
                             [](const T* object) { return lacks_serial_key(*object); });
        if (missing.empty()) {
            return;
        }
        const std::vector<key_type_t<T>> keys = reserve_serial_keys<T>(connection, missing.size());
        for (std::size_t i = 0; i < missing.size(); ++i) {
            key_of(*missing[i]) = keys[i];
        }
    }
}

// The columns of `object`'s unset orm::defaulted members, which an INSERT leaves to the server.
template <Model T>
sql::ColumnMask unset_defaults(const T& object) {
    sql::ColumnMask unset = 0;
    if constexpr (model_traits<T>::defaulted_columns != 0) {
        boost::pfr::for_each_field(object, [&](const auto& field, std::size_t index) {
            if constexpr (is_defaulted<std::remove_cvref_t<decltype(field)>>::value) {
                unset |= field ? 0 : sql::ColumnMask{1} << index;
            }
        });
    }
    return unset;
}

// Sets the columns `left_to_server` of `object` from the values a statement returned after them, in column order.
template <Model T>
void read_server_defaults(T& object, TextRow returned, sql::ColumnMask left_to_server) {
    std::size_t next = 0;
    for (std::size_t column = 0; column < model_traits<T>::column_count; ++column) {
        if (left_to_server & (sql::ColumnMask{1} << column)) {
            mapping::set_column_from_text(object, column, returned[next++]);
        }
    }
}

// One row whose serial key the server assigns: an INSERT that returns the key (and the columns left to the server),
// which one row cannot mismatch.
template <Model T>
void insert_returning_key(Connection& connection, T& object, sql::ColumnMask left_to_server) {
    std::vector<TextValue> values;
    mapping::append_row_values(object, values, left_to_server | sql::ColumnMask{1} << model_traits<T>::key_index);
    const TableStatements& statements = orm::statements<T>(connection.dialect());
    const std::string& text =
        left_to_server == 0 ? statements.insert_returning_key : statements.insert_returning(left_to_server);
    const std::size_t returned_columns = 1 + static_cast<std::size_t>(std::popcount(left_to_server));
    std::size_t returned = 0;
    connection.execute(text, values, returned_columns, [&](TextRow row) {
        mapping::set_key_from_text(object, row[0]);
        read_server_defaults(object, row.subspan(1), left_to_server);
        ++returned;
    });
    check_row_count(model_traits<T>::table_name, "INSERT ... RETURNING", returned, 1);
}

// Runs a write of `objects` whose statement returns each row's key, then the columns `left_to_server`, and gives
// every object the values its own row returned. Rows are matched by key, never by position: the servers do not
// promise the order of a RETURNING's rows.
template <Model T>
void write_returning_defaults(Connection& connection, const std::string& text, std::span<const TextValue> values,
                              std::span<T* const> objects, sql::ColumnMask left_to_server) {
    std::unordered_map<std::string, T*> by_key;
    by_key.reserve(objects.size());
    for (T* object : objects) {
        by_key.emplace(mapping::key_text<T>(mapping::key_value(*object)), object);
    }
    constexpr std::size_t key_columns = mapping::key_column_count<T>;
    const std::size_t returned_columns = key_columns + static_cast<std::size_t>(std::popcount(left_to_server));
    std::size_t matched = 0;
    connection.execute(text, values, returned_columns, [&](TextRow row) {
        // Through the key's type and back: the server may spell a value otherwise than the client writes it.
        const auto found = by_key.find(mapping::key_text<T>(mapping::key_from_row<T>(row)));
        if (found == by_key.end() || found->second == nullptr) {
            return;  // counted below: the check names the statement
        }
        read_server_defaults(*found->second, row.subspan(key_columns), left_to_server);
        found->second = nullptr;
        ++matched;
    });
    check_row_count(model_traits<T>::table_name, "a write returning server defaults", matched, objects.size());
}

// The bytes a value takes in the statement's Bind message: its text and its 4-byte length.
inline std::size_t bound_bytes(std::span<const TextValue> values) {
    std::size_t bytes = 0;
    for (const TextValue& value : values) {
        bytes += 4 + (value ? value->size() : 0);
    }
    return bytes;
}

// Writes `objects`, which leave the same columns to the server, with one INSERT or UPSERT per chunk that fits the
// parameter limit and the message-size budget (sql::StatementBudget). Every key is written: objects without one get
// it first (assign_missing_keys), except a lone object whose serial key the server assigns in the INSERT itself.
// A write that returns nothing is queued on the connection (Connection::queue), to travel with the next statement
// that is waited for; one that returns keys or server defaults is sent at once, as its values are needed.
template <Model T>
void write_rows(Connection& connection, std::span<T* const> objects, sql::Write write, sql::ColumnMask left_to_server) {
    if constexpr (model_traits<T>::key_kind == KeyKind::serial) {  // the only keys the server assigns
        if (write == sql::Write::insert && objects.size() == 1 && lacks_serial_key(*objects[0])) {
            insert_returning_key(connection, *objects[0], left_to_server);
            return;
        }
    }
    assign_missing_keys(connection, objects);
    const TableStatements& statements = orm::statements<T>(connection.dialect());
    std::vector<TextValue> values;
    for (std::size_t first = 0; first < objects.size();) {
        sql::StatementBudget budget(connection.dialect().max_parameters(), model_traits<T>::column_count);
        values.clear();
        while (first + budget.rows() < objects.size()) {
            const std::size_t row_start = values.size();
            mapping::append_row_values(*objects[first + budget.rows()], values, left_to_server);
            if (!budget.take(bound_bytes(std::span(values).subspan(row_start)))) {
                values.resize(row_start);
                break;
            }
        }
        const std::size_t rows = budget.rows();
        const std::string& text = write == sql::Write::insert ? statements.insert(rows, left_to_server)
                                                              : statements.upsert(rows, left_to_server);
        if (left_to_server != 0) {
            write_returning_defaults(connection, text, values, objects.subspan(first, rows), left_to_server);
        } else {
            QueuedStatement statement{
                .sql = text, .params = std::exchange(values, {}), .table = &model_traits<T>::table};
            if (write == sql::Write::insert) {
                statement.check = [rows](std::uint64_t written) {
                    check_row_count(model_traits<T>::table_name, "INSERT", written, rows);
                };
            }
            connection.queue(std::move(statement));
        }
        first += rows;
    }
}

// Writes `objects`; those that leave different columns to their server defaults go in separate statements.
template <Model T>
void write(Connection& connection, std::span<T* const> objects, sql::Write write) {
    if constexpr (model_traits<T>::defaulted_columns == 0) {
        write_rows(connection, objects, write, 0);
    } else {
        std::vector<std::pair<sql::ColumnMask, std::vector<T*>>> groups;
        for (T* object : objects) {
            const sql::ColumnMask unset = unset_defaults(*object);
            auto group = std::ranges::find(groups, unset, &std::pair<sql::ColumnMask, std::vector<T*>>::first);
            if (group == groups.end()) {
                group = groups.insert(groups.end(), {unset, {}});
            }
            group->second.push_back(object);
        }
        for (const auto& [unset, group] : groups) {
            write_rows(connection, std::span<T* const>(group), write, unset);
        }
    }
}

// INSERTs `objects` now (write(), then what it queued is sent).
template <Model T>
void insert(Connection& connection, std::span<T* const> objects) {
    write<T>(connection, objects, sql::Write::insert);
    connection.send_queued();
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
    const mapping::KeyTexts<T> values = mapping::key_texts<T>(key);
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

// The values of an UPDATE of the members in `columns` of `object`: those members, then the key.
template <Model T>
std::vector<TextValue> update_values(const T& object, sql::ColumnMask columns) {
    std::vector<TextValue> values;
    boost::pfr::for_each_field(object, [&](const auto& field, std::size_t index) {
        if (columns & (sql::ColumnMask{1} << index)) {
            values.push_back(mapping::to_text(field, mapping::column_place<T>(index)));
        }
    });
    mapping::append_key_values(object, values);
    return values;
}

// Writes the members in `columns` of `object` to its row; returns the number of rows changed (0 or 1).
template <Model T>
std::uint64_t update(Connection& connection, const T& object, sql::ColumnMask columns) {
    return connection.execute(orm::statements<T>(connection.dialect()).update(columns), update_values(object, columns));
}

// update(), queued on the connection to travel with the next statement that is waited for.
template <Model T>
void queue_update(Connection& connection, const T& object, sql::ColumnMask columns) {
    connection.queue({.sql = orm::statements<T>(connection.dialect()).update(columns),
                      .params = update_values(object, columns),
                      .table = &model_traits<T>::table});
}

// Deletes the row with `key`; returns the number of rows deleted (0 or 1).
template <Model T>
std::uint64_t remove(Connection& connection, const key_type_t<T>& key) {
    const mapping::KeyTexts<T> values = mapping::key_texts<T>(key);
    return connection.execute(orm::statements<T>(connection.dialect()).delete_by_key, values);
}

}  // namespace orm::table
