// The interface every SQL dialect implements: how it spells types, keys, identifiers and parameters, runs transactions
// and reads the catalog. Only dialect/ spells SQL that differs between servers; orm/ composes standard SQL around it.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <roachorm/orm/core/connection_types.hpp>
#include <roachorm/orm/core/result_set.hpp>
#include <roachorm/orm/mapping/column_description.hpp>
#include <roachorm/orm/mapping/model.hpp>
#include <roachorm/orm/mapping/table_description.hpp>
#include <roachorm/orm/options/transaction_mode.hpp>
#include <roachorm/orm/options/url.hpp>

namespace orm::dialect {

// A catalog query: its text and its bound parameters (the schema and table names, never spliced in when the
// server accepts parameters).
struct ReflectionQuery {
    std::string sql;
    std::vector<TextValue> params;
};

// The text before and after an expression that it wraps.
struct Enclosure {
    std::string_view before;
    std::string_view after;
};

class Dialect {
public:
    virtual ~Dialect() = default;

    virtual DialectKind kind() const noexcept = 0;
    virtual std::string_view name() const noexcept = 0;

    // The type of a column as CREATE TABLE spells it.
    virtual std::string_view type_name(SqlType type) const noexcept = 0;
    // The operator that divides two integers into an integer, truncating toward zero (" / " on PostgreSQL; on
    // CockroachDB "/" of two integers is a DECIMAL, and " // " is the truncating one).
    virtual std::string_view integer_division() const noexcept = 0;
    // "<type> NOT NULL DEFAULT ..." for a column (without its name); the key's default comes from its KeyKind.
    virtual std::string column_definition(const ColumnInfo& column, KeyKind key_kind) const = 0;
    // A query that returns $1 fresh keys for the serial key of `table`, one per row, each unique and never handed out
    // again; roachorm writes them explicitly rather than reading server-assigned keys back from a multi-row RETURNING.
    // Where reserves_key_ranges(), it instead takes no parameter and returns one row: the largest key in use, after
    // which every key is free to the transaction.
    virtual std::string reserve_serial_keys(const TableInfo& table) const = 0;
    virtual bool reserves_key_ranges() const noexcept { return false; }
    // Whether an index can carry covering columns. SQLite's cannot, and there an index is made on its key columns
    // alone: covering columns only let the index answer more reads by itself, they never change a result.
    virtual bool has_covering_columns() const noexcept { return true; }
    // The clause of CREATE INDEX that adds the covering columns `columns` ("title, body") to `index` of `table`
    // without making them key columns: STORING on CockroachDB, INCLUDE on PostgreSQL; empty without
    // has_covering_columns().
    virtual std::string covering_columns(const TableInfo& table, const IndexInfo& index,
                                         std::string_view columns) const = 0;
    // The clause of CREATE INDEX that makes `index` of `table` hash-sharded ("USING HASH"). Throws orm::Error on a
    // server that has no hash-sharded indexes, naming the table and the index.
    virtual std::string hash_sharding(const TableInfo& table, const IndexInfo& index) const = 0;

    // An INSERT of `values` ("($1, $2), ($3, $4)") into `columns` ("id, balance"), the columns `written` in
    // declaration order, that overwrites those columns of the row with the same primary key when there is one.
    virtual std::string upsert(const TableInfo& table, std::span<const std::size_t> written, std::string_view columns,
                               std::string_view values) const = 0;

    // The transaction protocol for a transaction of `mode`: the statements that begin it and those that commit it,
    // each sent on its own (roachorm pipelines them with the transaction's first and last statements).
    // begin_statements throws orm::Error for a mode the server cannot honour.
    virtual std::vector<std::string> begin_statements(const TransactionMode& mode) const = 0;
    virtual std::vector<std::string> commit_statements(const TransactionMode& mode) const = 0;
    // The same as one simple-query message ("BEGIN ...; SAVEPOINT cockroach_restart"), for code that sends
    // transaction control as one string, like the benchmark's hand-written contenders.
    std::string begin_transaction(const TransactionMode& mode) const;
    std::string commit_transaction(const TransactionMode& mode) const;
    // After a retryable error: make the transaction ready for the next attempt. When restart_keeps_transaction()
    // is false the transaction is over and begin_transaction() starts the next attempt.
    virtual std::string restart_transaction(const TransactionMode& mode) const = 0;
    virtual bool restart_keeps_transaction(const TransactionMode& mode) const noexcept = 0;
    // The most parameters one statement may bind; multi-row INSERTs and UPSERTs are split to stay within it. Both
    // servers count a Bind message's parameters in an Int16.
    virtual std::size_t max_parameters() const noexcept { return 65535; }
    // Abandons the transaction (after a failure, or a callback that threw).
    virtual std::string rollback_transaction() const { return "ROLLBACK"; }
    // Undoes what begin_statements set on the connection beyond the transaction, for a transaction that ended without
    // roachorm's COMMIT or ROLLBACK (which undo it themselves); empty when BEGIN sets nothing that outlives it.
    virtual std::string reset_connection() const { return {}; }

    // Whether the server asks the client to run the whole transaction again.
    virtual bool is_retryable(std::string_view sqlstate) const noexcept = 0;
    // Whether a commit that failed with `sqlstate` may nonetheless have been applied.
    virtual bool commit_failure_is_ambiguous(std::string_view sqlstate) const noexcept = 0;

    // Schema reflection (Database::table_names, columns, check_schema). `schema` is the session's current_schema().
    // Results are read by column name, never by position: the servers add and reorder the columns of their catalog
    // listings from one version to the next.
    virtual ReflectionQuery table_names_query(std::string_view schema) const = 0;
    // The base tables of `schema` in the query's result (no views, sequences or objects being dropped), sorted. By
    // default the query keeps only those already, and names them in its `table_name` column.
    virtual std::vector<std::string> table_names(const ResultSet& result, std::string_view schema) const;
    virtual ReflectionQuery columns_query(std::string_view schema, std::string_view table) const = 0;
    // The visible columns in the query's result, in declaration order, types normalized. No rows: no such table.
    virtual std::vector<ColumnDescription> columns(const ResultSet& result) const = 0;
    // The table's primary key, foreign keys and unique constraints, and its indexes: two listings, read together by
    // read_constraints, which fills `table`'s key, foreign_keys, uniques and indexes. An index that backs the key or
    // a unique constraint is reported once, as that constraint.
    virtual ReflectionQuery constraints_query(std::string_view schema, std::string_view table) const = 0;
    virtual ReflectionQuery indexes_query(std::string_view schema, std::string_view table) const = 0;
    virtual void read_constraints(const ResultSet& constraints, const ResultSet& indexes,
                                  TableDescription& table) const = 0;
    // A type name as this server reads it, in the spelling shared by all dialects (dialect/type_normalization.hpp).
    virtual std::string normalize_type(std::string_view server_type) const = 0;
    std::string canonical_type(SqlType type) const { return normalize_type(type_name(type)); }
    // The server default a key of `kind` needs, as messages show it ("unique_rowid()"); empty for application keys.
    virtual std::string_view key_default(KeyKind kind) const noexcept = 0;
    // Whether a key column's default expression generates keys of `kind` (any default will do for application keys).
    virtual bool generates_key(KeyKind kind, std::string_view default_expression) const noexcept = 0;

    // Throws orm::Error for a `value` of `type` the server cannot compute or compare with correctly when it meets an
    // operator (SQLite reads NaN and infinities as 0 there); nothing on PostgreSQL and CockroachDB.
    virtual void check_operand(const TextValue& value, SqlType type) const;
    // The parameter at `position` (from 1): "$1" on PostgreSQL and CockroachDB.
    virtual std::string placeholder(std::size_t position) const;
    // The parameter at `position` typed as `type` ("$1::INTERVAL"), where an operator alone would leave the server to
    // guess its type. Throws orm::Error for a type the server has no arithmetic of its own for.
    virtual std::string typed_placeholder(std::size_t position, SqlType type) const;
    // The parameter at `position` holding a value of `type` where the value meets an operator: "$1", as both servers
    // infer its type from the operator.
    virtual std::string known_type_placeholder(std::size_t position, SqlType type) const;
    // The operator `op` ("+", "-", "*", "/") of timestamp and interval arithmetic; throws orm::Error on a server
    // without timestamp and interval types.
    virtual std::string_view temporal_operator(std::string_view op) const;
    // The clock of the current transaction in an expression ("now()"); throws orm::Error on a server without one.
    virtual std::string_view transaction_time() const;
    // A DEFAULT expression as orm/mapping spells it for every server ("now()", "true", a number, a quoted literal),
    // in this server's spelling.
    virtual std::string server_default(std::string_view expression) const;
    // `column` in a list of values bound as one parameter, so that one statement text serves any number of values:
    // list_parameter() is that parameter's text (a PostgreSQL array literal of `elements`), in_list() the condition
    // after the column (" = ANY($1::INT8[])", the parameter at `position`, of `element` values).
    virtual TextValue list_parameter(std::span<const TextValue> elements) const;
    virtual std::string in_list(std::size_t position, SqlType element) const;
    // What follows a bool column that is a condition by itself ("WHERE open"): nothing, as the servers store a bool.
    virtual std::string_view bool_column_test() const;
    // The operator of a case-insensitive LIKE (" ILIKE ").
    virtual std::string_view case_insensitive_like() const;
    // The clause that locks the rows a SELECT reads (" FOR UPDATE"); throws orm::Error on a server without row locks.
    virtual std::string_view row_lock() const;
    // Around "(SELECT ...)" in the statement that says whether a query has rows, yielding a bool as roachorm reads it
    // ("t" or "f"): "SELECT EXISTS " and nothing after.
    virtual Enclosure exists_result() const;
    // The query whose one row and column is the schema unqualified table names resolve to, where create_all put the
    // tables ("SELECT current_schema()").
    virtual std::string_view current_schema_query() const;
    // The identifier as it must appear in SQL: bare when it is lower-case and reserved by neither server,
    // else double-quoted (quoting the union of both servers' reserved words keeps one rule for both).
    std::string quote(std::string_view identifier) const;

protected:
    // INSERT ... ON CONFLICT (key) DO UPDATE SET c = EXCLUDED.c, ...: upsert() of PostgreSQL and SQLite, which
    // spell it alike.
    std::string insert_on_conflict(const TableInfo& table, std::span<const std::size_t> written,
                                   std::string_view columns, std::string_view values) const;
};

const Dialect& postgresql();
const Dialect& cockroachdb();
const Dialect& sqlite();
const Dialect& for_kind(DialectKind kind);

}  // namespace orm::dialect
