// Runs statements through SOCI's PostgreSQL backend and maps its errors onto the orm::Error hierarchy.
// SOCI's own error text can append bound values ("with :1=..."), so only the server's message is kept.
#include <orm/connection.hpp>

#include <poll.h>

#include <cctype>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>
#include <libpq-fe.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include <orm/error.hpp>

namespace orm {
namespace {

// SOCI 4.0.3 adds the bound parameters' names to an error's context, and for positional "$n" parameters the
// PostgreSQL backend has none: the lookup throws std::out_of_range and the server's error is lost. Spelled ":n",
// SOCI records the names and rewrites them back to "$n", so the server still receives the same text.
std::string soci_placeholders(const std::string& sql) {
    std::string rewritten = sql;
    char quote = 0;
    for (std::size_t i = 0; i + 1 < rewritten.size(); ++i) {
        const char c = rewritten[i];
        if (quote != 0) {
            quote = c == quote ? 0 : quote;
        } else if (c == '\'' || c == '"') {
            quote = c;
        } else if (c == '$' && std::isdigit(static_cast<unsigned char>(rewritten[i + 1]))) {
            rewritten[i] = ':';
        }
    }
    return rewritten;
}

// SOCI binds its exchange elements by reference, so a prepared statement owns the buffers it reads and writes.
struct PreparedStatement {
    explicit PreparedStatement(soci::session& session, const std::string& sql, std::size_t param_count,
                               std::size_t column_count)
        : statement(session),
          params(param_count),
          param_indicators(param_count, soci::i_null),
          columns(column_count),
          column_indicators(column_count, soci::i_null),
          row(column_count) {
        for (std::size_t i = 0; i < param_count; ++i) {
            statement.exchange(soci::use(params[i], param_indicators[i]));
        }
        for (std::size_t i = 0; i < column_count; ++i) {
            statement.exchange(soci::into(columns[i], column_indicators[i]));
        }
        statement.alloc();
        statement.prepare(soci_placeholders(sql), soci::details::st_repeatable_query);
        statement.define_and_bind();
    }

    void bind(std::span<const TextValue> values) {
        for (std::size_t i = 0; i < values.size(); ++i) {
            param_indicators[i] = values[i] ? soci::i_ok : soci::i_null;
            if (values[i]) {
                params[i] = *values[i];
            }
        }
    }

    TextRow current_row() {
        for (std::size_t i = 0; i < columns.size(); ++i) {
            row[i] = column_indicators[i] == soci::i_null ? TextValue{} : TextValue{columns[i]};
        }
        return row;
    }

    soci::statement statement;
    std::vector<std::string> params;
    std::vector<soci::indicator> param_indicators;
    std::vector<std::string> columns;
    std::vector<soci::indicator> column_indicators;
    std::vector<TextValue> row;
};

}  // namespace

struct Connection::Impl {
    // Terse errors leave out DETAIL and CONTEXT, where the server quotes row and parameter values ("Key (id)=(42)
    // already exists", "Failing row contains (...)"): an error message must not carry them.
    explicit Impl(const std::string& conninfo) : session(soci::postgresql, conninfo) {
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

    soci::session session;
    bool ended_by_server = false;  // the server sent FATAL between statements: it has ended the session
    std::string server_goodbye;    // that FATAL message
    std::unordered_map<std::string, std::unique_ptr<PreparedStatement>> statements;
    // SOCI 4.0.3 frees a statement's parameter buffers only after a successful execution, and its next execution
    // overwrites them: a statement that failed is retired instead of reused. Destroying it DEALLOCATEs it, which
    // an aborted transaction would refuse, so that waits for the next transaction-control statement to succeed.
    std::vector<std::unique_ptr<PreparedStatement>> retired;

    PGconn* native() { return static_cast<soci::postgresql_session_backend*>(session.get_backend())->conn_; }

    // The SQLSTATE (empty when SOCI failed on its own) and server message of the SOCI exception in flight.
    static std::pair<std::string, std::string> current_soci_error() {
        try {
            throw;
        } catch (const soci::soci_error& error) {
            const auto* server_error = dynamic_cast<const soci::postgresql_soci_error*>(&error);
            return {server_error ? server_error->sqlstate() : std::string{}, one_line(error.get_error_message())};
        }
    }
};

Connection::Connection(const DatabaseUrl& url, const dialect::Dialect& dialect, const StatementLog* log)
    : dialect_(dialect), log_(log) {
    try {
        impl_ = std::make_unique<Impl>(url.conninfo);
    } catch (const soci::soci_error& error) {
        throw ConnectionError(fmt::format(
            "cannot connect to {} at {}:{} ({}): {} -- check that the server is running "
            "and that the URL's host, port, user and database are right",
            dialect.name(), url.host, url.port, url.redacted, redact_passwords(one_line(error.get_error_message()))));
    }
}

Connection::~Connection() = default;

std::uint64_t Connection::execute(const std::string& sql, std::span<const TextValue> params, std::size_t result_columns,
                                  const std::function<void(TextRow)>& on_row) {
    const auto start = Clock::now();
    std::uint64_t rows = 0;
    try {
        auto cached_entry = impl_->statements.find(sql);
        if (cached_entry == impl_->statements.end()) {
            auto prepared = std::make_unique<PreparedStatement>(impl_->session, sql, params.size(), result_columns);
            cached_entry = impl_->statements.emplace(sql, std::move(prepared)).first;
        }
        PreparedStatement& statement = *cached_entry->second;
        statement.bind(params);
        for (bool has_row = statement.statement.execute(true); has_row; has_row = statement.statement.fetch()) {
            ++rows;
            if (on_row) {
                on_row(statement.current_row());
            }
        }
        if (result_columns == 0) {
            rows = static_cast<std::uint64_t>(statement.statement.get_affected_rows());
        }
    } catch (const Error&) {
        echo(sql, start, params, "a value did not map");
        throw;
    } catch (...) {
        const auto [sqlstate, message] = Impl::current_soci_error();
        if (const auto failed = impl_->statements.find(sql); failed != impl_->statements.end()) {
            impl_->retired.push_back(std::move(failed->second));
            impl_->statements.erase(failed);
        }
        fail(sql, start, params, sqlstate, message);
    }
    echo(sql, start, params, {});
    return rows;
}

void Connection::execute_unprepared(const std::string& sql) {
    const auto start = Clock::now();
    const std::unique_ptr<PGresult, decltype(&PQclear)> result(PQexec(impl_->native(), sql.c_str()), PQclear);
    const ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && status != PGRES_EMPTY_QUERY) {
        const char* sqlstate = result ? PQresultErrorField(result.get(), PG_DIAG_SQLSTATE) : nullptr;
        fail(sql, start, {}, sqlstate ? sqlstate : "",
             one_line(result ? PQresultErrorMessage(result.get()) : PQerrorMessage(impl_->native())));
    }
    echo(sql, start, {}, {});
    impl_->retired.clear();
}

ResultSet Connection::fetch(const std::string& sql, std::span<const TextValue> params) {
    const auto start = Clock::now();
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const TextValue& param : params) {
        values.push_back(param ? param->c_str() : nullptr);
    }
    const std::unique_ptr<PGresult, decltype(&PQclear)> result(
        PQexecParams(impl_->native(), sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr,
                     nullptr, 0),
        PQclear);
    if (!result || PQresultStatus(result.get()) != PGRES_TUPLES_OK) {
        const char* sqlstate = result ? PQresultErrorField(result.get(), PG_DIAG_SQLSTATE) : nullptr;
        fail(sql, start, params, sqlstate ? sqlstate : "",
             one_line(result ? PQresultErrorMessage(result.get()) : PQerrorMessage(impl_->native())));
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
            values_of_row.push_back(
                PQgetisnull(result.get(), row, column)
                    ? TextValue{}
                    : TextValue{std::string(PQgetvalue(result.get(), row, column),
                                            static_cast<std::size_t>(PQgetlength(result.get(), row, column)))});
        }
    }
    echo(sql, start, params, {});
    return set;
}

void Connection::fail(const std::string& sql, Clock::time_point start, std::span<const TextValue> params,
                      std::string sqlstate, std::string message) const {
    // Raw SQL can spell a password (ALTER ROLE ... PASSWORD '...'); the echo masks it, and so must the error.
    const std::string shown_sql = redact_passwords(sql);
    if (!is_usable()) {
        echo(sql, start, params, "connection lost");
        throw ConnectionError(
            fmt::format("lost the connection to the server while running: {} ({})", shown_sql, message));
    }
    echo(sql, start, params, sqlstate.empty() ? "error" : sqlstate);
    throw DatabaseError(std::move(sqlstate), shown_sql, message);
}

void Connection::echo(const std::string& sql, Clock::time_point start, std::span<const TextValue> params,
                      std::string_view error) const {
    if (log_) {
        log_->record(sql, Clock::now() - start, attempt_, params, error);
    }
}

bool Connection::is_usable() const noexcept {
    return PQstatus(impl_->native()) == CONNECTION_OK && !impl_->ended_by_server;
}

std::string Connection::closed_by_server() {
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
