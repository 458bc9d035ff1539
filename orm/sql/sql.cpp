// Composes standard SQL around the dialect's spellings of types, keys and identifiers.
#include <roachorm/orm/sql/sql.hpp>

#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

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

// "a, b": the names of the columns at `indices`, quoted.
std::string names_of(const dialect::Dialect& dialect, const TableInfo& table, std::span<const std::size_t> indices) {
    std::string list;
    for (std::size_t index : indices) {
        list += list.empty() ? "" : ", ";
        list += dialect.quote(table.columns[index].name);
    }
    return list;
}

std::string foreign_key_sql(const dialect::Dialect& dialect, const TableInfo& table, const ForeignKeyInfo& key) {
    std::string referenced;
    for (std::string_view column : key.referenced_columns) {
        referenced += referenced.empty() ? "" : ", ";
        referenced += dialect.quote(column);
    }
    std::string text =
        fmt::format("CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {} ({})", dialect.quote(key.name.view()),
                    names_of(dialect, table, key.columns.view()), dialect.quote(key.referenced_table), referenced);
    return text + referential_actions(key.on_delete, key.on_update);
}

ColumnMask every_column(const TableInfo& table) {
    return table.columns.size() == 64 ? ~ColumnMask{0} : (ColumnMask{1} << table.columns.size()) - 1;
}

// " RETURNING <key columns>, <columns left to the server>", or nothing when no column is left to the server.
std::string returning_defaults(const dialect::Dialect& dialect, const TableInfo& table, ColumnMask left_to_server) {
    if (left_to_server == 0) {
        return {};
    }
    std::string clause = " RETURNING ";
    for (std::size_t key_column : table.key_columns) {
        clause += clause.back() == ' ' ? "" : ", ";
        clause += dialect.quote(table.columns[key_column].name);
    }
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
        if (left_to_server & (ColumnMask{1} << i)) {
            clause += ", " + dialect.quote(table.columns[i].name);
        }
    }
    return clause;
}

std::vector<std::size_t> columns_in(const TableInfo& table, ColumnMask mask) {
    std::vector<std::size_t> columns;
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
        if (mask & (ColumnMask{1} << i)) {
            columns.push_back(i);
        }
    }
    return columns;
}

}  // namespace

std::string_view action_name(Action action) {
    switch (action) {
        case Action::restrict:
            return "RESTRICT";
        case Action::cascade:
            return "CASCADE";
        case Action::set_null:
            return "SET NULL";
        case Action::set_default:
            return "SET DEFAULT";
        case Action::no_action:
            break;
    }
    return "NO ACTION";
}

// NO ACTION, the default of both servers, is left unsaid so that the DDL reads as declared.
std::string referential_actions(Action on_delete, Action on_update) {
    std::string clauses;
    if (on_delete != Action::no_action) {
        clauses += fmt::format(" ON DELETE {}", action_name(on_delete));
    }
    if (on_update != Action::no_action) {
        clauses += fmt::format(" ON UPDATE {}", action_name(on_update));
    }
    return clauses;
}

std::size_t max_rows_per_write(const dialect::Dialect& dialect, const TableInfo& table) {
    return dialect.max_parameters() / table.columns.size();
}

// Every constraint is named, so that both servers use the names roachorm chose (and check_schema can find them);
// the foreign keys are inline because a referenced table is created first (orm/sql/table_order.hpp).
std::string create_table(const dialect::Dialect& dialect, const TableInfo& table) {
    std::vector<std::string> definitions;
    for (const ColumnInfo& column : table.columns) {
        std::string definition =
            fmt::format("{} {}", dialect.quote(column.name), dialect.column_definition(column, table.key_kind));
        const bool key_has_generator = column.primary_key && table.key_kind != KeyKind::application;
        if (column.server_default != nullptr && !key_has_generator) {
            definition += fmt::format(" DEFAULT {}", dialect.server_default(column.server_default()));
        }
        definitions.push_back(std::move(definition));
    }
    definitions.push_back(fmt::format("CONSTRAINT {} PRIMARY KEY ({})", dialect.quote(table.key_name.view()),
                                      names_of(dialect, table, table.key_columns.view())));
    for (const UniqueInfo& unique : table.uniques) {
        definitions.push_back(fmt::format("CONSTRAINT {} UNIQUE ({})", dialect.quote(unique.name.view()),
                                          names_of(dialect, table, unique.columns.view())));
    }
    for (const ForeignKeyInfo& key : table.foreign_keys) {
        definitions.push_back(foreign_key_sql(dialect, table, key));
    }
    return fmt::format("CREATE TABLE IF NOT EXISTS {} (\n    {}\n)", dialect.quote(table.name),
                       fmt::join(definitions, ",\n    "));
}

// Clauses in the order both grammars take them: key columns, USING HASH (CockroachDB), covering columns, WHERE.
std::string create_index(const dialect::Dialect& dialect, const TableInfo& table, const IndexInfo& index) {
    std::string columns;
    for (const IndexColumn& column : index.columns) {
        columns += columns.empty() ? "" : ", ";
        columns += dialect.quote(table.columns[column.column].name);
        columns += column.descending ? " DESC" : "";
    }
    std::string text = fmt::format("CREATE {}INDEX IF NOT EXISTS {} ON {} ({})", index.unique ? "UNIQUE " : "",
                                   dialect.quote(index.name.view()), dialect.quote(table.name), columns);
    if (index.hash_sharded) {
        text += fmt::format(" {}", dialect.hash_sharding(table, index));
    }
    if (index.storing.size() > 0 && dialect.has_covering_columns()) {
        text +=
            fmt::format(" {}", dialect.covering_columns(table, index, names_of(dialect, table, index.storing.view())));
    }
    if (!index.predicate.empty()) {
        text += fmt::format(" WHERE {}", index.predicate);
    }
    return text;
}

std::vector<std::string> create_indexes(const dialect::Dialect& dialect, const TableInfo& table) {
    std::vector<std::string> statements;
    for (const IndexInfo& index : table.indexes) {
        statements.push_back(create_index(dialect, table, index));
    }
    return statements;
}

std::string drop_table(const dialect::Dialect& dialect, const TableInfo& table) {
    return fmt::format("DROP TABLE IF EXISTS {}", dialect.quote(table.name));
}

std::string insert(const dialect::Dialect& dialect, const TableInfo& table, std::size_t rows,
                   ColumnMask left_to_server) {
    const RowsText text = rows_text(dialect, table, rows, every_column(table) & ~left_to_server);
    return fmt::format("INSERT INTO {} ({}) VALUES {}{}", dialect.quote(table.name), text.columns, text.values,
                       returning_defaults(dialect, table, left_to_server));
}

std::string insert_returning_key(const dialect::Dialect& dialect, const TableInfo& table, ColumnMask left_to_server) {
    const ColumnMask key = ColumnMask{1} << table.key_index;
    const RowsText text = rows_text(dialect, table, 1, every_column(table) & ~key & ~left_to_server);
    const std::string row =
        text.columns.empty() ? "DEFAULT VALUES" : fmt::format("({}) VALUES {}", text.columns, text.values);
    return fmt::format("INSERT INTO {} {}{}", dialect.quote(table.name), row,
                       left_to_server == 0 ? " RETURNING " + dialect.quote(table.key().name)
                                           : returning_defaults(dialect, table, left_to_server));
}

std::string upsert(const dialect::Dialect& dialect, const TableInfo& table, std::size_t rows,
                   ColumnMask left_to_server) {
    const ColumnMask written = every_column(table) & ~left_to_server;
    const RowsText text = rows_text(dialect, table, rows, written);
    return dialect.upsert(table, columns_in(table, written), text.columns, text.values) +
           returning_defaults(dialect, table, left_to_server);
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
