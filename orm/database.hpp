// orm::Database: the entry point built from a URL. It knows the dialect, opens connections and manages tables.
// Transactions and the Session come from orm::run_transaction(db, ...), built on the connections it opens.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <dialect/dialect.hpp>
#include <orm/connection.hpp>
#include <orm/statements.hpp>
#include <orm/url.hpp>

namespace orm {

class Database {
public:
    // Throws orm::ConfigError for a malformed URL or unknown scheme. Does not connect yet.
    explicit Database(std::string_view url);

    const dialect::Dialect& dialect() const noexcept { return dialect_; }
    const DatabaseUrl& url() const noexcept { return url_; }

    // A new connection in autocommit mode; throws orm::ConnectionError when the server cannot be reached.
    std::unique_ptr<Connection> connect() const;

    // CREATE TABLE IF NOT EXISTS for each model, each statement on its own (DDL stays out of transactions).
    template <Model... Ts>
    void create_all() {
        run_each({&orm::statements<Ts>(dialect_).create_table...});
    }

    // DROP TABLE IF EXISTS for each model, in reverse order.
    template <Model... Ts>
    void drop_all() {
        run_each({&orm::statements<Ts>(dialect_).drop_table...}, /*reverse=*/true);
    }

private:
    void run_each(std::initializer_list<const std::string*> statements, bool reverse = false);

    DatabaseUrl url_;
    const dialect::Dialect& dialect_;
};

}  // namespace orm
