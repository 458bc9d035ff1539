// The Connection of SQLite, on SOCI's sqlite3 backend: a soci::session, and statements SOCI prepares once per
// connection, cached by their text; queued statements run in order, in process.
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

namespace orm {

class SqliteConnection final : public Connection {
public:
    // Opens `file` (url.database, or the shared in-memory database Database names for sqlite::memory:), creating it
    // when missing, with url.busy_timeout_ms and foreign keys enforced; orm::ConnectFailedError naming the file when
    // SQLite cannot open it. `log`, when given, echoes every statement and must outlive the connection.
    SqliteConnection(const DatabaseUrl& url, const std::string& file, const dialect::Dialect& dialect,
                     const StatementLog* log = nullptr);
    ~SqliteConnection() override;

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
    bool commit_outcome_unknown() const noexcept override { return false; }
    ResultSet fetch(const std::string& sql, std::span<const TextValue> params = {}) override;
    const std::string& server() const noexcept override { return file_; }
    bool is_usable() const noexcept override { return true; }
    std::string closed_by_server() override { return {}; }

private:
    using Clock = std::chrono::steady_clock;
    struct Prepared;  // one cached statement with the buffers its use and into elements are bound to

    // The cached statement of `sql`, prepared on first use.
    Prepared& prepared(const std::string& sql);
    // Runs `statement` with `params` and hands each row to `on_row` until it returns false; returns the rows handed
    // over, or those the statement changed when it returns none.
    std::uint64_t run(Prepared& statement, const std::string& sql, std::span<const TextValue> params,
                      std::size_t result_columns, const std::function<bool(TextRow)>& on_row);
    // Runs the queued statements in order; the first that fails is thrown, and a failed check() once all ran.
    void run_queue();
    // Runs one statement, echoed, with its failure turned into orm::DatabaseError.
    std::uint64_t run_echoed(const std::string& sql, std::span<const TextValue> params, bool prepare,
                             const TableInfo* table, std::size_t result_columns,
                             const std::function<bool(TextRow)>& on_row);
    // orm::Error when a stream() is handing over its rows on this connection.
    void refuse_while_streaming(const std::string& sql) const;
    [[noreturn]] void fail(const std::string& sql, Clock::time_point start, std::span<const TextValue> params,
                           const TableInfo* table);
    void echo(const std::string& sql, Clock::time_point start, std::span<const TextValue> params,
              std::string_view error) const;

    struct Impl;
    std::unique_ptr<Impl> impl_;
    std::string file_;
    const StatementLog* log_;
    std::vector<QueuedStatement> queue_;
    bool streaming_ = false;  // a stream() is handing over its rows
};

}  // namespace orm
