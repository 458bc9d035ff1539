// PostgreSQL spellings of types and server-assigned keys.
#include <roachorm/dialect/postgresql.hpp>

#include <fmt/format.h>

#include <roachorm/orm/core/error.hpp>

namespace orm::dialect {
namespace {

// A standard-conforming string literal (standard_conforming_strings is on by default since PostgreSQL 9.1).
std::string string_literal(std::string_view text) {
    std::string literal = "'";
    for (char c : text) {
        literal += c;
        if (c == '\'') {
            literal += '\'';
        }
    }
    return literal + "'";
}

}  // namespace

std::string_view PostgreSQL::integer_division() const noexcept {
    return " / ";
}

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
        case SqlType::interval:
            return "INTERVAL";
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

// PostgreSQL has no UPSERT statement: INSERT ... ON CONFLICT on the key (Dialect::insert_on_conflict).
std::string PostgreSQL::upsert(const TableInfo& table, std::span<const std::size_t> written, std::string_view columns,
                               std::string_view values) const {
    return insert_on_conflict(table, written, columns, values);
}

// nextval of the BIGSERIAL's own sequence: the keys an INSERT would have drawn. pg_get_serial_sequence reads its first
// argument as SQL does (quoted identifiers keep their case), its second as a plain column name. The sequence is
// looked up once, in a materialized CTE: called per row, the lookup made 1000 keys cost 7 ms instead of 1 ms.
std::string PostgreSQL::reserve_serial_keys(const TableInfo& table) const {
    return fmt::format(
        "WITH key_sequence AS MATERIALIZED (SELECT pg_get_serial_sequence({}, {})::regclass AS name) "
        "SELECT nextval(key_sequence.name) FROM key_sequence, generate_series(1, $1::INT8)",
        string_literal(quote(table.name)), string_literal(table.key().name));
}

std::string PostgreSQL::covering_columns(const TableInfo&, const IndexInfo&, std::string_view columns) const {
    return fmt::format("INCLUDE ({})", columns);
}

// PostgreSQL's USING HASH names the hash index method, which orders nothing and is another thing altogether: a
// hash-sharded index is refused rather than turned into something else.
std::string PostgreSQL::hash_sharding(const TableInfo& table, const IndexInfo& index) const {
    throw Error(fmt::format(
        "index \"{}\" of table \"{}\" is declared .hash_sharded(): hash-sharded indexes (USING HASH) are "
        "CockroachDB-only and PostgreSQL has none. Remove .hash_sharded() from the model's orm::index to create it "
        "on PostgreSQL",
        index.name.view(), table.name));
}

// PostgreSQL defaults to READ COMMITTED, and default_transaction_isolation may say anything: the level is always
// named, SERIALIZABLE unless the caller chose READ COMMITTED. Priorities and historical reads have no PostgreSQL
// equivalent: refuse them rather than run something else.
std::vector<std::string> PostgreSQL::begin_statements(const TransactionMode& mode) const {
    if (mode.as_of) {
        throw Error(
            "TransactionOptions::as_of asks for a historical read (AS OF SYSTEM TIME), which only CockroachDB "
            "has; PostgreSQL cannot read the past. Leave as_of unset on PostgreSQL");
    }
    if (mode.priority != TransactionPriority::server_default) {
        throw Error(
            "TransactionOptions::priority sets a CockroachDB transaction priority; PostgreSQL has none. Leave "
            "priority at server_default on PostgreSQL");
    }
    const std::string_view begin = mode.isolation == Isolation::read_committed ? "BEGIN ISOLATION LEVEL READ COMMITTED"
                                                                               : "BEGIN ISOLATION LEVEL SERIALIZABLE";
    return {mode.read_only ? fmt::format("{} READ ONLY", begin) : std::string(begin)};
}

std::vector<std::string> PostgreSQL::commit_statements(const TransactionMode&) const {
    return {"COMMIT"};
}

// A serialization failure (or, under READ COMMITTED too, a deadlock) aborts the whole transaction: roll it back and
// begin again.
std::string PostgreSQL::restart_transaction(const TransactionMode&) const {
    return "ROLLBACK";
}
bool PostgreSQL::restart_keeps_transaction(const TransactionMode&) const noexcept {
    return false;
}

// 40001 serialization_failure, 40P01 deadlock_detected: both resolve by running the transaction again. Under READ
// COMMITTED the server raises no serialization failures of its own, but deadlocks remain, and a function or trigger
// may raise 40001 itself.
bool PostgreSQL::is_retryable(std::string_view sqlstate) const noexcept {
    return sqlstate == "40001" || sqlstate == "40P01";
}

// A COMMIT that the server answered with an error was not applied; only 40003 says the outcome is unknown.
bool PostgreSQL::commit_failure_is_ambiguous(std::string_view sqlstate) const noexcept {
    return sqlstate == "40003";
}

}  // namespace orm::dialect
