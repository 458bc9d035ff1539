// What every sample shares: the --url and --echo options, and a main() wrapper that turns any failure into one
// line on stderr and exit status 1.
#pragma once

#include <cstddef>
#include <exception>
#include <string>
#include <string_view>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <roachorm/orm/orm.hpp>

namespace samples {

// The server to talk to. DATABASE_URL is the default so that a sample runs unchanged under scripts/db, in CI and
// against a cluster the user exported once.
class DatabaseOptions {
public:
    explicit DatabaseOptions(CLI::App& app) {
        app.add_option("--url", url_, "database URL: postgresql://, postgres:// or cockroachdb://")
            ->envname("DATABASE_URL");
        app.add_flag("--echo", echo_, "print every statement and its duration to stderr");
    }

    // The Database does not connect yet: the first statement does, so an unreachable server is reported there.
    orm::Database open(std::size_t pool_size = orm::DatabaseOptions{}.pool_size) const {
        if (url_.empty()) {
            throw orm::ConfigError("no database URL: pass --url or set DATABASE_URL");
        }
        return orm::Database(url_, orm::DatabaseOptions{.pool_size = pool_size, .echo = echo_});
    }

private:
    std::string url_;
    bool echo_ = false;
};

// Runs a sample's body. A reader running a sample against the wrong URL should see what to fix, not a stack dump;
// redact_passwords guards messages that do not come from roachorm (whose own messages never carry a password).
template <class Body>
int run(std::string_view program, Body&& body) {
    try {
        body();
        return 0;
    } catch (const std::exception& error) {
        fmt::print(stderr, "{}: {}\n", program, orm::one_line(orm::redact_passwords(error.what())));
        return 1;
    }
}

}  // namespace samples
