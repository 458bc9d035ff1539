// Runs statements through SOCI's PostgreSQL backend and maps its errors onto the orm::Error hierarchy.
// SOCI's own error text can append bound values ("with :1=..."), so only the server's message is kept.
#include <orm/connection.hpp>

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

void ignore_notice(void*, const char*) {}

std::string first_line(std::string message) {
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
        message.pop_back();
    }
    return message;
}

}  // namespace

struct Connection::Impl {
    // Server notices ("relation already exists, skipping") are expected chatter, not output for the user.
    explicit Impl(const std::string& conninfo) : session(soci::postgresql, conninfo) {
        PQsetNoticeProcessor(native(), ignore_notice, nullptr);
    }

    soci::session session;
    std::unordered_map<std::string, std::unique_ptr<PreparedStatement>> statements;

    PGconn* native() { return static_cast<soci::postgresql_session_backend*>(session.get_backend())->conn_; }

    // Translates the SOCI exception in flight into the orm::Error hierarchy.
    [[noreturn]] void rethrow(const std::string& sql) {
        try {
            throw;
        } catch (const soci::soci_error& error) {
            std::string message = first_line(error.get_error_message());
            if (PQstatus(native()) == CONNECTION_BAD) {
                throw ConnectionError(
                    fmt::format("lost the connection to the server while running: {} ({})", sql, message));
            }
            const auto* server_error = dynamic_cast<const soci::postgresql_soci_error*>(&error);
            std::string sqlstate = server_error ? server_error->sqlstate() : std::string{};
            if (sqlstate == "42P01") {
                message += "; create the table first (Database::create_all)";
            }
            throw DatabaseError(std::move(sqlstate), sql, message);
        }
    }
};

Connection::Connection(const DatabaseUrl& url, const dialect::Dialect& dialect) : dialect_(dialect) {
    try {
        impl_ = std::make_unique<Impl>(url.conninfo);
    } catch (const soci::soci_error& error) {
        throw ConnectionError(fmt::format(
            "cannot connect to {} at {}:{} ({}): {}. Check that the server is running "
            "and that the URL's host, port, user and database are right",
            dialect.name(), url.host, url.port, url.redacted, redact_passwords(first_line(error.get_error_message()))));
    }
}

Connection::~Connection() = default;

std::uint64_t Connection::execute(const std::string& sql, std::span<const TextValue> params, std::size_t result_columns,
                                  const std::function<void(TextRow)>& on_row) {
    try {
        auto cached_entry = impl_->statements.find(sql);
        if (cached_entry == impl_->statements.end()) {
            auto prepared = std::make_unique<PreparedStatement>(impl_->session, sql, params.size(), result_columns);
            cached_entry = impl_->statements.emplace(sql, std::move(prepared)).first;
        }
        PreparedStatement* cached = cached_entry->second.get();
        cached->bind(params);
        std::uint64_t rows = 0;
        for (bool has_row = cached->statement.execute(true); has_row; has_row = cached->statement.fetch()) {
            ++rows;
            if (on_row) {
                on_row(cached->current_row());
            }
        }
        return result_columns == 0 ? static_cast<std::uint64_t>(cached->statement.get_affected_rows()) : rows;
    } catch (const Error&) {
        throw;
    } catch (...) {
        impl_->rethrow(sql);
    }
}

void Connection::execute_unprepared(const std::string& sql) {
    try {
        impl_->session << sql;
    } catch (...) {
        impl_->rethrow(sql);
    }
}

bool Connection::is_usable() const noexcept {
    return PQstatus(impl_->native()) == CONNECTION_OK;
}

}  // namespace orm
