// CockroachDB spellings of types and server-assigned keys. unique_rowid() rather than a sequence: sequences
// are a single point of contention across nodes, unique_rowid() is generated locally (unique, unordered, gaps).
#include <dialect/cockroachdb.hpp>

namespace orm::dialect {

std::string_view CockroachDB::type_name(SqlType type) const noexcept {
    switch (type) {
        case SqlType::boolean:
            return "BOOL";
        case SqlType::int16:
            return "INT2";
        case SqlType::int32:
            return "INT4";
        case SqlType::int64:
            return "INT8";
        case SqlType::float32:
            return "FLOAT4";
        case SqlType::float64:
            return "FLOAT8";
        case SqlType::text:
            return "STRING";
        case SqlType::uuid:
            return "UUID";
        case SqlType::timestamptz:
            return "TIMESTAMPTZ";
        case SqlType::bytes:
            return "BYTES";
        case SqlType::decimal:
            return "DECIMAL";
    }
    return "";
}

std::string CockroachDB::column_definition(const ColumnInfo& column, KeyKind key_kind) const {
    std::string definition{type_name(column.type)};
    if (!column.nullable) {
        definition += " NOT NULL";
    }
    if (column.primary_key && key_kind == KeyKind::serial) {
        definition += " DEFAULT unique_rowid()";
    } else if (column.primary_key && key_kind == KeyKind::uuid) {
        definition += " DEFAULT gen_random_uuid()";
    }
    return definition;
}

}  // namespace orm::dialect
