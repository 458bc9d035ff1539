// How the CockroachDB dialect reads the catalog: SHOW TABLES and SHOW COLUMNS, whose result columns are read by
// name (versions add columns such as estimated_row_count, locality and comment), and what a key's default must be.
#include <roachorm/dialect/cockroachdb.hpp>

#include <algorithm>

#include <fmt/format.h>

#include <roachorm/dialect/type_normalization.hpp>
#include <roachorm/orm/core/value_text.hpp>

namespace orm::dialect {

ReflectionQuery CockroachDB::table_names_query(std::string_view) const {
    return {"SHOW TABLES", {}};
}

// SHOW TABLES lists every user schema of the current database, so rows are kept only for `schema`. Its type is
// "table", "view", "materialized view" or "sequence"; only a "table" is one a model can use.
std::vector<std::string> CockroachDB::table_names(const ResultSet& result, std::string_view schema) const {
    const std::size_t schema_name = result.column("schema_name");
    const std::size_t table_name = result.column("table_name");
    const std::size_t type = result.column("type");
    std::vector<std::string> names;
    for (const auto& row : result.rows) {
        if (row[schema_name] == schema && row[type] == "table" && row[table_name]) {
            names.push_back(*row[table_name]);
        }
    }
    std::ranges::sort(names);
    return names;
}

// SHOW COLUMNS takes no parameters: the names are quoted identifiers. Qualifying the table with the current schema
// keeps the search path from finding a same-named table elsewhere (pg_catalog's, for one).
ReflectionQuery CockroachDB::columns_query(std::string_view schema, std::string_view table) const {
    return {fmt::format("SHOW COLUMNS FROM {}.{}", quote(schema), quote(table)), {}};
}

// Hidden columns (the implicit rowid of a table without a primary key) are not the user's; is_hidden is read when
// the server reports it. generation_expression is the empty string for an ordinary column; when a server does not
// report it, no column is known to be computed.
std::vector<ColumnDescription> CockroachDB::columns(const ResultSet& result) const {
    const std::size_t name = result.column("column_name");
    const std::size_t data_type = result.column("data_type");
    const std::size_t nullable = result.column("is_nullable");
    const std::size_t default_expression = result.column("column_default");
    const std::optional<std::size_t> hidden = result.find_column("is_hidden");
    const std::optional<std::size_t> generation = result.find_column("generation_expression");
    std::vector<ColumnDescription> columns;
    for (const auto& row : result.rows) {
        if (hidden && row[*hidden] && text::parse_bool(*row[*hidden])) {
            continue;
        }
        std::optional<std::string> generation_expression;
        if (generation && row[*generation] && !row[*generation]->empty()) {
            generation_expression = *row[*generation];
        }
        columns.push_back({.name = row[name].value_or(""),
                           .type = normalize_type(row[data_type].value_or("")),
                           .nullable = text::parse_bool(row[nullable].value_or("true")),
                           .default_expression = row[default_expression],
                           .generation_expression = std::move(generation_expression)});
    }
    return columns;
}

// INT and INTEGER are INT8 on CockroachDB (its default_int_size is 8).
std::string CockroachDB::normalize_type(std::string_view server_type) const {
    return normalize_type_name(server_type, "int8");
}

std::string_view CockroachDB::key_default(KeyKind kind) const noexcept {
    switch (kind) {
        case KeyKind::serial:
            return "unique_rowid()";
        case KeyKind::uuid:
            return "gen_random_uuid()";
        case KeyKind::application:
            break;
    }
    return "";
}

// The serial_normalization setting turns SERIAL into unique_rowid(), unordered_unique_rowid() or a sequence's
// nextval(...); each gives unique INT8 keys, so each serves a serial key.
bool CockroachDB::generates_key(KeyKind kind, std::string_view default_expression) const noexcept {
    switch (kind) {
        case KeyKind::serial:
            return default_expression == "unique_rowid()" || default_expression == "unordered_unique_rowid()" ||
                   default_expression.starts_with("nextval(");
        case KeyKind::uuid:
            return default_expression == "gen_random_uuid()";
        case KeyKind::application:
            break;
    }
    return true;
}

}  // namespace orm::dialect
