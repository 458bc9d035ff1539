// Composes standard SQL around the dialect's spellings of types, keys and identifiers.
#include <orm/sql.hpp>

#include <fmt/format.h>

namespace orm::sql {
namespace {

std::string column_list(const dialect::Dialect& dialect, const TableInfo& table) {
    std::string list;
    for (const ColumnInfo& column : table.columns) {
        if (!list.empty()) {
            list += ", ";
        }
        list += dialect.quote(column.name);
    }
    return list;
}

std::string key_condition(const dialect::Dialect& dialect, const TableInfo& table, std::size_t position) {
    return fmt::format("{} = {}", dialect.quote(table.key().name), dialect.placeholder(position));
}

}  // namespace

bool is_inserted(const TableInfo& table, std::size_t column) {
    return !(column == table.key_index && table.key_kind == KeyKind::serial);
}

std::size_t inserted_column_count(const TableInfo& table) {
    return table.key_kind == KeyKind::serial ? table.columns.size() - 1 : table.columns.size();
}

std::size_t max_rows_per_insert(const TableInfo& table) {
    return max_parameters / inserted_column_count(table);
}

std::string create_table(const dialect::Dialect& dialect, const TableInfo& table) {
    std::string definitions;
    for (const ColumnInfo& column : table.columns) {
        definitions +=
            fmt::format("    {} {},\n", dialect.quote(column.name), dialect.column_definition(column, table.key_kind));
    }
    return fmt::format("CREATE TABLE IF NOT EXISTS {} (\n{}    PRIMARY KEY ({})\n)", dialect.quote(table.name),
                       definitions, dialect.quote(table.key().name));
}

std::string drop_table(const dialect::Dialect& dialect, const TableInfo& table) {
    return fmt::format("DROP TABLE IF EXISTS {}", dialect.quote(table.name));
}

std::string insert(const dialect::Dialect& dialect, const TableInfo& table, std::size_t rows) {
    std::string columns;
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
        if (is_inserted(table, i)) {
            columns += columns.empty() ? "" : ", ";
            columns += dialect.quote(table.columns[i].name);
        }
    }
    std::string values;
    std::size_t position = 1;
    for (std::size_t row = 0; row < rows; ++row) {
        values += row == 0 ? "(" : ", (";
        for (std::size_t i = 0; i < table.columns.size(); ++i) {
            if (!is_inserted(table, i)) {
                continue;
            }
            values += values.back() == '(' ? "" : ", ";
            const std::string placeholder = dialect.placeholder(position++);
            const bool server_may_generate = i == table.key_index && table.key_kind == KeyKind::uuid;
            values += server_may_generate ? dialect.uuid_key_value(placeholder) : placeholder;
        }
        values += ')';
    }
    std::string statement = fmt::format("INSERT INTO {} ({}) VALUES {}", dialect.quote(table.name), columns, values);
    if (table.key_kind != KeyKind::application) {
        statement += fmt::format(" RETURNING {}", dialect.quote(table.key().name));
    }
    return statement;
}

std::string select_all(const dialect::Dialect& dialect, const TableInfo& table) {
    return fmt::format("SELECT {} FROM {}", column_list(dialect, table), dialect.quote(table.name));
}

std::string select_by_key(const dialect::Dialect& dialect, const TableInfo& table) {
    return fmt::format("{} WHERE {}", select_all(dialect, table), key_condition(dialect, table, 1));
}

std::string update(const dialect::Dialect& dialect, const TableInfo& table, ColumnMask columns) {
    std::string assignments;
    std::size_t position = 1;
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
        if (columns & (ColumnMask{1} << i)) {
            assignments += assignments.empty() ? "" : ", ";
            assignments +=
                fmt::format("{} = {}", dialect.quote(table.columns[i].name), dialect.placeholder(position++));
        }
    }
    return fmt::format("UPDATE {} SET {} WHERE {}", dialect.quote(table.name), assignments,
                       key_condition(dialect, table, position));
}

std::string delete_by_key(const dialect::Dialect& dialect, const TableInfo& table) {
    return fmt::format("DELETE FROM {} WHERE {}", dialect.quote(table.name), key_condition(dialect, table, 1));
}

}  // namespace orm::sql
