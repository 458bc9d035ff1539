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

// What to do about the errors a user meets first; the server's message already says what happened and where.
std::string_view hint(std::string_view sqlstate) {
    if (sqlstate == "42P01") {  // undefined_table: the server's message names it
        return "; create the missing table first with db.create_all<...>() for its model";
    }
    return "";
}

}  // namespace

DatabaseError::DatabaseError(std::string sqlstate, std::string statement, const std::string& server_message)
    : Error(
          fmt::format("database error {}: {} (statement: {}){}", sqlstate, server_message, statement, hint(sqlstate))),
      sqlstate_(std::move(sqlstate)),
      statement_(std::move(statement)) {}

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

}  // namespace orm
