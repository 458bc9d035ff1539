// Composes standard SQL around the dialect's spellings of types, keys and identifiers.
#include <roachorm/orm/sql/sql.hpp>

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

// "a = $n AND b = $n+1": every key column, in key order, from placeholder `position` on.
std::string key_condition(const dialect::Dialect& dialect, const TableInfo& table, std::size_t position) {
    std::string condition;
    for (const std::size_t column : table.key_columns) {
        condition += condition.empty() ? "" : " AND ";
        condition += fmt::format("{} = {}", dialect.quote(table.columns[column].name), dialect.placeholder(position++));
    }
    return condition;
}

struct RowsText {
    std::string columns;  // "id, balance"
    std::string values;   // "($1, $2), ($3, $4)"
};

// The column list and VALUES rows of an INSERT or UPSERT of `rows` rows of the columns `written`.
RowsText rows_text(const dialect::Dialect& dialect, const TableInfo& table, std::size_t rows, ColumnMask written) {
    RowsText text;
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
        if (written & (ColumnMask{1} << i)) {
            text.columns += text.columns.empty() ? "" : ", ";
            text.columns += dialect.quote(table.columns[i].name);
        }
    }
    std::size_t position = 1;
    for (std::size_t row = 0; row < rows; ++row) {
        text.values += row == 0 ? "(" : ", (";
        for (std::size_t i = 0; i < table.columns.size(); ++i) {
            if (written & (ColumnMask{1} << i)) {
                text.values += text.values.back() == '(' ? "" : ", ";
                text.values += dialect.placeholder(position++);
            }
        }
        text.values += ')';
    }
    return text;
}

ColumnMask every_column(const TableInfo& table) {
    return table.columns.size() == 64 ? ~ColumnMask{0} : (ColumnMask{1} << table.columns.size()) - 1;
}

}  // namespace

std::size_t max_rows_per_write(const TableInfo& table) {
    return max_parameters / table.columns.size();
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
    const RowsText text = rows_text(dialect, table, rows, every_column(table));
    return fmt::format("INSERT INTO {} ({}) VALUES {}", dialect.quote(table.name), text.columns, text.values);
}

std::string insert_returning_key(const dialect::Dialect& dialect, const TableInfo& table) {
    const RowsText text = rows_text(dialect, table, 1, every_column(table) & ~(ColumnMask{1} << table.key_index));
    const std::string row =
        text.columns.empty() ? "DEFAULT VALUES" : fmt::format("({}) VALUES {}", text.columns, text.values);
    return fmt::format("INSERT INTO {} {} RETURNING {}", dialect.quote(table.name), row,
                       dialect.quote(table.key().name));
}

std::string upsert(const dialect::Dialect& dialect, const TableInfo& table, std::size_t rows) {
    const RowsText text = rows_text(dialect, table, rows, every_column(table));
    return dialect.upsert(table, text.columns, text.values);
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
