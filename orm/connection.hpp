// One server connection: statements prepared once and cached by their text, values bound as text,
// server errors turned into orm::DatabaseError / orm::ConnectionError. Not thread-safe; one user at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include <dialect/dialect.hpp>
#include <orm/url.hpp>

namespace orm {

// A bound parameter or result value in its text form; std::nullopt is SQL NULL.
using TextValue = std::optional<std::string>;
using TextRow = std::span<const TextValue>;

class Connection {
public:
    // Connects at once; throws orm::ConnectionError naming host and port when the server cannot be reached.
    Connection(const DatabaseUrl& url, const dialect::Dialect& dialect);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    const dialect::Dialect& dialect() const noexcept { return dialect_; }

    // Runs `sql` with `params` (prepared on first use on this connection) and hands each result row of
    // `result_columns` columns to `on_row`. Returns the number of rows the statement affected or returned.
    std::uint64_t execute(const std::string& sql, std::span<const TextValue> params, std::size_t result_columns = 0,
                          const std::function<void(TextRow)>& on_row = {});

    // Runs parameterless SQL through the simple-query protocol, unprepared (DDL, transaction control).
    void execute_unprepared(const std::string& sql);

    // False once the server connection is lost; such a connection is discarded, never reused.
    bool is_usable() const noexcept;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    const dialect::Dialect& dialect_;
};

}  // namespace orm
