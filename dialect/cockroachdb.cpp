// CockroachDB spellings of types and server-assigned keys. unique_rowid() rather than a sequence: a sequence is a
// single point of contention across nodes, unique_rowid() is generated locally (unique, with gaps). Its values are
// highly time-ordered (insert time, then node ID), so one node's inserts land in one range: docs/dialects.md says
// what a write-heavy table should use instead.
#include <roachorm/dialect/cockroachdb.hpp>

#include <algorithm>
#include <cstdint>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <roachorm/orm/core/error.hpp>
#include <roachorm/orm/core/value_text.hpp>

namespace orm::dialect {

// INT / INT is DECIMAL here (docs/design.md, "What roachorm relies on"); FloorDiv of two INTs is Go's truncating
// integer division, which is what PostgreSQL's "/" of two integers does.
std::string_view CockroachDB::integer_division() const noexcept {
    return " // ";
}

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
        case SqlType::interval:
            return "INTERVAL";
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
// With target columns, UPSERT leaves the columns it does not name as they are in an existing row (CockroachDB's
// UPSERT docs, "Considerations"); roachorm always names them.
std::string CockroachDB::upsert(const TableInfo& table, std::span<const std::size_t>, std::string_view columns,
                                std::string_view values) const {
    return fmt::format("UPSERT INTO {} ({}) VALUES {}", quote(table.name), columns, values);
}

// unique_rowid() is the serial key's default (column_definition), so these are the keys an INSERT would have had.
std::string CockroachDB::reserve_serial_keys(const TableInfo&) const {
    return "SELECT unique_rowid() FROM generate_series(1, $1::INT8)";
}

std::string CockroachDB::covering_columns(const TableInfo&, const IndexInfo&, std::string_view columns) const {
    return fmt::format("STORING ({})", columns);
}

// The bucket count is left to the cluster (sql.defaults.default_hash_sharded_index_bucket_count), as CockroachDB's
// docs advise for most uses.
std::string CockroachDB::hash_sharding(const TableInfo&, const IndexInfo&) const {
    return "USING HASH";
}

// The client-side retry protocol: a savepoint named cockroach_restart marks the start of each attempt, so a retry
// rewinds to it instead of beginning a new transaction (the transaction keeps its priority across attempts).
// BEGIN and SAVEPOINT travel in one message.
//
// Two kinds of transaction are plain transactions that a retry rolls back and begins again:
// - a historical read: rewinding to the savepoint would drop its timestamp (cockroachdb/cockroach issue 45540). It
//   conflicts with no writer, so retries are rare.
// - READ COMMITTED: CockroachDB documents the savepoint protocol for SERIALIZABLE transactions; under READ COMMITTED
//   the server retries each statement itself, and the few 40001s that still reach the client (a deadlock between
//   lock waiters aborts the transaction; a statement that already streamed rows) are answered by running the whole
//   transaction again.
namespace {

bool uses_restart_savepoint(const TransactionMode& mode) {
    return !mode.as_of && mode.isolation == Isolation::serializable;
}

}  // namespace

// The isolation level is always named: without it the transaction gets the session's default_transaction_isolation,
// which a role, a database or the connection may set to READ COMMITTED. Modes are joined with commas, as the
// grammar's transaction_mode_list allows.
std::vector<std::string> CockroachDB::begin_statements(const TransactionMode& mode) const {
    if (mode.as_of && mode.isolation != Isolation::serializable) {
        throw Error(
            "TransactionOptions::as_of (AS OF SYSTEM TIME) together with isolation = read_committed: a historical "
            "read reads one fixed snapshot, so READ COMMITTED has nothing to change, and CockroachDB does not document "
            "the combination. Leave isolation at serializable for a historical read");
    }
    std::vector<std::string> modes;
    modes.emplace_back(mode.isolation == Isolation::read_committed ? "ISOLATION LEVEL READ COMMITTED"
                                                                   : "ISOLATION LEVEL SERIALIZABLE");
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
    std::vector<std::string> statements{fmt::format("BEGIN TRANSACTION {}", fmt::join(modes, ", "))};
    if (uses_restart_savepoint(mode)) {
        statements.emplace_back("SAVEPOINT cockroach_restart");
    }
    return statements;
}

// RELEASE commits; only COMMIT may follow it. If RELEASE fails, COMMIT is not run and the savepoint remains.
std::vector<std::string> CockroachDB::commit_statements(const TransactionMode& mode) const {
    if (uses_restart_savepoint(mode)) {
        return {"RELEASE SAVEPOINT cockroach_restart", "COMMIT"};
    }
    return {"COMMIT"};
}

std::string CockroachDB::restart_transaction(const TransactionMode& mode) const {
    return uses_restart_savepoint(mode) ? "ROLLBACK TO SAVEPOINT cockroach_restart" : "ROLLBACK";
}
bool CockroachDB::restart_keeps_transaction(const TransactionMode& mode) const noexcept {
    return uses_restart_savepoint(mode);
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
