// Opens a SQLite database with SOCI's sqlite3 backend, which also prepares and owns each statement. Values are bound,
// stepped and read on the native statement SOCI exposes: SOCI 4.0.3 reads a value only as the type it is told in
// advance, where SQLite's types belong to each value, so its text of a REAL has 15 digits and a stored 'NaN' read as a
// double is 0 (docs/design.md). The native handle also gives extended result codes and the busy timeout in ms.
#include <roachorm/orm/execution/sqlite_connection.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>
#include <ranges>
#include <string_view>
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
            return "25006";  // read_only_sql_transaction: a read-only transaction (PRAGMA query_only) tried to write
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

// What a failure is, in the terms of roachorm's errors: its sqlstate() (error_code), and what SQLite's message names
// that a server's error has a field for. SQLite's messages are fixed English text (it has no translations), written
// in its source: "no such table: T" (build.c, sqlite3LocateTable), "no such column: C" (resolve.c), "table T has no
// column named C" (insert.c), "UNIQUE
// constraint failed: t.a, t.b" and "NOT NULL constraint failed: t.c" (build.c sqlite3UniqueConstraint, vdbe.c),
// "CHECK constraint failed: name" (build.c sqlite3HaltConstraint). A message of another shape just names less.
struct FailureReport {
    std::string sqlstate;
    ConstraintDetails details;
};

FailureReport read_failure(int extended_code, std::string_view message) {
    FailureReport report{.sqlstate = error_code(extended_code), .details = {}};
    const auto after = [&](std::string_view prefix) {
        return message.starts_with(prefix) ? std::optional(message.substr(prefix.size())) : std::nullopt;
    };
    if (report.sqlstate == "SQLITE_ERROR") {
        if (after("no such table: ")) {
            report.sqlstate = "42P01";
        } else if (after("no such column: ") || message.find(" has no column named ") != std::string_view::npos) {
            report.sqlstate = "42703";
        }
    } else if (const auto check = after("CHECK constraint failed: "); check && report.sqlstate == "23514") {
        report.details.constraint = std::string(*check);
    } else if (auto columns = after("UNIQUE constraint failed: ") ? after("UNIQUE constraint failed: ")
                                                                  : after("NOT NULL constraint failed: ")) {
        for (const auto part : std::views::split(*columns, std::string_view(", "))) {
            const std::string_view qualified(part.begin(), part.end());
            const std::size_t dot = qualified.find('.');
            report.details.table = std::string(qualified.substr(0, dot));
            report.details.columns.emplace_back(dot == std::string_view::npos ? qualified : qualified.substr(dot + 1));
        }
    }
    return report;
}

// SOCI's connection string: the file in double quotes (its parser's quoting), no busy handler of its own (the
// native handle gets one in milliseconds).
std::string soci_connection_string(const std::string& file) {
    return fmt::format("db=\"{}\" timeout=0", file);
}

sqlite3* native_handle(soci::session& session) {
    return static_cast<soci::sqlite3_session_backend*>(session.get_backend())->conn_;
}

// A failure SQLite reported on the connection (sqlite3_extended_errcode and sqlite3_errmsg tell which), thrown where
// it happens and turned into an orm::DatabaseError where the statement is echoed.
struct SqliteFailure {};

// Writes `value`'s text into `buffer` (its capacity reused row after row) and returns a view of it.
template <class Number>
std::string_view number_text(Number value, std::string& buffer) {
    std::array<char, 32> digits{};
    const auto written = std::to_chars(digits.data(), digits.data() + digits.size(), value);
    buffer.assign(digits.data(), written.ptr);
    return buffer;
}

// One column of the current row as the text roachorm reads: SQLite's own text or bytes in place (valid until the
// next step), or a number written into `number`: an INTEGER in decimal, a REAL shortest-exact, as the servers send
// them (SQLite's own text of a REAL has 15 significant digits).
TextView value_of(sqlite3_stmt* statement, int column, std::string& number) {
    switch (sqlite3_column_type(statement, column)) {
        case SQLITE_NULL:
            return std::nullopt;
        case SQLITE_INTEGER:
            return number_text(static_cast<std::int64_t>(sqlite3_column_int64(statement, column)), number);
        case SQLITE_FLOAT: {
            const double real = sqlite3_column_double(statement, column);
            if (!std::isfinite(real)) {
                number = text::format_double(real);
                return number;
            }
            return number_text(real, number);
        }
        default: {
            // Text first, then its length in bytes: the order c3ref/column_blob.html recommends.
            const auto* bytes = reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
            const auto size = static_cast<std::size_t>(sqlite3_column_bytes(statement, column));
            return bytes == nullptr ? std::string_view() : std::string_view(bytes, size);
        }
    }
}

}  // namespace

// SOCI prepares the statement and owns it (finalized with the soci::statement); it is bound, stepped and read
// through the native handle (see the file's header for why).
struct SqliteConnection::Prepared {
    explicit Prepared(soci::session& session) : statement(session) {}

    soci::statement statement;
    sqlite3_stmt* native = nullptr;
    std::size_t param_count = 0;
    std::vector<std::string> column_names;
};

struct SqliteConnection::Impl {
    soci::session session;
    sqlite3* native = nullptr;
    std::unordered_map<std::string, std::unique_ptr<Prepared>> statements;
    std::vector<TextView> row;
    std::vector<std::string> numbers;  // the text of each INTEGER or REAL value of the current row
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
    // Off by default and per connection, and a no-op inside a transaction (foreignkeys.html §2): set first. Part of
    // opening the connection, like the libpq connection's SET, so not echoed as a statement.
    if (sqlite3_exec(impl_->native, "PRAGMA foreign_keys = ON", nullptr, nullptr, nullptr) != SQLITE_OK) {
        throw ConnectFailedError(fmt::format("cannot enforce foreign keys on the SQLite database {} ({}): {}", file_,
                                             url.redacted, one_line(sqlite3_errmsg(impl_->native))));
    }
    if (log_) {
        log_->record_event(
            fmt::format("opened SQLite database {} in {} ms", file_,
                        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count()));
    }
}

SqliteConnection::~SqliteConnection() = default;

SqliteConnection::Prepared& SqliteConnection::prepared(const std::string& sql) {
    if (const auto found = impl_->statements.find(sql); found != impl_->statements.end()) {
        return *found->second;
    }
    auto statement = std::make_unique<Prepared>(impl_->session);
    try {
        statement->statement.alloc();
        statement->statement.prepare(sql);
    } catch (const soci::soci_error&) {
        throw SqliteFailure{};
    }
    statement->native = static_cast<soci::sqlite3_statement_backend*>(statement->statement.get_backend())->stmt_;
    statement->param_count = static_cast<std::size_t>(sqlite3_bind_parameter_count(statement->native));
    const int column_count = sqlite3_column_count(statement->native);
    for (int column = 0; column < column_count; ++column) {
        statement->column_names.emplace_back(sqlite3_column_name(statement->native, column));
    }
    return *impl_->statements.emplace(sql, std::move(statement)).first->second;
}

std::uint64_t SqliteConnection::run(Prepared& statement, const std::string& sql, std::span<const TextValue> params,
                                    std::size_t result_columns, const std::function<bool(TextRow)>& on_row) {
    const std::size_t column_count = statement.column_names.size();
    if (result_columns != 0 && result_columns != column_count) {
        throw column_count_mismatch(redact_passwords(sql), column_count, result_columns);
    }
    if (params.size() != statement.param_count) {
        throw Error(fmt::format("the statement takes {} parameters but {} were given: {}", statement.param_count,
                                params.size(), sql));
    }
    sqlite3_stmt* const native = statement.native;
    // A statement left mid-result holds its read lock (and blocks COMMIT's): reset it however the run ends. Its
    // parameters point into `params`, which the caller owns only for this call: clear them too.
    const struct Reset {
        sqlite3_stmt* native;
        ~Reset() {
            sqlite3_reset(native);
            sqlite3_clear_bindings(native);
        }
    } reset{native};
    for (std::size_t i = 0; i < params.size(); ++i) {
        const int position = static_cast<int>(i + 1);
        const int bound = params[i] ? sqlite3_bind_text64(native, position, params[i]->data(), params[i]->size(),
                                                          SQLITE_STATIC, SQLITE_UTF8)
                                    : sqlite3_bind_null(native, position);
        if (bound != SQLITE_OK) {
            throw SqliteFailure{};
        }
    }
    std::vector<TextView>& row = impl_->row;
    std::vector<std::string>& numbers = impl_->numbers;
    row.resize(column_count);
    numbers.resize(column_count);
    std::uint64_t rows = 0;
    for (int step = sqlite3_step(native); step != SQLITE_DONE; step = sqlite3_step(native)) {
        if (step != SQLITE_ROW) {
            throw SqliteFailure{};
        }
        ++rows;
        for (std::size_t i = 0; i < column_count; ++i) {
            row[i] = value_of(native, static_cast<int>(i), numbers[i]);
        }
        if (on_row && !on_row(row)) {
            break;
        }
    }
    return column_count > 0 ? rows : static_cast<std::uint64_t>(sqlite3_changes64(impl_->native));
}

std::uint64_t SqliteConnection::run_echoed(const std::string& sql, std::span<const TextValue> params, bool prepare,
                                           const TableInfo* table, std::size_t result_columns,
                                           const std::function<bool(TextRow)>& on_row) {
    const auto start = Clock::now();
    std::uint64_t rows = 0;
    try {
        if (prepare || !params.empty()) {
            rows = run(prepared(sql), sql, params, result_columns, on_row);
        } else if (sqlite3_exec(impl_->native, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
            fail(sql, start, params, table);
        }
    } catch (const SqliteFailure&) {
        fail(sql, start, params, table);
    }
    echo(sql, start, params, {});
    return rows;
}

void SqliteConnection::fail(const std::string& sql, Clock::time_point start, std::span<const TextValue> params,
                            const TableInfo* table) {
    const std::string message = one_line(sqlite3_errmsg(impl_->native));
    FailureReport report = read_failure(sqlite3_extended_errcode(impl_->native), message);
    echo(sql, start, params, report.sqlstate);
    try {
        throw_database_error(std::move(report.sqlstate), redact_passwords(sql), message, std::move(report.details));
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
        throw busy_streaming(redact_passwords(sql));
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
