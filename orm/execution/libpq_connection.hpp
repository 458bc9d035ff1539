// The Connection of PostgreSQL and CockroachDB, on libpq: statements prepared once and cached by their text, values
// bound as text, rows read in place, queued statements sent together in one round trip (libpq's pipeline mode).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <roachorm/orm/execution/connection.hpp>
#include <roachorm/orm/execution/statement_log.hpp>
#include <roachorm/orm/options/url.hpp>

struct pg_result;  // libpq's PGresult

namespace orm {

class LibpqConnection final : public Connection {
public:
    // Connects at once with `conninfo` (url.conninfo, or url.conninfo_in_order(...)); throws
    // orm::ConnectFailedError naming host and port when no server accepts it. `log`, when given, echoes the connection
    // and every statement, and must outlive the connection.
    LibpqConnection(const DatabaseUrl& url, const std::string& conninfo, const dialect::Dialect& dialect,
                    const StatementLog* log = nullptr);
    ~LibpqConnection() override;

    std::uint64_t execute(const std::string& sql, std::span<const TextValue> params, std::size_t result_columns = 0,
                          const std::function<void(TextRow)>& on_row = {}) override;
    std::uint64_t stream(const std::string& sql, std::span<const TextValue> params, std::size_t result_columns,
                         const std::function<bool(TextRow)>& on_row) override;
    void execute_unprepared(const std::string& sql) override;
    void queue(QueuedStatement statement) override;
    void send_queued() override;
    void discard_queued() noexcept override;
    std::size_t queued() const noexcept override;
    bool queued_checks() const noexcept override;
    bool in_transaction() const noexcept override;
    bool commit_outcome_unknown() const noexcept override;
    ResultSet fetch(const std::string& sql, std::span<const TextValue> params = {}) override;
    const std::string& server() const noexcept override;
    bool is_usable() const noexcept override;
    std::string closed_by_server() override;

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
    const StatementLog* log_;
    bool streaming_ = false;  // a stream() is reading its result
};

}  // namespace orm
