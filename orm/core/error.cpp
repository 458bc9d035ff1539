// Message composition for the error types that carry structured context.
#include <roachorm/orm/core/error.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace orm {

std::string one_line(std::string_view message) {
    std::string line;
    for (const char c : message) {
        const bool space = c == '\n' || c == '\t' || c == '\r' || c == ' ';
        if (!space) {
            line += c;
        } else if (!line.empty() && line.back() != ' ') {
            line += ' ';
        }
    }
    while (!line.empty() && line.back() == ' ') {
        line.pop_back();
    }
    return line;
}

namespace {

// Whether a 21000 (cardinality_violation) came from a subquery used as a value, rather than, say, an upsert that
// names one key twice: only then does the subquery advice fit.
bool subquery_cardinality(std::string_view sqlstate, std::string_view statement) {
    return sqlstate == "21000" && statement.find("(SELECT ") != std::string_view::npos;
}

// What to do about the errors a user meets first; the server's message already says what happened and where.
std::string_view hint(std::string_view sqlstate, std::string_view statement) {
    if (sqlstate == "42P01") {  // undefined_table: the server's message names it
        return "; create the missing table first with db.create_all<...>() for its model";
    }
    if (subquery_cardinality(sqlstate, statement)) {
        return "; a subquery used as a value (orm::subquery<M>()...select(e) in a select, condition or order_by) "
               "must return at most one row: select an aggregate such as orm::count() or orm::max(...), filter it "
               "down to one row (e.g. on a key), or add .limit(1)";
    }
    return "";
}

}  // namespace

DatabaseError::DatabaseError(std::string sqlstate, std::string statement, const std::string& server_message)
    : Error(fmt::format("database error {}: {} (statement: {}){}", sqlstate, server_message, statement,
                        hint(sqlstate, statement))),
      sqlstate_(std::move(sqlstate)),
      statement_(std::move(statement)) {}

DatabaseError::DatabaseError(std::string sqlstate, std::string statement, ComposedMessage message)
    : Error(message.text), sqlstate_(std::move(sqlstate)), statement_(std::move(statement)) {}

namespace {

std::string_view violation_kind(std::string_view sqlstate) {
    if (sqlstate == "23505") {
        return "unique";
    }
    if (sqlstate == "23503") {
        return "foreign key";
    }
    if (sqlstate == "23502") {
        return "not-null";
    }
    if (sqlstate == "23514") {
        return "check";
    }
    return "integrity";
}

std::string_view violation_type(std::string_view sqlstate) {
    if (sqlstate == "23505") {
        return "orm::UniqueViolation";
    }
    if (sqlstate == "23503") {
        return "orm::ForeignKeyViolation";
    }
    if (sqlstate == "23502") {
        return "orm::NotNullViolation";
    }
    if (sqlstate == "23514") {
        return "orm::CheckViolation";
    }
    return "orm::ConstraintViolation";
}

// Built from names only: the server's own text is left out because it can carry row values.
std::string violation_message(std::string_view sqlstate, std::string_view statement, const ConstraintDetails& details) {
    std::string message = fmt::format("{} constraint violated (SQLSTATE {})", violation_kind(sqlstate), sqlstate);
    message +=
        details.table.empty() ? " on a table the server did not name" : fmt::format(" on table \"{}\"", details.table);
    if (!details.constraint.empty()) {
        message += fmt::format(", constraint \"{}\"", details.constraint);
    }
    if (!details.columns.empty()) {
        message += fmt::format(", column{} \"{}\"", details.columns.size() == 1 ? "" : "s",
                               fmt::join(details.columns, "\", \""));
    }
    message += fmt::format(
        " (statement: {}). To go on with the transaction after it, make the write inside session.savepoint(...) and "
        "catch {} there",
        statement, violation_type(sqlstate));
    return message;
}

}  // namespace

ConstraintViolation::ConstraintViolation(std::string sqlstate, std::string statement, ConstraintDetails details)
    : DatabaseError(sqlstate, statement, ComposedMessage{violation_message(sqlstate, statement, details)}),
      details_(std::move(details)),
      message_(Error::what()) {}

void ConstraintViolation::name_columns(std::vector<std::string> columns) {
    details_.columns = std::move(columns);
    message_ = violation_message(sqlstate(), statement(), details_);
}

void throw_database_error(std::string sqlstate, std::string statement, const std::string& server_message,
                          ConstraintDetails details) {
    if (sqlstate == "23505") {
        throw UniqueViolation(std::move(sqlstate), std::move(statement), std::move(details));
    }
    if (sqlstate == "23503") {
        throw ForeignKeyViolation(std::move(sqlstate), std::move(statement), std::move(details));
    }
    if (sqlstate == "23502") {
        throw NotNullViolation(std::move(sqlstate), std::move(statement), std::move(details));
    }
    if (sqlstate == "23514") {
        throw CheckViolation(std::move(sqlstate), std::move(statement), std::move(details));
    }
    if (subquery_cardinality(sqlstate, statement)) {
        throw CardinalityViolation(std::move(sqlstate), std::move(statement), server_message);
    }
    throw DatabaseError(std::move(sqlstate), std::move(statement), server_message);
}

RetryLimitExceeded::RetryLimitExceeded(int attempts, std::exception_ptr last_error, const std::string& last_message)
    : Error(fmt::format("transaction gave up after {} attempts; last error: {}. Reduce contention on the rows it "
                        "touches or raise max_retries",
                        attempts, last_message)),
      attempts_(attempts),
      last_error_(std::move(last_error)) {}

SchemaMismatch::SchemaMismatch(std::string table, std::vector<std::string> differences)
    : Error(fmt::format("table \"{}\" does not match its model: {}", table, fmt::join(differences, "; "))),
      table_(std::move(table)),
      differences_(std::move(differences)) {}

MappingError column_count_mismatch(const std::string& shown_sql, std::size_t returned, std::size_t expected) {
    return MappingError(fmt::format(
        "{} returned {} column{} where {} were expected: make the statement's result columns match what it is read "
        "into",
        shown_sql, returned, returned == 1 ? "" : "s", expected));
}

Error busy_streaming(const std::string& shown_sql) {
    return Error(fmt::format(
        "cannot run {} now: this session's connection is busy streaming the rows of a query (query.stream), and "
        "nothing else runs on it until that result ends. Collect what the statement needs inside the stream and run "
        "it after stream() returns, or read the rows with all()",
        shown_sql));
}

}  // namespace orm
