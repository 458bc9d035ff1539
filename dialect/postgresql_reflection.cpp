// How the PostgreSQL dialect reads the catalog: information_schema, with the schema and table names bound as
// parameters, the type composed from information_schema's modifier columns, and what a key's default must be.
#include <roachorm/dialect/postgresql.hpp>

#include <algorithm>

#include <fmt/format.h>

#include <roachorm/dialect/type_normalization.hpp>

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

}  // namespace

ReflectionQuery PostgreSQL::table_names_query(std::string_view schema) const {
    return {"SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'",
            {std::string(schema)}};
}

// The query already keeps only the schema's base tables.
std::vector<std::string> PostgreSQL::table_names(const ResultSet& result, std::string_view) const {
    const std::size_t name = result.column("table_name");
    std::vector<std::string> names;
    for (const auto& row : result.rows) {
        names.push_back(row[name].value_or(""));
    }
    std::ranges::sort(names);
    return names;
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
