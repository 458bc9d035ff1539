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

// The server rejected a statement. Carries the SQLSTATE and the statement text, never the parameter values; an
// undefined table (42P01) adds what to do: create it with db.create_all<...>().
class DatabaseError : public Error {
public:
    DatabaseError(std::string sqlstate, std::string statement, const std::string& server_message);
    const std::string& sqlstate() const noexcept { return sqlstate_; }
    const std::string& statement() const noexcept { return statement_; }

private:
    std::string sqlstate_;
    std::string statement_;
};

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

}  // namespace orm
