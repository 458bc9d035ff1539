// Statement text for a table in a dialect: DDL and the single-table INSERT/SELECT/UPDATE/DELETE shapes.
// Every value is a numbered placeholder; the text depends only on table, dialect and shape, never on values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include <dialect/dialect.hpp>
#include <orm/model.hpp>

namespace orm::sql {

// A set of columns, bit i standing for column i in declaration order.
using ColumnMask = std::uint64_t;

// The server refuses more bound parameters than this in one statement (a 16-bit count in the protocol).
inline constexpr std::size_t max_parameters = 65535;

// The two statements that write whole rows.
enum class Write {
    insert,  // every column but a serial key, which the server assigns
    upsert,  // every column: the key decides which row is overwritten
};

bool is_written(const TableInfo& table, std::size_t column, Write write);
// Whether the statement returns the key: the server may assign it (a serial key, a nil uuid key).
bool returns_key(const TableInfo& table, Write write);
// The most rows one INSERT or UPSERT can carry within max_parameters.
std::size_t max_rows_per_write(const TableInfo& table, Write write);

std::string create_table(const dialect::Dialect& dialect, const TableInfo& table);
std::string drop_table(const dialect::Dialect& dialect, const TableInfo& table);
// INSERT of `rows` rows; RETURNING the key when the server may assign it.
std::string insert(const dialect::Dialect& dialect, const TableInfo& table, std::size_t rows);
// The dialect's upsert of `rows` rows, keys included; RETURNING the key of a uuid table (a nil one is generated).
std::string upsert(const dialect::Dialect& dialect, const TableInfo& table, std::size_t rows);
std::string select_all(const dialect::Dialect& dialect, const TableInfo& table);
std::string select_by_key(const dialect::Dialect& dialect, const TableInfo& table);
// UPDATE of the columns in `columns` (in declaration order, then the key as the last parameter).
std::string update(const dialect::Dialect& dialect, const TableInfo& table, ColumnMask columns);
std::string delete_by_key(const dialect::Dialect& dialect, const TableInfo& table);

}  // namespace orm::sql
