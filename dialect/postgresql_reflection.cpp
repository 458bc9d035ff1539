// How the PostgreSQL dialect reads the catalog: information_schema for columns and pg_catalog for constraints and
// indexes, with the schema and table names bound as parameters, and what a key's default must be.
#include <roachorm/dialect/postgresql.hpp>

#include <fmt/format.h>

#include <roachorm/dialect/type_normalization.hpp>
#include <roachorm/orm/core/value_text.hpp>

namespace orm::dialect {
namespace {

// information_schema spells a type as data_type plus separate modifier columns (and names array and user-defined
// types only in udt_name, e.g. "_int4"); put them back together so normalization sees one type name.
std::string spelled_type(const std::string& data_type, const std::string& udt_name, const TextValue& length,
                         const TextValue& precision, const TextValue& scale, const TextValue& datetime_precision) {
    if (data_type == "ARRAY") {
        return udt_name.substr(1) + "[]";
    }
    if (data_type == "USER-DEFINED") {
        return udt_name;
    }
    if (length) {
        return fmt::format("{}({})", data_type, *length);
    }
    // information_schema calls both CHARACTER(n) and a bpchar without a length "character"; only the former has a
    // length, and the latter is unbounded.
    if (data_type == "character") {
        return "bpchar";
    }
    if (data_type == "numeric" && precision) {
        return fmt::format("numeric({},{})", *precision, scale.value_or("0"));
    }
    const bool has_fractional_seconds = data_type.starts_with("timestamp") || data_type.starts_with("time ");
    if (has_fractional_seconds && datetime_precision) {
        return fmt::format("{}({})", data_type, *datetime_precision);
    }
    return data_type;
}

// pg_constraint's confdeltype/confupdtype: a = no action, r = restrict, c = cascade, n = set null, d = set default.
Action referential_action(const TextValue& code) {
    const char c = code && !code->empty() ? code->front() : 'a';
    switch (c) {
        case 'r':
            return Action::restrict;
        case 'c':
            return Action::cascade;
        case 'n':
            return Action::set_null;
        case 'd':
            return Action::set_default;
        default:
            return Action::no_action;
    }
}

}  // namespace

ReflectionQuery PostgreSQL::table_names_query(std::string_view schema) const {
    return {"SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'",
            {std::string(schema)}};
}

ReflectionQuery PostgreSQL::columns_query(std::string_view schema, std::string_view table) const {
    return {
        "SELECT column_name, data_type, udt_name, character_maximum_length, numeric_precision, numeric_scale, "
        "datetime_precision, is_nullable, column_default, generation_expression FROM information_schema.columns "
        "WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position",
        {std::string(schema), std::string(table)}};
}

std::vector<ColumnDescription> PostgreSQL::columns(const ResultSet& result) const {
    const std::size_t name = result.column("column_name");
    const std::size_t data_type = result.column("data_type");
    const std::size_t udt_name = result.column("udt_name");
    const std::size_t length = result.column("character_maximum_length");
    const std::size_t precision = result.column("numeric_precision");
    const std::size_t scale = result.column("numeric_scale");
    const std::size_t datetime_precision = result.column("datetime_precision");
    const std::size_t nullable = result.column("is_nullable");
    const std::size_t default_expression = result.column("column_default");
    // NULL unless the column is generated (GENERATED ALWAYS AS (...) STORED).
    const std::size_t generation_expression = result.column("generation_expression");
    std::vector<ColumnDescription> columns;
    for (const auto& row : result.rows) {
        const std::string type = spelled_type(row[data_type].value_or(""), row[udt_name].value_or(""), row[length],
                                              row[precision], row[scale], row[datetime_precision]);
        columns.push_back({.name = row[name].value_or(""),
                           .type = normalize_type(type),
                           .nullable = row[nullable] == "YES",
                           .default_expression = row[default_expression],
                           .generation_expression = row[generation_expression]});
    }
    return columns;
}

// One row per constraint column, in the constraint's column order. unnest pads the shorter array with NULLs, so a key
// or unique constraint (no confkey) gets NULL referenced columns.
ReflectionQuery PostgreSQL::constraints_query(std::string_view schema, std::string_view table) const {
    return {
        "SELECT c.conname AS constraint_name, c.contype AS constraint_type, a.attname AS column_name, "
        "r.relname AS referenced_table, ra.attname AS referenced_column, c.confdeltype AS on_delete, "
        "c.confupdtype AS on_update "
        "FROM pg_catalog.pg_constraint c "
        "JOIN pg_catalog.pg_class t ON t.oid = c.conrelid "
        "JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace "
        "CROSS JOIN LATERAL unnest(c.conkey, c.confkey) WITH ORDINALITY AS k(attnum, referenced_attnum, position) "
        "JOIN pg_catalog.pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum "
        "LEFT JOIN pg_catalog.pg_class r ON r.oid = c.confrelid "
        "LEFT JOIN pg_catalog.pg_attribute ra ON ra.attrelid = c.confrelid AND ra.attnum = k.referenced_attnum "
        "WHERE n.nspname = $1 AND t.relname = $2 AND c.contype IN ('p', 'u', 'f') "
        "ORDER BY c.conname, k.position",
        {std::string(schema), std::string(table)}};
}

// One row per index column, key columns first (indnkeyatts of them), then the INCLUDE columns; indoption's bit 0 is
// DESC and it has entries for the key columns only. An expression column has attnum 0 and is read back with
// pg_get_indexdef. Indexes that back a primary key, unique or exclusion constraint (conindid) are left out: they are
// reported as their constraint.
ReflectionQuery PostgreSQL::indexes_query(std::string_view schema, std::string_view table) const {
    return {
        "SELECT i.relname AS index_name, x.indisunique AS is_unique, "
        "COALESCE(a.attname, pg_catalog.pg_get_indexdef(x.indexrelid, k.position::int, true)) AS column_name, "
        "k.position > x.indnkeyatts AS storing, COALESCE((k.option & 1) = 1, false) AS descending, "
        "pg_catalog.pg_get_expr(x.indpred, x.indrelid, true) AS predicate "
        "FROM pg_catalog.pg_index x "
        "JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid "
        "JOIN pg_catalog.pg_class t ON t.oid = x.indrelid "
        "JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace "
        "CROSS JOIN LATERAL unnest(x.indkey::int2[], x.indoption::int2[]) WITH ORDINALITY AS k(attnum, option, "
        "position) "
        "LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum AND k.attnum > 0 "
        "WHERE n.nspname = $1 AND t.relname = $2 AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c "
        "WHERE c.conindid = x.indexrelid AND c.conrelid = x.indrelid AND c.contype IN ('p', 'u', 'x')) "
        "ORDER BY i.relname, k.position",
        {std::string(schema), std::string(table)}};
}

// Rows arrive grouped by name in column order, so a new name starts a new constraint or index.
void PostgreSQL::read_constraints(const ResultSet& constraints, const ResultSet& indexes,
                                  TableDescription& table) const {
    const std::size_t name = constraints.column("constraint_name");
    const std::size_t type = constraints.column("constraint_type");
    const std::size_t column = constraints.column("column_name");
    const std::size_t referenced_table = constraints.column("referenced_table");
    const std::size_t referenced_column = constraints.column("referenced_column");
    const std::size_t on_delete = constraints.column("on_delete");
    const std::size_t on_update = constraints.column("on_update");
    for (const auto& row : constraints.rows) {
        const std::string constraint = row[name].value_or("");
        const std::string column_name = row[column].value_or("");
        const std::string kind = row[type].value_or("");
        if (kind == "p") {
            if (!table.key) {
                table.key = KeyDescription{.name = constraint, .columns = {}};
            }
            table.key->columns.push_back(column_name);
        } else if (kind == "u") {
            if (table.uniques.empty() || table.uniques.back().name != constraint) {
                table.uniques.push_back({.name = constraint, .columns = {}});
            }
            table.uniques.back().columns.push_back(column_name);
        } else if (kind == "f") {
            if (table.foreign_keys.empty() || table.foreign_keys.back().name != constraint) {
                table.foreign_keys.push_back({.name = constraint,
                                              .columns = {},
                                              .referenced_table = row[referenced_table].value_or(""),
                                              .referenced_columns = {},
                                              .on_delete = referential_action(row[on_delete]),
                                              .on_update = referential_action(row[on_update])});
            }
            table.foreign_keys.back().columns.push_back(column_name);
            table.foreign_keys.back().referenced_columns.push_back(row[referenced_column].value_or(""));
        }
    }

    const std::size_t index_name = indexes.column("index_name");
    const std::size_t is_unique = indexes.column("is_unique");
    const std::size_t index_column = indexes.column("column_name");
    const std::size_t storing = indexes.column("storing");
    const std::size_t descending = indexes.column("descending");
    const std::size_t predicate = indexes.column("predicate");
    for (const auto& row : indexes.rows) {
        const std::string index = row[index_name].value_or("");
        if (table.indexes.empty() || table.indexes.back().name != index) {
            table.indexes.push_back({.name = index,
                                     .columns = {},
                                     .storing = {},
                                     .predicate = row[predicate].value_or(""),
                                     .unique = text::parse_bool(row[is_unique].value_or("f"))});
        }
        IndexDescription& described = table.indexes.back();
        if (text::parse_bool(row[storing].value_or("f"))) {
            described.storing.push_back(row[index_column].value_or(""));
        } else {
            described.columns.push_back({.name = row[index_column].value_or(""),
                                         .descending = text::parse_bool(row[descending].value_or("f"))});
        }
    }
}

std::string PostgreSQL::normalize_type(std::string_view server_type) const {
    return normalize_type_name(server_type, "int4");
}

std::string_view PostgreSQL::key_default(KeyKind kind) const noexcept {
    switch (kind) {
        case KeyKind::serial:
            return "nextval(...)";
        case KeyKind::uuid:
            return "gen_random_uuid()";
        case KeyKind::application:
            break;
    }
    return "";
}

// The server prints defaults in its own canonical form: BIGSERIAL's is "nextval('<table>_<column>_seq'::regclass)".
bool PostgreSQL::generates_key(KeyKind kind, std::string_view default_expression) const noexcept {
    switch (kind) {
        case KeyKind::serial:
            return default_expression.starts_with("nextval(");
        case KeyKind::uuid:
            return default_expression == "gen_random_uuid()";
        case KeyKind::application:
            break;
    }
    return true;
}

}  // namespace orm::dialect
