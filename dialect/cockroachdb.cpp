// CockroachDB spellings of types and server-assigned keys. unique_rowid() rather than a sequence: sequences
// are a single point of contention across nodes, unique_rowid() is generated locally (unique, unordered, gaps).
#include <dialect/cockroachdb.hpp>

#include <fmt/format.h>

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

// UPSERT writes blindly without reading the row first, which is cheaper than INSERT ... ON CONFLICT when every column
// is written anyway.
std::string CockroachDB::upsert(const TableInfo& table, std::string_view columns, std::string_view values) const {
    return fmt::format("UPSERT INTO {} ({}) VALUES {}", quote(table.name), columns, values);
}

// The client-side retry protocol: a savepoint named cockroach_restart marks the start of each attempt, so a retry
// rewinds to it instead of beginning a new transaction (the transaction keeps its priority across attempts).
// BEGIN and SAVEPOINT travel in one message.
std::string CockroachDB::begin_transaction(bool read_only) const {
    return read_only ? "BEGIN TRANSACTION READ ONLY; SAVEPOINT cockroach_restart"
                     : "BEGIN; SAVEPOINT cockroach_restart";
}

// RELEASE commits; only COMMIT may follow it. If RELEASE fails, COMMIT is not run and the savepoint remains.
std::string CockroachDB::commit_transaction() const {
    return "RELEASE SAVEPOINT cockroach_restart; COMMIT";
}

std::string CockroachDB::restart_transaction() const {
    return "ROLLBACK TO SAVEPOINT cockroach_restart";
}
bool CockroachDB::restart_keeps_transaction() const noexcept {
    return true;
}

// CockroachDB reports every retryable condition as 40001 ("restart transaction: ...").
bool CockroachDB::is_retryable(std::string_view sqlstate) const noexcept {
    return sqlstate == "40001";
}

// RELEASE is where CockroachDB commits: any error there other than a retry request leaves the outcome unknown.
bool CockroachDB::commit_failure_is_ambiguous(std::string_view sqlstate) const noexcept {
    return !is_retryable(sqlstate);
}

}  // namespace orm::dialect
