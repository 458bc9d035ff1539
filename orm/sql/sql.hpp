// Statement text for a table in a dialect: DDL and the single-table INSERT/SELECT/UPDATE/DELETE shapes.
// Every value is a numbered placeholder; the text depends only on table, dialect and shape, never on values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <roachorm/dialect/dialect.hpp>
#include <roachorm/orm/mapping/model.hpp>

namespace orm::sql {

// A set of columns, bit i standing for column i in declaration order.
using ColumnMask = std::uint64_t;

// The two statements that write whole rows, keys included.
enum class Write {
    insert,
    upsert,  // the key decides which row is overwritten
};

// The most bytes of bound values one multi-row statement carries. CockroachDB refuses a wire message over
// sql.conn.max_read_buffer_message_size (16 MiB by default), and one Bind message holds every value of a statement;
// half of that leaves room for the per-value framing and for a server whose limit was lowered.
inline constexpr std::size_t max_statement_bytes = 8 * 1024 * 1024;

// How many rows the next multi-row statement takes: rows are added while both the parameter limit (the dialect's
// max_parameters) and the byte budget hold, and the first row always goes in (a row over the budget travels alone
// and may be refused as it is).
class StatementBudget {
public:
    StatementBudget(std::size_t max_parameters, std::size_t parameters_per_row,
                    std::size_t max_bytes = max_statement_bytes)
        : max_rows_(max_parameters / parameters_per_row), max_bytes_(max_bytes) {}

    // Whether a row of `row_bytes` bytes of values still fits; counts it when it does.
    bool take(std::size_t row_bytes) {
        if (rows_ > 0 && (rows_ == max_rows_ || bytes_ + row_bytes > max_bytes_)) {
            return false;
        }
        ++rows_;
        bytes_ += row_bytes;
        return true;
    }
    std::size_t rows() const noexcept { return rows_; }

private:
    std::size_t max_rows_;
    std::size_t max_bytes_;
    std::size_t rows_ = 0;
    std::size_t bytes_ = 0;
};

// A foreign key action as SQL spells it ("CASCADE", "SET NULL", "NO ACTION", ...).
std::string_view action_name(Action action);
// " ON DELETE ... ON UPDATE ..." for the actions other than NO ACTION (both servers' default); empty for none.
std::string referential_actions(Action on_delete, Action on_update);

// The most rows one INSERT or UPSERT can carry within the dialect's max_parameters (every column is written).
std::size_t max_rows_per_write(const dialect::Dialect& dialect, const TableInfo& table);

// CREATE TABLE IF NOT EXISTS with the columns (server defaults included), the primary key, the unique constraints
// and the foreign keys, each constraint named.
std::string create_table(const dialect::Dialect& dialect, const TableInfo& table);
// CREATE [UNIQUE] INDEX IF NOT EXISTS for one secondary index. Throws orm::Error (from the dialect) for an index the
// server cannot build: a hash-sharded index on PostgreSQL.
std::string create_index(const dialect::Dialect& dialect, const TableInfo& table, const IndexInfo& index);
// create_index for each of the table's indexes, in declaration order.
std::vector<std::string> create_indexes(const dialect::Dialect& dialect, const TableInfo& table);
std::string drop_table(const dialect::Dialect& dialect, const TableInfo& table);
// INSERT of `rows` rows, every column written but those `left_to_server` (columns of unset orm::defaulted members):
// the keys come with the rows (chosen, generated or reserved by the client). When columns are left to the server,
// the statement returns each row's key and the values the server chose, matched to their objects by key (the order
// of the rows a multi-row RETURNING sends back is not promised: docs/design.md, "What roachorm relies on").
std::string insert(const dialect::Dialect& dialect, const TableInfo& table, std::size_t rows,
                   ColumnMask left_to_server = 0);
// INSERT of one row that leaves a serial key (and the columns `left_to_server`) to their column defaults and returns
// them. One row only, so no returned row can be matched to the wrong object.
std::string insert_returning_key(const dialect::Dialect& dialect, const TableInfo& table,
                                 ColumnMask left_to_server = 0);
// The dialect's upsert of `rows` rows, keys included; columns `left_to_server` take their default in a new row and
// keep their value in an existing one, and come back as insert's do.
std::string upsert(const dialect::Dialect& dialect, const TableInfo& table, std::size_t rows,
                   ColumnMask left_to_server = 0);
std::string select_all(const dialect::Dialect& dialect, const TableInfo& table);
std::string select_by_key(const dialect::Dialect& dialect, const TableInfo& table);
// UPDATE of the columns in `columns` (in declaration order, then the key's columns as the last parameters).
std::string update(const dialect::Dialect& dialect, const TableInfo& table, ColumnMask columns);
std::string delete_by_key(const dialect::Dialect& dialect, const TableInfo& table);

}  // namespace orm::sql
