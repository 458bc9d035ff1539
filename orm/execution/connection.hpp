// What orm/ above execution needs of one database connection: statements prepared once and cached by their text,
// values bound as text, rows handed over as text views, statements whose answers can wait held and sent together,
// errors turned into orm::DatabaseError / orm::ConnectionError. LibpqConnection (PostgreSQL, CockroachDB) and
// SqliteConnection (SOCI's sqlite3 backend) implement it. Not thread-safe; one user at a time.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <roachorm/dialect/dialect.hpp>
#include <roachorm/orm/core/connection_types.hpp>
#include <roachorm/orm/core/result_set.hpp>
#include <roachorm/orm/execution/statement_log.hpp>
#include <roachorm/orm/mapping/table_info.hpp>

namespace orm {

// A statement whose answer the caller does not need before it sends the next one: a write of a flush, BEGIN, COMMIT.
// It waits in the connection and goes to the server with the next statement that is waited for, all of them in one
// round trip.
struct QueuedStatement {
    std::string sql;
    std::vector<TextValue> params{};
    // False for transaction control (BEGIN, SAVEPOINT, COMMIT): sent unnamed, never prepared.
    bool prepare = true;
    // Given the rows the statement wrote; throws to fail the transaction (table::check_row_count).
    std::function<void(std::uint64_t rows)> check{};
    // The model whose declared constraints name the columns of a constraint violation (no server sends them).
    const TableInfo* table = nullptr;
    // COMMIT or RELEASE of the transaction: once it was sent, a lost connection leaves the outcome unknown.
    bool ends_transaction = false;
};

class Connection {
public:
    virtual ~Connection() = default;
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    const dialect::Dialect& dialect() const noexcept { return dialect_; }

    // Runs `sql` with `params` (prepared on first use on this connection) and hands each result row of
    // `result_columns` columns to `on_row` (a view valid during the call; orm::MappingError if the statement returns
    // another number of columns). Returns the number of rows the statement affected or returned. Queued statements
    // run first (see queue()).
    virtual std::uint64_t execute(const std::string& sql, std::span<const TextValue> params,
                                  std::size_t result_columns = 0, const std::function<void(TextRow)>& on_row = {}) = 0;

    // Runs `sql` like execute(), but hands each row to `on_row` as it is read, holding no more than one row in
    // memory however large the result. `on_row` returns false to stop early. Until the call returns the connection is
    // busy: another statement on it (from `on_row`) is an orm::Error. When `on_row` stops early or throws, the rest of
    // the result is dropped, the connection is left idle in its transaction, and the exception propagates. Returns
    // the number of rows handed over.
    virtual std::uint64_t stream(const std::string& sql, std::span<const TextValue> params, std::size_t result_columns,
                                 const std::function<bool(TextRow)>& on_row) = 0;

    // Runs parameterless SQL unprepared: DDL, and transaction control where several statements travel together
    // ("ROLLBACK TO SAVEPOINT s; RELEASE SAVEPOINT s"). Queued statements run first.
    virtual void execute_unprepared(const std::string& sql) = 0;

    // Holds `statement` until the next statement whose answer is waited for (execute, stream, fetch,
    // execute_unprepared, send_queued), then runs all of them in order; over a network, in one round trip. When one
    // fails, none after it runs, and that statement's error is thrown (a DatabaseError naming it), whichever call
    // sent it. A failed check() is thrown after every answer is read, unless a statement failed on the server.
    virtual void queue(QueuedStatement statement) = 0;
    // Runs what is queued now and reads every answer; nothing when the queue is empty.
    virtual void send_queued() = 0;
    // Drops what is queued without running it: the transaction it belongs to is abandoned before reaching the server.
    virtual void discard_queued() noexcept = 0;
    virtual std::size_t queued() const noexcept = 0;
    // Whether a queued statement has a check(), whose verdict must be known before a COMMIT is sent after it.
    virtual bool queued_checks() const noexcept = 0;
    // Whether the database has a transaction open on this connection (as of its last answer).
    virtual bool in_transaction() const noexcept = 0;
    // True after the connection was lost while a statement that ends the transaction
    // (QueuedStatement::ends_transaction) had been sent and not answered: the server may or may not have committed.
    // Reset by the next statements.
    virtual bool commit_outcome_unknown() const noexcept = 0;

    // Runs `sql` unprepared with `params` bound (never spliced in) and returns every row with the result's column
    // names: for catalog listings, whose columns are read by name.
    virtual ResultSet fetch(const std::string& sql, std::span<const TextValue> params = {}) = 0;

    // Where the connection leads: "host:port" of the server that accepted it, or the SQLite database's file.
    virtual const std::string& server() const noexcept = 0;

    // False once the connection is lost; such a connection is discarded, never reused.
    virtual bool is_usable() const noexcept = 0;

    // Reads, without waiting, what the server has sent since the last statement: empty while the connection is
    // healthy, else why the server ended the session (idle_in_transaction_session_timeout, a shutdown,
    // pg_terminate_backend), found out before anything more is sent. The connection is then no longer usable.
    virtual std::string closed_by_server() = 0;

    // The run_transaction attempt the next statements belong to (0 outside a transaction), for the echo.
    void set_attempt(int attempt) noexcept { attempt_ = attempt; }

protected:
    explicit Connection(const dialect::Dialect& dialect) : dialect_(dialect) {}
    int attempt() const noexcept { return attempt_; }

private:
    const dialect::Dialect& dialect_;
    int attempt_ = 0;
};

}  // namespace orm
