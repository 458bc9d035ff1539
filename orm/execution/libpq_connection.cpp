// Opens a libpq connection and runs statements on it, and maps server errors onto the orm::Error hierarchy.
// Prepared statements are kept per connection by their text; result rows are read in place from the PGresult.
#include <roachorm/orm/execution/libpq_connection.hpp>

#include <poll.h>

#include <algorithm>
#include <charconv>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <libpq-fe.h>

#include <roachorm/orm/core/error.hpp>
#include <roachorm/orm/execution/declared_columns.hpp>

namespace orm {
namespace {

using Result = std::unique_ptr<PGresult, decltype(&PQclear)>;
using NativeConnection = std::unique_ptr<PGconn, decltype(&PQfinish)>;

// The next result of a pipeline, with the null that ends each statement's results read past.
Result next_result(PGconn* native) {
    Result result(PQgetResult(native), PQclear);
    if (result && PQresultStatus(result.get()) != PGRES_PIPELINE_SYNC) {
        while (PGresult* end_marker = PQgetResult(native)) {
            PQclear(end_marker);
        }
    }
    return result;
}

// The rows a command reports ("UPDATE 3", "INSERT 0 1000"); 0 for one that reports none (BEGIN, DDL).
std::uint64_t reported_rows(const PGresult* result) {
    const std::string_view count = PQcmdTuples(const_cast<PGresult*>(result));
    std::uint64_t rows = 0;
    std::from_chars(count.data(), count.data() + count.size(), rows);
    return rows;
}

// One column of one result row: a view into the PGresult, std::nullopt for NULL.
TextView cell(const PGresult* result, int row, int column) {
    if (PQgetisnull(result, row, column)) {
        return std::nullopt;
    }
    return TextView{std::in_place, PQgetvalue(result, row, column),
                    static_cast<std::size_t>(PQgetlength(result, row, column))};
}

// The names a constraint violation's error fields carry (PostgreSQL sends table, constraint and, for NOT NULL, the
// column; CockroachDB only the constraint); a field that was not sent stays empty. DETAIL is never read: it quotes
// the row's values.
ConstraintDetails constraint_details(const PGresult* result) {
    ConstraintDetails details;
    if (result == nullptr) {
        return details;
    }
    const auto field = [&](int code) {
        const char* value = PQresultErrorField(result, code);
        return value ? std::string(value) : std::string();
    };
    details.table = field(PG_DIAG_TABLE_NAME);
    details.constraint = field(PG_DIAG_CONSTRAINT_NAME);
    if (std::string column = field(PG_DIAG_COLUMN_NAME); !column.empty()) {
        details.columns.push_back(std::move(column));
    }
    return details;
}

// "h1:p1, h2:p2": the servers the URL names.
std::string server_list(const DatabaseUrl& url) {
    std::string list;
    for (const Endpoint& endpoint : url.endpoints) {
        list += list.empty() ? "" : ", ";
        list += endpoint.name();
    }
    return list;
}

}  // namespace

struct LibpqConnection::Impl {
    // Terse errors leave out DETAIL and CONTEXT, where the server quotes row and parameter values ("Key (id)=(42)
    // already exists", "Failing row contains (...)"): an error message must not carry them.
    Impl(PGconn* opened, std::string reached) : conn(opened, PQfinish), server(std::move(reached)) {
        PQsetNoticeReceiver(native(), receive_notice, this);
        PQsetErrorVerbosity(native(), PQERRORS_TERSE);
    }

    // Notices ("relation already exists, skipping") are expected chatter, not output for the user. But libpq also
    // hands over the FATAL message a server sends between statements just before it closes the session (e.g. on
    // idle_in_transaction_session_timeout): that one is kept, as the reason the connection is unusable.
    // Called from libpq's C code, so nothing may be thrown through it.
    static void receive_notice(void* self, const PGresult* notice) noexcept {
        const char* severity = PQresultErrorField(notice, PG_DIAG_SEVERITY_NONLOCALIZED);
        if (severity != nullptr && (std::string_view(severity) == "FATAL" || std::string_view(severity) == "PANIC")) {
            Impl& impl = *static_cast<Impl*>(self);
            impl.ended_by_server = true;
            try {
                impl.server_goodbye = one_line(PQresultErrorMessage(notice));
            } catch (...) {
                impl.server_goodbye.clear();  // out of memory: the flag alone still says the session is over
            }
        }
    }

    NativeConnection conn;
    std::string server;            // "host:port" of the server that accepted the connection
    bool ended_by_server = false;  // the server sent FATAL between statements: it has ended the session
    std::string server_goodbye;    // that FATAL message
    // Statement text -> the name it is prepared under on this server session. Prepared statements outlive
    // transactions, rolled back or not, and go away with the connection.
    std::unordered_map<std::string, std::string> prepared;
    std::uint64_t statements_prepared = 0;   // names prepared statements uniquely, even after a failed preparation
    std::vector<QueuedStatement> queue;      // sent with the next statement that is waited for
    std::vector<QueuedStatement> in_flight;  // the queue as run_pipeline sends it
    std::uint64_t pipelines = 0;             // numbers each pipeline in the echo
    bool commit_outcome_unknown = false;     // see LibpqConnection::commit_outcome_unknown
    bool send_failed = false;                // libpq could not write a pipeline: the connection is given up
    // Reused by every execution, so that the hot path allocates nothing of its own.
    std::vector<const char*> parameter_texts;
    std::vector<TextView> row;

    PGconn* native() { return conn.get(); }

    // The parameters as libpq takes them: pointers to the caller's text, nullptr for NULL.
    const char* const* texts_of(std::span<const TextValue> params) {
        parameter_texts.clear();
        for (const TextValue& param : params) {
            parameter_texts.push_back(param ? param->c_str() : nullptr);
        }
        return parameter_texts.data();
    }
};

LibpqConnection::LibpqConnection(const DatabaseUrl& url, const std::string& conninfo, const dialect::Dialect& dialect,
                                 const StatementLog* log)
    : Connection(dialect), log_(log) {
    const Clock::time_point start = Clock::now();
    NativeConnection conn(PQconnectdb(conninfo.c_str()), PQfinish);
    const auto refuse = [&](std::string_view why) {
        const std::string reason = redact_passwords(one_line(why));
        if (log_ != nullptr) {
            log_->record_event(fmt::format("could not connect to {}: {}", url.redacted, reason));
        }
        throw ConnectFailedError(
            fmt::format("cannot connect to {} at {} ({}): {} -- check that the server is running "
                        "and that the URL's host, port, user and database are right",
                        dialect.name(), server_list(url), url.redacted, reason));
    };
    if (!conn) {
        refuse("libpq could not allocate a connection (out of memory)");
    }
    if (PQstatus(conn.get()) != CONNECTION_OK) {
        refuse(PQerrorMessage(conn.get()));
    }
    // Floats must survive the trip as text: 3 asks both servers for digits enough to round-trip exactly.
    if (const Result set(PQexec(conn.get(), "SET extra_float_digits = 3"), PQclear);
        PQresultStatus(set.get()) != PGRES_COMMAND_OK) {
        refuse(set ? PQresultErrorMessage(set.get()) : PQerrorMessage(conn.get()));
    }
    std::string server = fmt::format("{}:{}", PQhost(conn.get()), PQport(conn.get()));
    impl_ = std::make_unique<Impl>(conn.release(), std::move(server));
    if (log_ != nullptr) {
        log_->record_event(fmt::format("connected to {} in {:.3f} ms", impl_->server,
                                       std::chrono::duration<double, std::milli>(Clock::now() - start).count()));
    }
}

const std::string& LibpqConnection::server() const noexcept {
    return impl_->server;
}

LibpqConnection::~LibpqConnection() = default;

// One statement of a pipeline: a queued one, or the one the caller waits for (which alone has rows to hand over).
struct LibpqConnection::Step {
    const std::string& sql;
    std::span<const TextValue> params;
    bool prepare;
    std::size_t result_columns;
    const std::function<void(TextRow)>* on_row;  // the awaited statement's
    const QueuedStatement* queued;               // null for the awaited statement
};

// SOCI's statement objects were most of the client CPU the ORM spent above raw libpq (a parameter map and three
// copies of every value per execution, two copies of every result column; measured in bench/README.md), so the
// ORM's statements go to libpq directly: prepared once per connection, then PQexecPrepared with pointers to the
// caller's own text, and rows handed over as views into the PGresult. A statement that needs preparing, or has
// queued statements to travel with, goes in a pipeline instead, the preparation included: still one round trip.
std::uint64_t LibpqConnection::execute(const std::string& sql, std::span<const TextValue> params,
                                       std::size_t result_columns, const std::function<void(TextRow)>& on_row) {
    refuse_while_streaming(sql);
    const auto prepared = impl_->prepared.find(sql);
    if (!impl_->queue.empty() || prepared == impl_->prepared.end()) {
        const Step step{.sql = sql,
                        .params = params,
                        .prepare = true,
                        .result_columns = result_columns,
                        .on_row = &on_row,
                        .queued = nullptr};
        return run_pipeline(&step);
    }
    const auto start = Clock::now();
    const Result result(PQexecPrepared(impl_->native(), prepared->second.c_str(), static_cast<int>(params.size()),
                                       impl_->texts_of(params), nullptr, nullptr, 0),
                        PQclear);
    const ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        fail(sql, start, params, result.get());
    }
    try {
        const std::uint64_t rows = hand_over_rows(result.get(), sql, result_columns, on_row);
        echo(sql, start, params, {});
        return rows;
    } catch (const Error&) {
        echo(sql, start, params, "a value did not map");
        throw;
    }
}

void LibpqConnection::queue(QueuedStatement statement) {
    refuse_while_streaming(statement.sql);
    impl_->queue.push_back(std::move(statement));
}

void LibpqConnection::send_queued() {
    if (!impl_->queue.empty()) {
        refuse_while_streaming(impl_->queue.front().sql);
        run_pipeline(nullptr);
    }
}

void LibpqConnection::discard_queued() noexcept {
    impl_->queue.clear();
}

std::size_t LibpqConnection::queued() const noexcept {
    return impl_->queue.size();
}

bool LibpqConnection::queued_checks() const noexcept {
    return std::ranges::any_of(impl_->queue, [](const QueuedStatement& statement) { return bool(statement.check); });
}

bool LibpqConnection::in_transaction() const noexcept {
    const PGTransactionStatusType status = PQtransactionStatus(impl_->native());
    return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
}

bool LibpqConnection::commit_outcome_unknown() const noexcept {
    return impl_->commit_outcome_unknown;
}

// One pipeline as it is sent: the queued statements, then the awaited one; which of them are prepared in it (a
// statement not yet prepared on this connection is prepared just before it runs); how many end the transaction.
struct LibpqConnection::Pipeline {
    std::vector<Step> steps;
    std::vector<bool> preparing;
    std::uint64_t number = 0;
    Clock::time_point start;
    std::size_t endings_sent = 0;

    PipelinePlace place(std::size_t step) const {
        return PipelinePlace{.number = number, .position = step + 1, .size = steps.size()};
    }
};

// What the answers of a pipeline said, as they are read.
struct LibpqConnection::PipelineAnswers {
    std::optional<std::size_t> failed_step;  // the first statement the server failed
    Result failure{nullptr, PQclear};        // its error
    std::exception_ptr client_failure;       // a row that did not map, or a failed check(): thrown after the reading
    std::uint64_t last_rows = 0;
    std::size_t answered = 0;            // steps whose answers were read: all of them unless the connection was lost
    std::size_t endings_unanswered = 0;  // statements ending the transaction not yet answered with success

    void note_failure(std::size_t step, Result result) {
        if (!failed_step) {
            failed_step = step;
            failure = std::move(result);
        }
    }
};

// libpq's pipeline mode: every statement is written before any answer is read, then one Sync; the server answers
// them in order. After a statement fails the server skips the rest up to the Sync (each answered
// PGRES_PIPELINE_ABORTED), so nothing after a failed write runs, COMMIT included. docs/design.md cites both
// servers for this.
std::uint64_t LibpqConnection::run_pipeline(const Step* last) {
    Pipeline pipeline = take_queue(last);
    send(pipeline);
    return read_answers(pipeline);
}

// The queue is emptied before anything is sent, so that whatever fails, nothing is sent twice; its buffers are kept
// for the next transaction.
LibpqConnection::Pipeline LibpqConnection::take_queue(const Step* last) {
    std::vector<QueuedStatement>& queued = impl_->in_flight;
    queued.clear();
    queued.swap(impl_->queue);
    Pipeline pipeline{
        .steps = {}, .preparing = {}, .number = ++impl_->pipelines, .start = Clock::now(), .endings_sent = 0};
    pipeline.steps.reserve(queued.size() + 1);
    for (const QueuedStatement& statement : queued) {
        pipeline.steps.push_back(Step{.sql = statement.sql,
                                      .params = statement.params,
                                      .prepare = statement.prepare,
                                      .result_columns = 0,
                                      .on_row = nullptr,
                                      .queued = &statement});
    }
    if (last != nullptr) {
        pipeline.steps.push_back(*last);
    }
    pipeline.preparing.assign(pipeline.steps.size(), false);
    return pipeline;
}

// libpq refuses to send only when it cannot write to the socket (or, for entering pipeline mode, while a result is
// pending, which none is): what was sent before cannot be told apart from what was not, so the connection is given
// up.
void LibpqConnection::send(Pipeline& pipeline) {
    PGconn* const native = impl_->native();
    impl_->commit_outcome_unknown = false;
    const auto sending_failed = [&](std::string_view what) {
        impl_->send_failed = true;
        return ConnectionError(fmt::format("lost the connection to the server while sending {} ({})", what,
                                           one_line(PQerrorMessage(native))));
    };
    if (PQenterPipelineMode(native) != 1) {
        throw sending_failed(fmt::format("{} statements", pipeline.steps.size()));
    }
    for (std::size_t step = 0; step < pipeline.steps.size(); ++step) {
        const Step& statement = pipeline.steps[step];
        const int count = static_cast<int>(statement.params.size());
        const char* const* texts = impl_->texts_of(statement.params);
        bool sent = true;
        if (!statement.prepare) {
            sent = PQsendQueryParams(native, statement.sql.c_str(), count, nullptr, texts, nullptr, nullptr, 0) == 1;
        } else {
            auto [prepared, is_new] = impl_->prepared.try_emplace(statement.sql);
            if (is_new) {
                prepared->second = fmt::format("roachorm_{}", ++impl_->statements_prepared);
                pipeline.preparing[step] = true;
                sent = PQsendPrepare(native, prepared->second.c_str(), statement.sql.c_str(), count, nullptr) == 1;
            }
            sent =
                sent && PQsendQueryPrepared(native, prepared->second.c_str(), count, texts, nullptr, nullptr, 0) == 1;
        }
        if (!sent) {
            echo(statement.sql, pipeline.start, statement.params, connection_lost_label(), pipeline.place(step));
            throw sending_failed(redact_passwords(statement.sql));
        }
        if (statement.queued != nullptr && statement.queued->ends_transaction) {
            ++pipeline.endings_sent;
            impl_->commit_outcome_unknown = true;  // until its answer arrives
        }
    }
    if (PQpipelineSync(native) != 1) {
        throw sending_failed(fmt::format("{} statements", pipeline.steps.size()));
    }
}

// Every answer is read, whatever failed, so that the connection is left idle for the next statement; then the
// first failure is thrown.
std::uint64_t LibpqConnection::read_answers(const Pipeline& pipeline) {
    PipelineAnswers answers;
    answers.endings_unanswered = pipeline.endings_sent;
    for (std::size_t step = 0; step < pipeline.steps.size() && is_usable(); ++step) {
        read_answer(pipeline, step, answers);
    }
    if (is_usable()) {
        next_result(impl_->native());  // PGRES_PIPELINE_SYNC
        PQexitPipelineMode(impl_->native());
    }
    // A server that ends the session (a FATAL error) answers first and closes the connection after; only a session
    // still open once everything is read has answered with an ordinary error.
    impl_->commit_outcome_unknown = answers.endings_unanswered > 0 && !is_usable();
    if (answers.failed_step || answers.answered < pipeline.steps.size()) {
        const Step& failed = pipeline.steps[answers.failed_step.value_or(pipeline.steps.size() - 1)];
        try {
            throw_failure(failed.sql, answers.failure.get());
        } catch (ConstraintViolation& violation) {
            if (failed.queued != nullptr && failed.queued->table != nullptr) {
                name_declared_columns(*failed.queued->table, violation);
            }
            throw;
        }
    }
    if (answers.client_failure) {
        std::rethrow_exception(answers.client_failure);
    }
    return answers.last_rows;
}

// The answers of one statement: its preparation's (when it was prepared in this pipeline), then its own.
void LibpqConnection::read_answer(const Pipeline& pipeline, std::size_t step, PipelineAnswers& answers) {
    const Step& statement = pipeline.steps[step];
    const auto echo_step = [&](std::string_view error) {
        echo(statement.sql, pipeline.start, statement.params, error, pipeline.place(step));
    };
    if (pipeline.preparing[step]) {
        Result preparation = next_result(impl_->native());
        if (!preparation || PQresultStatus(preparation.get()) != PGRES_COMMAND_OK) {
            impl_->prepared.erase(statement.sql);  // the server does not have it
            if (preparation && PQresultStatus(preparation.get()) == PGRES_FATAL_ERROR) {
                echo_step(failure_label(preparation.get()));
                answers.note_failure(step, std::move(preparation));
            }
        }
    }
    Result result = next_result(impl_->native());
    const ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
    if (statement.queued != nullptr && statement.queued->ends_transaction && status == PGRES_COMMAND_OK) {
        --answers.endings_unanswered;
    }
    answers.answered = step + 1;
    if (status == PGRES_PIPELINE_ABORTED) {
        if (answers.failed_step != step) {  // (a statement whose preparation failed was echoed with that failure)
            echo_step("not run: an earlier statement in its pipeline failed");
        }
    } else if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        echo_step(failure_label(result.get()));
        answers.note_failure(step, std::move(result));
    } else {
        try {
            const std::uint64_t rows = statement.on_row ? hand_over_rows(result.get(), statement.sql,
                                                                         statement.result_columns, *statement.on_row)
                                                        : reported_rows(result.get());
            if (statement.queued != nullptr && statement.queued->check) {
                statement.queued->check(rows);
            }
            answers.last_rows = rows;
            echo_step({});
        } catch (...) {  // thrown after the pipeline is read, so that the connection is left idle
            echo_step("a value did not map");
            if (!answers.client_failure) {
                answers.client_failure = std::current_exception();
            }
        }
    }
}

// Single-row mode rather than a server-side cursor (DECLARE ... FETCH): the same prepared SELECT as all(), one round
// trip, no cursor to name and close, and the same protocol on both servers (docs/queries.md, "Large results", says why
// in full). libpq then hands over one PGresult per row; every one must be read until PQgetResult returns null before
// the connection takes another statement, which is why an early stop still drains the rest.
std::uint64_t LibpqConnection::stream(const std::string& sql, std::span<const TextValue> params,
                                      std::size_t result_columns, const std::function<bool(TextRow)>& on_row) {
    refuse_while_streaming(sql);
    send_queued();  // single-row mode cannot join a pipeline: the queued statements take a round trip of their own
    const auto start = Clock::now();
    PGconn* const native = impl_->native();
    const std::string& name = prepared_name(sql, start, params);
    if (PQsendQueryPrepared(native, name.c_str(), static_cast<int>(params.size()), impl_->texts_of(params), nullptr,
                            nullptr, 0) == 0) {
        fail(sql, start, params, nullptr);
    }
    // Fails only when called at the wrong moment, and this is the moment the libpq documentation prescribes.
    PQsetSingleRowMode(native);
    streaming_ = true;
    std::uint64_t rows = 0;
    bool stopped = false;
    Result failure(nullptr, PQclear);
    std::vector<TextView>& row = impl_->row;
    row.resize(result_columns);
    try {
        for (;;) {
            Result result(PQgetResult(native), PQclear);
            if (!result) {
                break;
            }
            const ExecStatusType status = PQresultStatus(result.get());
            if (status == PGRES_SINGLE_TUPLE && !stopped && !failure) {
                if (const int returned = PQnfields(result.get());
                    static_cast<std::size_t>(returned) != result_columns) {
                    throw column_count_mismatch(redact_passwords(sql), static_cast<std::size_t>(returned),
                                                result_columns);
                }
                for (std::size_t column = 0; column < result_columns; ++column) {
                    row[column] = cell(result.get(), 0, static_cast<int>(column));
                }
                ++rows;
                stopped = !on_row(row);
            } else if (status != PGRES_SINGLE_TUPLE && status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
                failure = std::move(result);  // a server error (a 40001 too) can come after rows: read on to the end
            }
        }
    } catch (...) {
        while (PGresult* rest = PQgetResult(native)) {
            PQclear(rest);
        }
        streaming_ = false;
        echo(sql, start, params, "stopped by an exception");
        throw;
    }
    streaming_ = false;
    if (failure) {
        fail(sql, start, params, failure.get());
    }
    echo(sql, start, params, {});
    return rows;
}

void LibpqConnection::execute_unprepared(const std::string& sql) {
    refuse_while_streaming(sql);
    send_queued();
    const auto start = Clock::now();
    const Result result(PQexec(impl_->native(), sql.c_str()), PQclear);
    const ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && status != PGRES_EMPTY_QUERY) {
        fail(sql, start, {}, result.get());
    }
    echo(sql, start, {}, {});
}

ResultSet LibpqConnection::fetch(const std::string& sql, std::span<const TextValue> params) {
    refuse_while_streaming(sql);
    send_queued();
    const auto start = Clock::now();
    const Result result(PQexecParams(impl_->native(), sql.c_str(), static_cast<int>(params.size()), nullptr,
                                     impl_->texts_of(params), nullptr, nullptr, 0),
                        PQclear);
    if (!result || PQresultStatus(result.get()) != PGRES_TUPLES_OK) {
        fail(sql, start, params, result.get());
    }
    ResultSet set{.statement = sql, .columns = {}, .rows = {}};
    const int column_count = PQnfields(result.get());
    for (int column = 0; column < column_count; ++column) {
        set.columns.emplace_back(PQfname(result.get(), column));
    }
    const int row_count = PQntuples(result.get());
    set.rows.reserve(static_cast<std::size_t>(row_count));
    for (int row = 0; row < row_count; ++row) {
        std::vector<TextValue>& values_of_row = set.rows.emplace_back();
        for (int column = 0; column < column_count; ++column) {
            values_of_row.emplace_back(cell(result.get(), row, column));
        }
    }
    echo(sql, start, params, {});
    return set;
}

const std::string& LibpqConnection::prepared_name(const std::string& sql, Clock::time_point start,
                                                  std::span<const TextValue> params) {
    auto prepared = impl_->prepared.find(sql);
    if (prepared == impl_->prepared.end()) {
        std::string name = fmt::format("roachorm_{}", ++impl_->statements_prepared);
        const Result preparation(
            PQprepare(impl_->native(), name.c_str(), sql.c_str(), static_cast<int>(params.size()), nullptr), PQclear);
        if (!preparation || PQresultStatus(preparation.get()) != PGRES_COMMAND_OK) {
            fail(sql, start, params, preparation.get());
        }
        prepared = impl_->prepared.emplace(sql, std::move(name)).first;
    }
    return prepared->second;
}

void LibpqConnection::refuse_while_streaming(const std::string& sql) const {
    if (streaming_) {
        throw busy_streaming(redact_passwords(sql));
    }
}

std::string LibpqConnection::connection_lost_label() const {
    return fmt::format("connection lost ({})", impl_->server);
}

std::string LibpqConnection::failure_label(const pg_result* result) const {
    // A FATAL error is the server's last word before it closes the session, which libpq may not have seen yet.
    const char* const severity = result ? PQresultErrorField(result, PG_DIAG_SEVERITY_NONLOCALIZED) : nullptr;
    if (!is_usable() || (severity != nullptr && std::string_view(severity) == "FATAL")) {
        return connection_lost_label();
    }
    const char* const state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    return state ? state : "error";
}

void LibpqConnection::throw_failure(const std::string& sql, const pg_result* result) const {
    const char* const state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    std::string sqlstate = state ? state : "";
    const std::string message = one_line(result ? PQresultErrorMessage(result) : PQerrorMessage(impl_->native()));
    // Raw SQL can spell a password (ALTER ROLE ... PASSWORD '...'); the echo masks it, and so must the error.
    const std::string shown_sql = redact_passwords(sql);
    if (!is_usable()) {
        throw ConnectionError(
            fmt::format("lost the connection to the server while running: {} ({})", shown_sql, message));
    }
    throw_database_error(std::move(sqlstate), shown_sql, message, constraint_details(result));
}

void LibpqConnection::fail(const std::string& sql, Clock::time_point start, std::span<const TextValue> params,
                           const PGresult* result) const {
    echo(sql, start, params, failure_label(result));
    throw_failure(sql, result);
}

std::uint64_t LibpqConnection::hand_over_rows(const pg_result* result, const std::string& sql,
                                              std::size_t result_columns, const std::function<void(TextRow)>& on_row) {
    if (result_columns == 0) {
        return reported_rows(result);
    }
    if (const int returned = PQnfields(result); static_cast<std::size_t>(returned) != result_columns) {
        throw column_count_mismatch(redact_passwords(sql), static_cast<std::size_t>(returned), result_columns);
    }
    const int row_count = PQntuples(result);
    std::vector<TextView>& row = impl_->row;
    row.resize(result_columns);
    for (int row_number = 0; row_number < row_count; ++row_number) {
        for (std::size_t column = 0; column < result_columns; ++column) {
            row[column] = cell(result, row_number, static_cast<int>(column));
        }
        if (on_row) {
            on_row(row);
        }
    }
    return static_cast<std::uint64_t>(row_count);
}

void LibpqConnection::echo(const std::string& sql, Clock::time_point start, std::span<const TextValue> params,
                           std::string_view error, PipelinePlace place) const {
    if (log_) {
        log_->record(sql, Clock::now() - start, attempt(), params, error, place);
    }
}

bool LibpqConnection::is_usable() const noexcept {
    return PQstatus(impl_->native()) == CONNECTION_OK && !impl_->ended_by_server && !impl_->send_failed;
}

std::string LibpqConnection::closed_by_server() {
    // Between statements a server sends nothing unless it is ending the session: a FATAL message, then EOF. Read
    // what has arrived (libpq's socket never blocks) and parse it, which hands a FATAL to receive_notice; a few
    // rounds at most, since the EOF may trail the message.
    PGconn* const native = impl_->native();
    for (int round = 0; round < 4 && PQstatus(native) == CONNECTION_OK; ++round) {
        if (PQconsumeInput(native) == 0) {
            break;
        }
        PQisBusy(native);
        pollfd socket{.fd = PQsocket(native), .events = POLLIN, .revents = 0};
        if (::poll(&socket, 1, 0) <= 0) {
            break;
        }
    }
    if (impl_->ended_by_server) {
        return impl_->server_goodbye.empty() ? "the server ended the session" : impl_->server_goodbye;
    }
    return PQstatus(native) == CONNECTION_OK ? std::string() : one_line(PQerrorMessage(native));
}

}  // namespace orm
