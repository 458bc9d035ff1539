// One server connection: statements prepared once and cached by their text, values bound as text, rows read in
// place, statements whose answers can wait sent together in one round trip (libpq's pipeline mode); server errors
// turned into orm::DatabaseError / orm::ConnectionError. Not thread-safe; one user at a time.
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
#include <roachorm/orm/options/url.hpp>

struct pg_result;  // libpq's PGresult

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
    // Connects at once with `conninfo` (url.conninfo, or url.conninfo_in_order(...)); throws
    // orm::ConnectFailedError naming host and port when no server accepts it. `log`, when given, echoes the connection
    // and every statement, and must outlive the connection.
    Connection(const DatabaseUrl& url, const std::string& conninfo, const dialect::Dialect& dialect,
               const StatementLog* log = nullptr);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    const dialect::Dialect& dialect() const noexcept { return dialect_; }

    // Runs `sql` with `params` (prepared on first use on this connection) and hands each result row of
    // `result_columns` columns to `on_row` (a view valid during the call; orm::MappingError if the statement returns
    // another number of columns). Returns the number of rows the statement affected or returned. Queued statements
    // travel first, in the same round trip (see queue()).
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
    // statements travel in one round trip ("ROLLBACK TO SAVEPOINT s; RELEASE SAVEPOINT s"). Queued statements are
    // sent first, in a round trip of their own (a simple query cannot join a pipeline).
    void execute_unprepared(const std::string& sql);

    // Holds `statement` until the next statement whose answer is waited for (execute, stream, fetch,
    // execute_unprepared, send_queued), then sends all of them in order in one pipeline: one round trip. When one
    // fails, the server runs none after it in that pipeline, and that statement's error is thrown (a DatabaseError
    // naming it, with its SQLSTATE), whichever call sent it. A failed check() is thrown after the pipeline's
    // answers are all read, unless a statement failed on the server.
    void queue(QueuedStatement statement);
    // Sends what is queued now, in one round trip, and reads every answer; nothing when the queue is empty.
    void send_queued();
    // Drops what is queued without sending it: the transaction it belongs to is abandoned before reaching the server.
    void discard_queued() noexcept;
    std::size_t queued() const noexcept;
    // Whether a queued statement has a check(), whose verdict must be known before a COMMIT is sent after it.
    bool queued_checks() const noexcept;
    // Whether the server has a transaction open on this connection (as of its last answer).
    bool in_transaction() const noexcept;
    // True after the connection was lost while a statement that ends the transaction
    // (QueuedStatement::ends_transaction) had been sent and not answered: the server may or may not have committed.
    // Reset by the next pipeline.
    bool commit_outcome_unknown() const noexcept;

    // Runs `sql` unprepared (one extended-protocol round trip, so `params` stay bound, never spliced in) and returns
    // every row with the result's column names: for catalog listings, whose columns are read by name.
    ResultSet fetch(const std::string& sql, std::span<const TextValue> params = {});

    // "host:port" of the server that accepted the connection, as libpq reports it.
    const std::string& server() const noexcept;

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
    // fail()'s two halves: what the echo says of the failure ("40001", "connection lost (10.0.0.1:26257)"), and the
    // exception.
    std::string failure_label(const pg_result* result) const;
    std::string connection_lost_label() const;
    [[noreturn]] void throw_failure(const std::string& sql, const pg_result* result) const;
    // Hands each row of `result` to `on_row` (see execute); returns the rows it affected or returned.
    std::uint64_t hand_over_rows(const pg_result* result, const std::string& sql, std::size_t result_columns,
                                 const std::function<void(TextRow)>& on_row);
    void echo(const std::string& sql, Clock::time_point start, std::span<const TextValue> params,
              std::string_view error, PipelinePlace place = {}) const;
    // The name `sql` is prepared under on this connection, preparing it on first use.
    const std::string& prepared_name(const std::string& sql, Clock::time_point start,
                                     std::span<const TextValue> params);

    struct Step;
    struct Pipeline;         // one pipeline's statements, as sent
    struct PipelineAnswers;  // what its answers said, as they are read
    // Sends the queued statements, then `last` (when given), in one pipeline and reads every answer; returns the
    // rows `last` affected or returned. Its three parts follow.
    std::uint64_t run_pipeline(const Step* last);
    Pipeline take_queue(const Step* last);
    void send(Pipeline& pipeline);
    std::uint64_t read_answers(const Pipeline& pipeline);
    void read_answer(const Pipeline& pipeline, std::size_t step, PipelineAnswers& answers);
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
