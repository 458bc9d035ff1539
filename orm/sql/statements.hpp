// The statement texts of one model in one dialect, generated once and shared by every connection and thread.
// Shapes that vary (row count of an INSERT or UPSERT, column set of an UPDATE) are generated on first use and memoized.
#pragma once

#include <array>
#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <roachorm/dialect/dialect.hpp>
#include <roachorm/orm/mapping/model.hpp>
#include <roachorm/orm/sql/query_sql.hpp>
#include <roachorm/orm/sql/sql.hpp>

namespace orm {

class TableStatements {
public:
    TableStatements(const dialect::Dialect& dialect, const TableInfo& table);
    TableStatements(const TableStatements&) = delete;
    TableStatements& operator=(const TableStatements&) = delete;

    const dialect::Dialect& dialect() const noexcept { return dialect_; }
    const TableInfo& table() const noexcept { return table_; }

    const std::string create_table;
    const std::string drop_table;
    const std::string select_all;
    const std::string select_by_key;
    const std::string delete_by_key;
    const std::string insert_returning_key;  // one row, serial key from the column default (serial tables)
    const std::string reserve_serial_keys;   // $1 fresh serial keys (serial tables)

    // `left_to_server`: the columns of unset orm::defaulted members, which the statement returns (sql::insert).
    const std::string& insert(std::size_t rows, sql::ColumnMask left_to_server = 0) const;
    const std::string& upsert(std::size_t rows, sql::ColumnMask left_to_server = 0) const;
    // insert_returning_key, also leaving `left_to_server` to the server and returning them after the key.
    const std::string& insert_returning(sql::ColumnMask left_to_server) const;
    // CREATE INDEX IF NOT EXISTS for each secondary index, in declaration order. Made on first use rather than with
    // the other texts, because it throws orm::Error for an index the dialect cannot build (a hash-sharded index on
    // PostgreSQL), and every model's statements are made for both dialects.
    const std::vector<std::string>& create_indexes() const;

    const std::string& update(sql::ColumnMask columns) const;
    // The text of sql::select for `clauses` (its values are bound from sql::select_values), rendered once per shape.
    const std::string& select(const sql::QueryClauses& clauses, sql::SelectShape shape) const;

private:
    const dialect::Dialect& dialect_;
    const TableInfo& table_;
    mutable std::mutex mutex_;
    using RowsShape = std::pair<std::size_t, sql::ColumnMask>;  // row count, columns left to the server
    mutable std::map<RowsShape, std::string> inserts_;
    mutable std::map<RowsShape, std::string> upserts_;
    mutable std::map<sql::ColumnMask, std::string> returning_inserts_;
    mutable std::map<sql::ColumnMask, std::string> updates_;
    mutable std::map<std::string, std::string, std::less<>> selects_;  // by sql::select_signature
    mutable std::optional<std::vector<std::string>> create_indexes_;
};

template <Model T>
const TableStatements& statements(const dialect::Dialect& dialect) {
    static const TableStatements postgresql{dialect::postgresql(), model_traits<T>::table};
    static const TableStatements cockroachdb{dialect::cockroachdb(), model_traits<T>::table};
    static const TableStatements sqlite{dialect::sqlite(), model_traits<T>::table};
    switch (dialect.kind()) {
        case DialectKind::cockroachdb:
            return cockroachdb;
        case DialectKind::sqlite:
            return sqlite;
        case DialectKind::postgresql:
            break;
    }
    return postgresql;
}

}  // namespace orm
