// The real server the integration suite runs against: its URL comes from ROACHORM_TEST_URL, which
// ./scripts/test sets after starting a throwaway server. Without it every integration test fails; none skips.
#pragma once

#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include <roachorm/orm/orm.hpp>

namespace roachorm_test {

inline std::string server_url() {
    const char* url = std::getenv("ROACHORM_TEST_URL");
    return url ? url : "";
}

// The single value a one-column query returns ("NULL" for SQL NULL).
inline std::string query_value(orm::Connection& connection, const std::string& sql,
                               const std::vector<orm::TextValue>& params = {}) {
    std::string value;
    connection.execute(sql, params, 1, [&](orm::TextRow row) { value = row[0].value_or("NULL"); });
    return value;
}

// The statements a Database echoed, in order: its options send echo lines here.
class EchoCapture {
public:
    orm::DatabaseOptions options() {
        return orm::DatabaseOptions{.echo = true,
                                    .log_sink = [this](std::string_view line) { lines_.emplace_back(line); }};
    }

    // The statements echoed so far that start with `verb` ("UPDATE", "INSERT", ...; all when empty), without their
    // timing, attempt and values.
    std::vector<std::string> statements(std::string_view verb = {}) const {
        std::vector<std::string> found;
        for (const std::string& line : lines_) {
            const std::string statement = line.substr(line.find(" ms ") + 4);
            if (statement.starts_with(verb)) {
                found.push_back(statement);
            }
        }
        return found;
    }

    void clear() { lines_.clear(); }

private:
    std::vector<std::string> lines_;
};

// Gives each test its tables freshly created and a connection to the server.
template <orm::Model... Tables>
class ServerTest : public ::testing::Test {
protected:
    void SetUp() override {
        const std::string url = server_url();
        ASSERT_FALSE(url.empty()) << "ROACHORM_TEST_URL is not set: run the suite with ./scripts/test, which starts "
                                     "a throwaway server, or export the URL of a server you own";
        database = std::make_unique<orm::Database>(url);
        database->drop_all<Tables...>();
        database->create_all<Tables...>();
        connection = database->connect();
    }

    std::unique_ptr<orm::Database> database;
    std::unique_ptr<orm::Connection> connection;
};

}  // namespace roachorm_test
