// The exceptions roachorm throws: one hierarchy under orm::Error, each saying what happened, where, and what to do.
// Messages never carry passwords or bound parameter values.
#pragma once

#include <cstddef>
#include <exception>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace orm {

// `message` with every run of line breaks, tabs and spaces made one space: libpq's messages span lines
// ("...\n\tThis probably means..."), and an exception message or a log line reads better on one.
std::string one_line(std::string_view message);

class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A malformed database URL, an unknown scheme or an invalid option.
class ConfigError : public Error {
public:
    using Error::Error;
};

// The server could not be reached, or the connection broke.
class ConnectionError : public Error {
public:
    using Error::Error;
};

// No server of the URL accepted a new connection: unreachable, refusing, still starting, read-only where the URL
// asks for read-write, or the credentials or database are wrong (the message quotes libpq's reason).
class ConnectFailedError : public ConnectionError {
public:
    using ConnectionError::ConnectionError;
};

// The server rejected a statement. Carries the SQLSTATE and the statement text, never the parameter values; an
// undefined table (42P01) adds what to do: create it with db.create_all<...>().
class DatabaseError : public Error {
public:
    DatabaseError(std::string sqlstate, std::string statement, const std::string& server_message);
    const std::string& sqlstate() const noexcept { return sqlstate_; }
    const std::string& statement() const noexcept { return statement_; }

protected:
    struct ComposedMessage {
        std::string text;
    };
    // For subclasses that compose the whole message themselves.
    DatabaseError(std::string sqlstate, std::string statement, ComposedMessage message);

private:
    std::string sqlstate_;
    std::string statement_;
};

// What the server reported about a violated constraint. A field the server did not send is empty: PostgreSQL sends
// the table and constraint (and, for NOT NULL, the column); CockroachDB sends only the constraint name, and none for
// NOT NULL. No server names the columns of a unique or foreign-key constraint.
struct ConstraintDetails {
    std::string table;
    std::string constraint;
    std::vector<std::string> columns;
};

// A statement broke an integrity constraint (SQLSTATE class 23). The message names the table, the constraint and
// the columns as far as they are known, never the values: the server's DETAIL line ("Key (email)=(a@b.c) already
// exists") is not read, and neither is its message text, which older CockroachDB versions filled with the key.
class ConstraintViolation : public DatabaseError {
public:
    ConstraintViolation(std::string sqlstate, std::string statement, ConstraintDetails details);

    const std::string& table() const noexcept { return details_.table; }
    const std::string& constraint() const noexcept { return details_.constraint; }
    const std::vector<std::string>& columns() const noexcept { return details_.columns; }

    // Names the constrained columns, for a layer that knows the model's declared constraints (the server does not
    // send them for a unique or foreign-key constraint); what() names them from then on.
    void name_columns(std::vector<std::string> columns);

    const char* what() const noexcept override { return message_.c_str(); }

private:
    ConstraintDetails details_;
    std::string message_;
};

// 23505: a row with that key, or those values of a UNIQUE constraint, already exists.
class UniqueViolation : public ConstraintViolation {
public:
    using ConstraintViolation::ConstraintViolation;
};

// 23503: a referenced row is missing, or a row that is still referenced was deleted.
class ForeignKeyViolation : public ConstraintViolation {
public:
    using ConstraintViolation::ConstraintViolation;
};

// 23502: NULL written into a NOT NULL column.
class NotNullViolation : public ConstraintViolation {
public:
    using ConstraintViolation::ConstraintViolation;
};

// 23514: a row failed a CHECK constraint.
class CheckViolation : public ConstraintViolation {
public:
    using ConstraintViolation::ConstraintViolation;
};

// 21000: a subquery used as a value (a scalar subquery) returned more than one row. The message says how to make
// it return one.
class CardinalityViolation : public DatabaseError {
public:
    using DatabaseError::DatabaseError;
};

// Throws the DatabaseError for a server error: the ConstraintViolation subclass of a unique, foreign-key, not-null or
// check violation (built from `details`, without `server_message`), a CardinalityViolation, else a DatabaseError
// with the server's message.
[[noreturn]] void throw_database_error(std::string sqlstate, std::string statement, const std::string& server_message,
                                       ConstraintDetails details);

class NoResultFound : public Error {
public:
    using Error::Error;
};

class MultipleResultsFound : public Error {
public:
    using Error::Error;
};

// run_transaction gave up after its bounded number of attempts.
class RetryLimitExceeded : public Error {
public:
    RetryLimitExceeded(int attempts, std::exception_ptr last_error, const std::string& last_message);
    int attempts() const noexcept { return attempts_; }
    std::exception_ptr last_error() const noexcept { return last_error_; }

private:
    int attempts_;
    std::exception_ptr last_error_;
};

// The connection failed while the commit was in flight: the transaction may or may not have been applied.
class AmbiguousCommitError : public Error {
public:
    using Error::Error;
};

// A model and its live table disagree; every difference is listed.
class SchemaMismatch : public Error {
public:
    explicit SchemaMismatch(std::string table, std::vector<std::string> differences);
    const std::string& table() const noexcept { return table_; }
    const std::vector<std::string>& differences() const noexcept { return differences_; }

private:
    std::string table_;
    std::vector<std::string> differences_;
};

// A value does not fit its member or column (out of range, NULL into a non-optional, malformed text).
class MappingError : public Error {
public:
    using Error::Error;
};

// A statement whose result has `returned` columns, read into `expected`: the same MappingError from every connection.
// `shown_sql` is the statement as messages may show it (passwords redacted).
MappingError column_count_mismatch(const std::string& shown_sql, std::size_t returned, std::size_t expected);

// A statement run on a connection while its stream() is still handing over rows: the same Error from every connection.
Error busy_streaming(const std::string& shown_sql);

}  // namespace orm
