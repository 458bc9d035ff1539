// PostgreSQL spellings of types and server-assigned keys.
#include <dialect/postgresql.hpp>

namespace orm::dialect {

std::string_view PostgreSQL::type_name(SqlType type) const noexcept {
    switch (type) {
        case SqlType::boolean:
            return "BOOLEAN";
        case SqlType::int16:
            return "SMALLINT";
        case SqlType::int32:
            return "INTEGER";
        case SqlType::int64:
            return "BIGINT";
        case SqlType::float32:
            return "REAL";
        case SqlType::float64:
            return "DOUBLE PRECISION";
        case SqlType::text:
            return "TEXT";
        case SqlType::uuid:
            return "UUID";
        case SqlType::timestamptz:
            return "TIMESTAMPTZ";
        case SqlType::bytes:
            return "BYTEA";
        case SqlType::decimal:
            return "NUMERIC";
    }
    return "";
}

std::string PostgreSQL::column_definition(const ColumnInfo& column, KeyKind key_kind) const {
    if (column.primary_key && key_kind == KeyKind::serial) {
        return "BIGSERIAL";  // NOT NULL and the sequence default are implied
    }
    std::string definition{type_name(column.type)};
    if (!column.nullable) {
        definition += " NOT NULL";
    }
    if (column.primary_key && key_kind == KeyKind::uuid) {
        definition += " DEFAULT gen_random_uuid()";
    }
    return definition;
}

}  // namespace orm::dialect
