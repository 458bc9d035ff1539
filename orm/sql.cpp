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

struct RowsText {
    std::string columns;  // "id, balance"
    std::string values;   // "($1, $2), ($3, $4)"
};

// The column list and VALUES rows of an INSERT or UPSERT of `rows` rows. A uuid key that may be missing is
// written through dialect.uuid_key_value, so a NULL (a nil uuid) lets the server generate it.
RowsText rows_text(const dialect::Dialect& dialect, const TableInfo& table, std::size_t rows, Write write, Keys keys) {
    const bool server_may_generate_key = table.key_kind == KeyKind::uuid && keys == Keys::maybe_generated;
    RowsText text;
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
        if (is_written(table, i, write)) {
            text.columns += text.columns.empty() ? "" : ", ";
            text.columns += dialect.quote(table.columns[i].name);
        }
    }
    std::size_t position = 1;
    for (std::size_t row = 0; row < rows; ++row) {
        text.values += row == 0 ? "(" : ", (";
        for (std::size_t i = 0; i < table.columns.size(); ++i) {
            if (!is_written(table, i, write)) {
                continue;
            }
            text.values += text.values.back() == '(' ? "" : ", ";
            const std::string placeholder = dialect.placeholder(position++);
            const bool generated = server_may_generate_key && i == table.key_index;
            text.values += generated ? dialect.uuid_key_value(placeholder) : placeholder;
        }
        text.values += ')';
    }
    return text;
}

std::string returning_key(const dialect::Dialect& dialect, const TableInfo& table, Write write, Keys keys) {
    return returns_key(table, write, keys) ? fmt::format(" RETURNING {}", dialect.quote(table.key().name)) : "";
}

}  // namespace

bool is_written(const TableInfo& table, std::size_t column, Write write) {
    return write == Write::upsert || !(column == table.key_index && table.key_kind == KeyKind::serial);
}

bool returns_key(const TableInfo& table, Write write, Keys keys) {
    return (table.key_kind == KeyKind::uuid && keys == Keys::maybe_generated) ||
           (write == Write::insert && table.key_kind == KeyKind::serial);
}

std::size_t max_rows_per_write(const TableInfo& table, Write write) {
    std::size_t columns = 0;
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
        columns += is_written(table, i, write) ? 1 : 0;
    }
    return max_parameters / columns;
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

std::string insert(const dialect::Dialect& dialect, const TableInfo& table, std::size_t rows, Keys keys) {
    const RowsText text = rows_text(dialect, table, rows, Write::insert, keys);
    return fmt::format("INSERT INTO {} ({}) VALUES {}{}", dialect.quote(table.name), text.columns, text.values,
                       returning_key(dialect, table, Write::insert, keys));
}

std::string upsert(const dialect::Dialect& dialect, const TableInfo& table, std::size_t rows, Keys keys) {
    const RowsText text = rows_text(dialect, table, rows, Write::upsert, keys);
    return dialect.upsert(table, text.columns, text.values) + returning_key(dialect, table, Write::upsert, keys);
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
