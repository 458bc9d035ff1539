// CockroachDB spellings of types and server-assigned keys. unique_rowid() rather than a sequence: a sequence is a
// single point of contention across nodes, unique_rowid() is generated locally (unique, with gaps). Its values are
// highly time-ordered (insert time, then node ID), so one node's inserts land in one range: docs/dialects.md says
// what a write-heavy table should use instead.
#include <dialect/cockroachdb.hpp>

#include <algorithm>
#include <cstdint>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <orm/value_text.hpp>

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
//
// A historical read is the exception: rewinding to the savepoint would drop its timestamp (cockroachdb/cockroach
// issue 45540), so it is a plain transaction that a retry rolls back and begins again. It conflicts with no writer,
// so retries are rare.
std::string CockroachDB::begin_transaction(const TransactionMode& mode) const {
    std::vector<std::string> modes;
    switch (mode.priority) {
        case TransactionPriority::server_default:
            break;
        case TransactionPriority::low:
            modes.emplace_back("PRIORITY LOW");
            break;
        case TransactionPriority::normal:
            modes.emplace_back("PRIORITY NORMAL");
            break;
        case TransactionPriority::high:
            modes.emplace_back("PRIORITY HIGH");
            break;
    }
    if (mode.as_of) {
        modes.push_back("AS OF SYSTEM TIME " + as_of_system_time(*mode.as_of));  // read-only by itself
    } else if (mode.read_only) {
        modes.emplace_back("READ ONLY");
    }
    const std::string begin = modes.empty() ? "BEGIN" : fmt::format("BEGIN TRANSACTION {}", fmt::join(modes, ", "));
    return mode.as_of ? begin : begin + "; SAVEPOINT cockroach_restart";
}

// RELEASE commits; only COMMIT may follow it. If RELEASE fails, COMMIT is not run and the savepoint remains.
std::string CockroachDB::commit_transaction(const TransactionMode& mode) const {
    return mode.as_of ? "COMMIT" : "RELEASE SAVEPOINT cockroach_restart; COMMIT";
}

std::string CockroachDB::restart_transaction(const TransactionMode& mode) const {
    return mode.as_of ? "ROLLBACK" : "ROLLBACK TO SAVEPOINT cockroach_restart";
}
bool CockroachDB::restart_keeps_transaction(const TransactionMode& mode) const noexcept {
    return !mode.as_of;
}

// The argument of AS OF SYSTEM TIME. The server wants a constant there, not a parameter; the text comes from typed
// values only (a duration, a timestamp in its canonical form), so nothing a user typed reaches the SQL.
std::string CockroachDB::as_of_system_time(const HistoricalTime& time) {
    switch (time.kind()) {
        case HistoricalTime::Kind::follower_read:
            return "follower_read_timestamp()";
        case HistoricalTime::Kind::ago:
            return fmt::format("'-{}us'", std::max<std::int64_t>(time.age().count(), 0));
        case HistoricalTime::Kind::at:
            return fmt::format("'{}'", text::format_timestamp(time.time()));
    }
    return {};
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
