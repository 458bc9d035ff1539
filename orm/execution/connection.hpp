// One server connection: statements prepared once and cached by their text, values bound as text, rows read in
// place; server errors turned into orm::DatabaseError / orm::ConnectionError. Not thread-safe; one user at a time.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>

#include <roachorm/dialect/dialect.hpp>
#include <roachorm/orm/core/connection_types.hpp>
#include <roachorm/orm/core/result_set.hpp>
#include <roachorm/orm/execution/statement_log.hpp>
#include <roachorm/orm/options/url.hpp>

struct pg_result;  // libpq's PGresult

namespace orm {

class Connection {
public:
    // Connects at once; throws orm::ConnectionError naming host and port when the server cannot be reached.
    // `log`, when given, echoes every statement and must outlive the connection.
    Connection(const DatabaseUrl& url, const dialect::Dialect& dialect, const StatementLog* log = nullptr);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    const dialect::Dialect& dialect() const noexcept { return dialect_; }

    // Runs `sql` with `params` (prepared on first use on this connection) and hands each result row of
    // `result_columns` columns to `on_row` (a view valid during the call; orm::MappingError if the statement returns
    // another number of columns). Returns the number of rows the statement affected or returned.
    std::uint64_t execute(const std::string& sql, std::span<const TextValue> params, std::size_t result_columns = 0,
                          const std::function<void(TextRow)>& on_row = {});

    // Runs `sql` like execute(), but in libpq's single-row mode: each row is handed to `on_row` as it arrives, and no
    // more than one row is held in memory, however large the result. `on_row` returns false to stop early. Until the
    // call returns the connection is busy: another statement on it (from `on_row`) is an orm::Error. When `on_row`
    // stops early or throws, the rest of the result is read and dropped, so the connection is left idle in its
    // transaction and the exception propagates. Returns the number of rows handed over.
    std::uint64_t stream(const std::string& sql, std::span<const TextValue> params, std::size_t result_columns,
                         const std::function<bool(TextRow)>& on_row);

    // Runs parameterless SQL as one simple-query message, unprepared: DDL, and transaction control where several
    // statements travel in one round trip ("BEGIN; SAVEPOINT cockroach_restart").
    void execute_unprepared(const std::string& sql);

    // Runs `sql` unprepared (one extended-protocol round trip, so `params` stay bound, never spliced in) and returns
    // every row with the result's column names: for catalog listings, whose columns are read by name.
    ResultSet fetch(const std::string& sql, std::span<const TextValue> params = {});

    // False once the server connection is lost; such a connection is discarded, never reused.
    bool is_usable() const noexcept;

    // Reads, without waiting, what the server has sent since the last statement: empty while the connection is
    // healthy, else why the server ended the session (idle_in_transaction_session_timeout, a shutdown,
    // pg_terminate_backend), found out before anything more is sent. The connection is then no longer usable.
    std::string closed_by_server();

    // The run_transaction attempt the next statements belong to (0 outside a transaction), for the echo.
    void set_attempt(int attempt) noexcept { attempt_ = attempt; }

private:
    using Clock = std::chrono::steady_clock;

    // Throws ConnectionError when the connection is gone, else DatabaseError with the SQLSTATE and message of
    // `result` (libpq's connection error when there is no result); echoes the failure either way.
    [[noreturn]] void fail(const std::string& sql, Clock::time_point start, std::span<const TextValue> params,
                           const pg_result* result) const;
    void echo(const std::string& sql, Clock::time_point start, std::span<const TextValue> params,
              std::string_view error) const;
    // The name `sql` is prepared under on this connection, preparing it on first use.
    const std::string& prepared_name(const std::string& sql, Clock::time_point start,
                                     std::span<const TextValue> params);
    // orm::Error when a stream() is reading its rows on this connection: the server is still sending them.
    void refuse_while_streaming(const std::string& sql) const;

    struct Impl;
    std::unique_ptr<Impl> impl_;
    const dialect::Dialect& dialect_;
    const StatementLog* log_;
    int attempt_ = 0;
    bool streaming_ = false;  // a stream() is reading its result
};

}  // namespace orm
