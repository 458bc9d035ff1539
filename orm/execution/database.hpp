// orm::Database: the entry point built from a URL. It knows the dialect, owns the connection pool and the
// statement echo, and creates, drops and inspects tables. Transactions come from orm::run_transaction(db, fn).
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <roachorm/dialect/dialect.hpp>
#include <roachorm/orm/core/error.hpp>
#include <roachorm/orm/execution/connection.hpp>
#include <roachorm/orm/execution/connection_pool.hpp>
#include <roachorm/orm/execution/schema_check.hpp>
#include <roachorm/orm/execution/server_order.hpp>
#include <roachorm/orm/execution/statement_log.hpp>
#include <roachorm/orm/mapping/column_description.hpp>
#include <roachorm/orm/mapping/table_description.hpp>
#include <roachorm/orm/options/transaction_options.hpp>
#include <roachorm/orm/options/url.hpp>
#include <roachorm/orm/sql/statements.hpp>

namespace orm {

struct DatabaseOptions {
    std::size_t pool_size = 8;
    std::chrono::milliseconds acquire_timeout{10'000};  // how long run_transaction waits for a free connection
    // How long run_transaction keeps trying to connect, with backoff, when no server accepts a connection after one
    // did before (a node restarting, a failover). A database that never accepted one fails at once.
    std::chrono::milliseconds connect_deadline{10'000};
    bool echo = false;                 // log every statement with its duration
    bool echo_parameters = false;      // ... and its bound values (never on by default)
    LogSink log_sink{};                // where echo lines go; stderr when empty
    TransactionOptions transaction{};  // run_transaction's defaults
};

class Database {
public:
    // The URL's own query may set pool_size, acquire_timeout_ms, connect_deadline_ms, echo, echo_parameters and
    // max_retries; they
    // override `options`. Everything else in the URL goes to libpq. Throws orm::ConfigError for a malformed URL,
    // an unknown scheme or a bad option value. Does not connect yet: the pool connects on first use.
    explicit Database(std::string_view url, DatabaseOptions options = {});
    // The URL in the DATABASE_URL environment variable; orm::ConfigError when it is not set.
    static Database from_environment(DatabaseOptions options = {});

    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    const dialect::Dialect& dialect() const noexcept { return dialect_; }
    const DatabaseUrl& url() const noexcept { return url_; }
    const DatabaseOptions& options() const noexcept { return options_; }
    ConnectionPool& pool() noexcept { return pool_; }

    // A new connection outside the pool, in autocommit mode; orm::ConnectFailedError when no server accepts it.
    // With several servers in the URL, each new connection starts one further along the list, and servers that
    // failed in the last seconds are tried last (orm/execution/server_order.hpp).
    std::unique_ptr<Connection> connect() const;

    // Whether a connection to this database ever succeeded: then a failure to connect is taken for a passing outage.
    bool was_reachable() const noexcept { return reachable_.load(std::memory_order_relaxed); }

    // The connection to `server` was lost: idle pooled connections to it are closed, and new connections try it
    // last for a while.
    void connection_lost(const std::string& server);

    // CREATE TABLE IF NOT EXISTS for each model, with its key, unique constraints and foreign keys, then CREATE INDEX
    // IF NOT EXISTS for each of their indexes: each statement on its own, outside any transaction (DDL stays out of
    // transactions), and idempotent. The tables are created in foreign-key order whatever order Ts lists them in:
    // each after every listed model it references (orm/sql/table_order.hpp). A referenced model that Ts does not
    // list is assumed to exist already; if it does not, the server refuses the referencing table. A hash-sharded
    // index on PostgreSQL is an orm::Error thrown before any statement is sent.
    template <Model... Ts>
    void create_all() {
        const std::array<const TableStatements*, sizeof...(Ts)> tables{&orm::statements<Ts>(dialect_)...};
        create_tables(tables);
    }

    // DROP TABLE IF EXISTS for each model, each statement on its own, in reverse foreign-key order (a referencing
    // table before the tables it references) whatever order Ts lists them in.
    template <Model... Ts>
    void drop_all() {
        const std::array<const TableStatements*, sizeof...(Ts)> tables{&orm::statements<Ts>(dialect_)...};
        drop_tables(tables);
    }

    // The base tables of the session's current schema, sorted: no views, sequences or tables being dropped.
    std::vector<std::string> table_names();

    // The visible columns of `table` in the current schema, in declaration order, with types normalized by the
    // dialect (Dialect::normalize_type). A table that does not exist is an orm::DatabaseError with SQLSTATE 42P01
    // whose message names it and suggests create_all, whichever the dialect.
    std::vector<ColumnDescription> columns(std::string_view table);

    // Everything check_schema compares about `table` in the current schema: its columns (as columns() reports them),
    // primary key, foreign keys, unique constraints and the indexes that back no constraint. Four round trips on one
    // connection: the current schema, the columns, the constraints and the indexes. A table that does not exist is
    // the same orm::DatabaseError as from columns().
    TableDescription describe(std::string_view table);

    // Every difference between model T and its live table, one sentence each (see orm/execution/schema_check.hpp);
    // empty when they match. For a start-up check that reports rather than throws. Costs describe()'s four round
    // trips (two when the table does not exist).
    template <Model T>
    std::vector<std::string> schema_differences() {
        return compare_schema(model_traits<T>::table, live_description(model_traits<T>::table_name), dialect_);
    }

    // Throws orm::SchemaMismatch listing every difference between model T and its live table (a missing table
    // included). Costs what schema_differences<T>() costs: four round trips on one connection.
    template <Model T>
    void check_schema() {
        if (auto differences = schema_differences<T>(); !differences.empty()) {
            throw SchemaMismatch(std::string(model_traits<T>::table_name), std::move(differences));
        }
    }

private:
    Database(std::pair<DatabaseUrl, DatabaseOptions> parsed);
    void create_tables(std::span<const TableStatements* const> tables);
    void drop_tables(std::span<const TableStatements* const> tables);
    void run_each(const std::vector<const std::string*>& statements);
    // describe(table), or std::nullopt when it does not exist.
    std::optional<TableDescription> live_description(std::string_view table);

    DatabaseOptions options_;
    DatabaseUrl url_;
    const dialect::Dialect& dialect_;
    std::optional<StatementLog> log_;
    // Both change as connections are made, which does not change the Database as its users see it.
    mutable ServerOrder server_order_;
    mutable std::atomic<bool> reachable_ = false;
    std::string sqlite_file_;  // what a SQLite connection opens (see connect())
    mutable std::once_flag memory_kept_;
    mutable std::unique_ptr<Connection> memory_keeper_;  // holds a sqlite::memory: database open
    ConnectionPool pool_;
};

}  // namespace orm
