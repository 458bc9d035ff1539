// Opens a SQLite database through SOCI's sqlite3 backend and runs statements on it: SOCI prepares, binds and steps;
// the native handle gives what SOCI 4.0.3 does not (extended result codes, the busy timeout in milliseconds, whether
// a transaction is open, the exact value of a REAL).
#include <roachorm/orm/execution/sqlite_connection.hpp>

#include <algorithm>
#include <optional>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <roachorm/orm/core/error.hpp>
#include <roachorm/orm/core/value_text.hpp>
#include <roachorm/orm/execution/declared_columns.hpp>

namespace orm {

// SOCI's header includes <sqlite3.h> inside namespace sqlite_api, and its include guard keeps it there.
using namespace sqlite_api;

namespace {

// What a failed statement reports in DatabaseError::sqlstate(): the SQLSTATE of the matching constraint class, so
// that the same ConstraintViolation subclasses are thrown on every backend, else the name of SQLite's primary
// result code (rescode.html), which Dialect::is_retryable reads.
std::string error_code(int extended_code) {
    switch (extended_code) {
        case SQLITE_CONSTRAINT_UNIQUE:
        case SQLITE_CONSTRAINT_PRIMARYKEY:
            return "23505";
        case SQLITE_CONSTRAINT_FOREIGNKEY:
            return "23503";
        case SQLITE_CONSTRAINT_NOTNULL:
            return "23502";
        case SQLITE_CONSTRAINT_CHECK:
            return "23514";
        default:
            break;
    }
    switch (extended_code & 0xff) {
        case SQLITE_BUSY:
            return "SQLITE_BUSY";
        case SQLITE_LOCKED:
            return "SQLITE_LOCKED";
        case SQLITE_CONSTRAINT:
            return "23000";
        case SQLITE_READONLY:
            return "SQLITE_READONLY";
        case SQLITE_IOERR:
            return "SQLITE_IOERR";
        case SQLITE_CORRUPT:
            return "SQLITE_CORRUPT";
        case SQLITE_FULL:
            return "SQLITE_FULL";
        case SQLITE_TOOBIG:
            return "SQLITE_TOOBIG";
        case SQLITE_MISMATCH:
            return "SQLITE_MISMATCH";
        case SQLITE_RANGE:
            return "SQLITE_RANGE";
        default:
            return "SQLITE_ERROR";
    }
}

// SOCI's connection string: the file in double quotes (its parser's quoting), no busy handler of its own (the
// native handle gets one in milliseconds).
std::string soci_connection_string(const std::string& file) {
    return fmt::format("db=\"{}\" timeout=0", file);
}

sqlite3* native_handle(soci::session& session) {
    return static_cast<soci::sqlite3_session_backend*>(session.get_backend())->conn_;
}

MappingError column_count_mismatch(const std::string& sql, std::size_t returned, std::size_t expected) {
    return MappingError(
        fmt::format("the statement returns {} columns where {} were expected: {}", returned, expected, sql));
}

}  // namespace

struct SqliteConnection::Prepared {
    explicit Prepared(soci::session& session) : statement(session) {}

    soci::statement statement;
    sqlite3_stmt* native = nullptr;
    // The buffers soci::use and soci::into were bound to once; sized at preparation and never resized after.
    std::vector<std::string> params;
    std::vector<soci::indicator> param_nulls;
    std::vector<std::string> columns;
    std::vector<soci::indicator> column_nulls;
    std::vector<std::string> column_names;
};

struct SqliteConnection::Impl {
    soci::session session;
    sqlite3* native = nullptr;
    std::unordered_map<std::string, std::unique_ptr<Prepared>> statements;
    std::vector<TextView> row;
    std::vector<std::string> reals;  // the text of each REAL value of the current row
};

SqliteConnection::SqliteConnection(const DatabaseUrl& url, const std::string& file, const dialect::Dialect& dialect,
                                   const StatementLog* log)
    : Connection(dialect), impl_(std::make_unique<Impl>()), file_(url.database), log_(log) {
    const auto start = Clock::now();
    try {
        impl_->session.open(*soci::factory_sqlite3(), soci_connection_string(file));
    } catch (const soci::soci_error& error) {
        if (log_) {
            log_->record_event(fmt::format("could not open SQLite database {}", file_));
        }
        throw ConnectFailedError(
            fmt::format("cannot open the SQLite database {} ({}): {}; check that its directory "
                        "exists and is writable",
                        file_, url.redacted, one_line(error.get_error_message())));
    }
    impl_->native = native_handle(impl_->session);
    sqlite3_busy_timeout(impl_->native, url.busy_timeout_ms);
    // Off by default and per connection, and a no-op inside a transaction (foreignkeys.html §2): set first.
    execute_unprepared("PRAGMA foreign_keys = ON");
    if (log_) {
        log_->record_event(
            fmt::format("opened SQLite database {} in {} ms", file_,
                        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count()));
    }
}

SqliteConnection::~SqliteConnection() = default;

SqliteConnection::Prepared& SqliteConnection::prepared(const std::string& sql, Clock::time_point start,
                                                       std::span<const TextValue> params) {
    if (const auto found = impl_->statements.find(sql); found != impl_->statements.end()) {
        return *found->second;
    }
    auto statement = std::make_unique<Prepared>(impl_->session);
    try {
        statement->statement.alloc();
        statement->statement.prepare(sql);
        statement->native = static_cast<soci::sqlite3_statement_backend*>(statement->statement.get_backend())->stmt_;
        const auto param_count = static_cast<std::size_t>(sqlite3_bind_parameter_count(statement->native));
        const auto column_count = static_cast<std::size_t>(sqlite3_column_count(statement->native));
        statement->params.resize(param_count);
        statement->param_nulls.resize(param_count, soci::i_ok);
        statement->columns.resize(column_count);
        statement->column_nulls.resize(column_count, soci::i_ok);
        for (std::size_t i = 0; i < param_count; ++i) {
            statement->statement.exchange(soci::use(statement->params[i], statement->param_nulls[i]));
        }
        for (std::size_t i = 0; i < column_count; ++i) {
            statement->statement.exchange(soci::into(statement->columns[i], statement->column_nulls[i]));
            statement->column_names.emplace_back(sqlite3_column_name(statement->native, static_cast<int>(i)));
        }
        statement->statement.define_and_bind();
    } catch (const soci::soci_error&) {
        fail(sql, start, params, nullptr);
    }
    return *impl_->statements.emplace(sql, std::move(statement)).first->second;
}

std::uint64_t SqliteConnection::run(Prepared& statement, const std::string& sql, std::span<const TextValue> params,
                                    std::size_t result_columns, const std::function<bool(TextRow)>& on_row) {
    if (result_columns != 0 && result_columns != statement.columns.size()) {
        throw column_count_mismatch(sql, statement.columns.size(), result_columns);
    }
    if (params.size() != statement.params.size()) {
        throw Error(fmt::format("the statement takes {} parameters but {} were given: {}", statement.params.size(),
                                params.size(), sql));
    }
    for (std::size_t i = 0; i < params.size(); ++i) {
        statement.param_nulls[i] = params[i] ? soci::i_ok : soci::i_null;
        statement.params[i] = params[i].value_or(std::string());
    }
    // A statement left mid-result holds its read lock (and blocks COMMIT's): reset it however the run ends.
    struct Reset {
        sqlite3_stmt* native;
        ~Reset() { sqlite3_reset(native); }
    } reset{statement.native};
    std::uint64_t rows = 0;
    const std::size_t column_count = statement.columns.size();
    impl_->row.resize(column_count);
    impl_->reals.resize(column_count);
    for (bool has_row = statement.statement.execute(true); has_row && column_count > 0;
         has_row = statement.statement.fetch()) {
        ++rows;
        for (std::size_t i = 0; i < column_count; ++i) {
            const int column = static_cast<int>(i);
            if (statement.column_nulls[i] == soci::i_null) {
                impl_->row[i] = std::nullopt;
            } else if (sqlite3_column_type(statement.native, column) == SQLITE_FLOAT) {
                // SOCI reads a REAL as text, which SQLite prints with 15 significant digits: read the double itself.
                impl_->reals[i] = text::format_double(sqlite3_column_double(statement.native, column));
                impl_->row[i] = impl_->reals[i];
            } else {
                impl_->row[i] = statement.columns[i];
            }
        }
        if (on_row && !on_row(impl_->row)) {
            break;
        }
    }
    return column_count > 0 ? rows : static_cast<std::uint64_t>(statement.statement.get_affected_rows());
}

std::uint64_t SqliteConnection::run_echoed(const std::string& sql, std::span<const TextValue> params, bool prepare,
                                           const TableInfo* table, std::size_t result_columns,
                                           const std::function<bool(TextRow)>& on_row) {
    const auto start = Clock::now();
    std::uint64_t rows = 0;
    try {
        if (prepare || !params.empty()) {
            rows = run(prepared(sql, start, params), sql, params, result_columns, on_row);
        } else if (sqlite3_exec(impl_->native, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
            fail(sql, start, params, table);
        }
    } catch (const soci::soci_error&) {
        fail(sql, start, params, table);
    }
    echo(sql, start, params, {});
    return rows;
}

void SqliteConnection::fail(const std::string& sql, Clock::time_point start, std::span<const TextValue> params,
                            const TableInfo* table) {
    const int code = sqlite3_extended_errcode(impl_->native);
    std::string sqlstate = error_code(code);
    echo(sql, start, params, sqlstate);
    const std::string message = one_line(sqlite3_errmsg(impl_->native));
    const std::string shown_sql = redact_passwords(sql);
    try {
        throw_database_error(std::move(sqlstate), shown_sql, message, {});
    } catch (ConstraintViolation& violation) {
        if (table != nullptr) {
            name_declared_columns(*table, violation);
        }
        throw;
    }
}

void SqliteConnection::run_queue() {
    std::vector<QueuedStatement> queued = std::exchange(queue_, {});
    std::exception_ptr failed_check;
    for (const QueuedStatement& statement : queued) {
        const std::uint64_t rows =
            run_echoed(statement.sql, statement.params, statement.prepare, statement.table, 0, {});
        if (statement.check && !failed_check) {
            try {
                statement.check(rows);
            } catch (...) {
                failed_check = std::current_exception();
            }
        }
    }
    if (failed_check) {
        std::rethrow_exception(failed_check);
    }
}

void SqliteConnection::refuse_while_streaming(const std::string& sql) const {
    if (streaming_) {
        throw Error(
            fmt::format("a statement was run on a connection whose stream() is still reading its rows: {}; "
                        "collect what it needs inside the stream and run it after stream() returns",
                        redact_passwords(sql)));
    }
}

std::uint64_t SqliteConnection::execute(const std::string& sql, std::span<const TextValue> params,
                                        std::size_t result_columns, const std::function<void(TextRow)>& on_row) {
    refuse_while_streaming(sql);
    run_queue();
    return run_echoed(sql, params, true, nullptr, result_columns, [&](TextRow row) {
        if (on_row) {
            on_row(row);
        }
        return true;
    });
}

std::uint64_t SqliteConnection::stream(const std::string& sql, std::span<const TextValue> params,
                                       std::size_t result_columns, const std::function<bool(TextRow)>& on_row) {
    refuse_while_streaming(sql);
    run_queue();
    streaming_ = true;
    struct Done {
        bool& streaming;
        ~Done() { streaming = false; }
    } done{streaming_};
    std::uint64_t handed_over = 0;
    run_echoed(sql, params, true, nullptr, result_columns, [&](TextRow row) {
        ++handed_over;
        return on_row(row);
    });
    return handed_over;
}

void SqliteConnection::execute_unprepared(const std::string& sql) {
    refuse_while_streaming(sql);
    run_queue();
    run_echoed(sql, {}, false, nullptr, 0, {});
}

void SqliteConnection::queue(QueuedStatement statement) {
    queue_.push_back(std::move(statement));
}

void SqliteConnection::send_queued() {
    run_queue();
}

void SqliteConnection::discard_queued() noexcept {
    queue_.clear();
}

std::size_t SqliteConnection::queued() const noexcept {
    return queue_.size();
}

bool SqliteConnection::queued_checks() const noexcept {
    return std::ranges::any_of(queue_, [](const QueuedStatement& statement) { return bool(statement.check); });
}

bool SqliteConnection::in_transaction() const noexcept {
    return sqlite3_get_autocommit(impl_->native) == 0;
}

ResultSet SqliteConnection::fetch(const std::string& sql, std::span<const TextValue> params) {
    refuse_while_streaming(sql);
    run_queue();
    ResultSet result;
    result.statement = redact_passwords(sql);
    run_echoed(sql, params, true, nullptr, 0, [&](TextRow row) {
        std::vector<TextValue>& copied = result.rows.emplace_back();
        for (const TextView& value : row) {
            copied.push_back(value ? TextValue(*value) : std::nullopt);
        }
        return true;
    });
    result.columns = impl_->statements.at(sql)->column_names;
    return result;
}

void SqliteConnection::echo(const std::string& sql, Clock::time_point start, std::span<const TextValue> params,
                            std::string_view error) const {
    if (log_) {
        log_->record(sql, Clock::now() - start, attempt(), params, error);
    }
}

}  // namespace orm
