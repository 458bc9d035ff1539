// Runs statements with libpq on the connection SOCI opened, and maps server errors onto the orm::Error hierarchy.
// Prepared statements are kept per connection by their text; result rows are read in place from the PGresult.
#include <roachorm/orm/execution/connection.hpp>

#include <poll.h>

#include <charconv>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>
#include <libpq-fe.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include <roachorm/orm/core/error.hpp>

namespace orm {
namespace {

using Result = std::unique_ptr<PGresult, decltype(&PQclear)>;

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

// A statement whose result has another number of columns than it is read into.
MappingError column_count_mismatch(const std::string& sql, int returned, std::size_t expected) {
    return MappingError(
        fmt::format("{} returned {} column{} where {} were expected: make the statement's result "
                    "columns match what it is read into",
                    redact_passwords(sql), returned, returned == 1 ? "" : "s", expected));
}

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
    // Statement text -> the name it is prepared under on this server session. Prepared statements outlive
    // transactions, rolled back or not, and go away with the connection.
    std::unordered_map<std::string, std::string> prepared;
    // Reused by every execution, so that the hot path allocates nothing of its own.
    std::vector<const char*> parameter_texts;
    std::vector<TextView> row;

    PGconn* native() { return static_cast<soci::postgresql_session_backend*>(session.get_backend())->conn_; }

    // The parameters as libpq takes them: pointers to the caller's text, nullptr for NULL.
    const char* const* texts_of(std::span<const TextValue> params) {
        parameter_texts.clear();
        for (const TextValue& param : params) {
            parameter_texts.push_back(param ? param->c_str() : nullptr);
        }
        return parameter_texts.data();
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

// SOCI's statement objects were most of the client CPU the ORM spent above raw libpq (a parameter map and three
// copies of every value per execution, two copies of every result column; measured in bench/README.md), so the
// ORM's statements go to libpq directly: PQprepare once per connection, then PQexecPrepared with pointers to the
// caller's own text, and rows handed over as views into the PGresult.
std::uint64_t Connection::execute(const std::string& sql, std::span<const TextValue> params, std::size_t result_columns,
                                  const std::function<void(TextRow)>& on_row) {
    refuse_while_streaming(sql);
    const auto start = Clock::now();
    PGconn* const native = impl_->native();
    const std::string& name = prepared_name(sql, start, params);
    const Result result(PQexecPrepared(native, name.c_str(), static_cast<int>(params.size()), impl_->texts_of(params),
                                       nullptr, nullptr, 0),
                        PQclear);
    const ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        fail(sql, start, params, result.get());
    }
    if (result_columns == 0) {
        echo(sql, start, params, {});
        return reported_rows(result.get());
    }
    const int row_count = PQntuples(result.get());
    if (const int returned = PQnfields(result.get()); static_cast<std::size_t>(returned) != result_columns) {
        echo(sql, start, params, "a value did not map");
        throw column_count_mismatch(sql, returned, result_columns);
    }
    std::vector<TextView>& row = impl_->row;
    row.resize(result_columns);
    try {
        for (int row_number = 0; row_number < row_count; ++row_number) {
            for (std::size_t column = 0; column < result_columns; ++column) {
                row[column] = cell(result.get(), row_number, static_cast<int>(column));
            }
            if (on_row) {
                on_row(row);
            }
        }
    } catch (const Error&) {
        echo(sql, start, params, "a value did not map");
        throw;
    }
    echo(sql, start, params, {});
    return static_cast<std::uint64_t>(row_count);
}

// Single-row mode rather than a server-side cursor (DECLARE ... FETCH): the same prepared SELECT as all(), one round
// trip, no cursor to name and close, and the same protocol on both servers (docs/queries.md, "Large results", says why
// in full). libpq then hands over one PGresult per row; every one must be read until PQgetResult returns null before
// the connection takes another statement, which is why an early stop still drains the rest.
std::uint64_t Connection::stream(const std::string& sql, std::span<const TextValue> params, std::size_t result_columns,
                                 const std::function<bool(TextRow)>& on_row) {
    refuse_while_streaming(sql);
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
                    throw column_count_mismatch(sql, returned, result_columns);
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

void Connection::execute_unprepared(const std::string& sql) {
    refuse_while_streaming(sql);
    const auto start = Clock::now();
    const Result result(PQexec(impl_->native(), sql.c_str()), PQclear);
    const ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && status != PGRES_EMPTY_QUERY) {
        fail(sql, start, {}, result.get());
    }
    echo(sql, start, {}, {});
}

ResultSet Connection::fetch(const std::string& sql, std::span<const TextValue> params) {
    refuse_while_streaming(sql);
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

const std::string& Connection::prepared_name(const std::string& sql, Clock::time_point start,
                                             std::span<const TextValue> params) {
    auto prepared = impl_->prepared.find(sql);
    if (prepared == impl_->prepared.end()) {
        std::string name = fmt::format("roachorm_{}", impl_->prepared.size() + 1);
        const Result preparation(
            PQprepare(impl_->native(), name.c_str(), sql.c_str(), static_cast<int>(params.size()), nullptr), PQclear);
        if (!preparation || PQresultStatus(preparation.get()) != PGRES_COMMAND_OK) {
            fail(sql, start, params, preparation.get());
        }
        prepared = impl_->prepared.emplace(sql, std::move(name)).first;
    }
    return prepared->second;
}

void Connection::refuse_while_streaming(const std::string& sql) const {
    if (streaming_) {
        throw Error(fmt::format(
            "cannot run {} now: this session's connection is busy streaming the rows of a query (query.stream), and "
            "the server sends nothing else until that result ends. Collect what the statement needs inside the "
            "stream and run it after stream() returns, or read the rows with all()",
            redact_passwords(sql)));
    }
}

void Connection::fail(const std::string& sql, Clock::time_point start, std::span<const TextValue> params,
                      const PGresult* result) const {
    const char* const state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    std::string sqlstate = state ? state : "";
    const std::string message = one_line(result ? PQresultErrorMessage(result) : PQerrorMessage(impl_->native()));
    // Raw SQL can spell a password (ALTER ROLE ... PASSWORD '...'); the echo masks it, and so must the error.
    const std::string shown_sql = redact_passwords(sql);
    if (!is_usable()) {
        echo(sql, start, params, "connection lost");
        throw ConnectionError(
            fmt::format("lost the connection to the server while running: {} ({})", shown_sql, message));
    }
    echo(sql, start, params, sqlstate.empty() ? "error" : sqlstate);
    throw_database_error(std::move(sqlstate), shown_sql, message, constraint_details(result));
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
