// Passwords against the real server: one full of URL and SQL special characters authenticates when percent-encoded,
// and no password (right or wrong) shows up in a ConnectionError, a ConfigError, a DatabaseError or an echo line.
#include <cctype>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_server.hpp"

namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// Every character outside RFC 3986's unreserved set as %XX, so libpq reads each one back literally.
std::string percent_encode(std::string_view text) {
    std::string encoded;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (std::isalnum(byte) || c == '-' || c == '.' || c == '_' || c == '~') {
            encoded += c;
        } else {
            encoded += fmt::format("%{:02X}", byte);
        }
    }
    return encoded;
}

class PasswordMasking : public roachorm_test::ServerTest<> {
protected:
    std::vector<std::string> lines;
};

TEST_F(PasswordMasking, PasswordLiteralInRawSqlIsMaskedInTheEchoAndInTheError) {
    constexpr std::string_view kPassword = "Rec0gnizable-Pw";
    orm::Database echoing(roachorm_test::server_url(),
                          {.echo = true, .echo_parameters = true, .log_sink = [this](std::string_view line) {
                               lines.emplace_back(line);
                           }});
    try {
        orm::run_transaction(echoing, [&](orm::Session& session) {
            session.execute(fmt::format("ALTER ROLE roachorm_no_such_role WITH PASSWORD '{}'", kPassword));
        });
        FAIL() << "expected orm::DatabaseError: the role does not exist";
    } catch (const orm::DatabaseError& error) {
        EXPECT_THAT(error.what(), Not(HasSubstr(kPassword)));
        EXPECT_THAT(error.statement(), Not(HasSubstr(kPassword)));
        EXPECT_EQ(error.statement(), "ALTER ROLE roachorm_no_such_role WITH PASSWORD ***");
    }
    bool echoed = false;
    for (const std::string& line : lines) {
        EXPECT_THAT(line, Not(HasSubstr(kPassword)));
        echoed = echoed || line.find("ALTER ROLE roachorm_no_such_role WITH PASSWORD ***") != std::string::npos;
    }
    EXPECT_TRUE(echoed) << "the statement was not echoed at all";
}

// pg_hba's password check and CREATE ROLE ... PASSWORD are PostgreSQL's; CockroachDB runs --insecure here.
class PostgreSQLOnlyPasswords : public roachorm_test::ServerTest<> {
protected:
    // Roles belong to the whole server, not to the test's database: a name of its own keeps parallel tests apart.
    const std::string kRole = roachorm_test::per_test_name("roachorm_special");

    void SetUp() override {
        ServerTest::SetUp();
        ASSERT_EQ(database->dialect().kind(), orm::DialectKind::postgresql)
            << "PostgreSQLOnly suites run only against PostgreSQL (scripts/test leaves them out of the CockroachDB "
               "run)";
        ASSERT_EQ(roachorm_test::query_value(*connection,
                                             "SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE "
                                             "rolname = current_user"),
                  "t")
            << "the test server's user must be able to create roles (scripts/db makes it the superuser)";
        drop_role();
    }

    void TearDown() override {
        if (connection) {
            drop_role();
        }
    }

    void drop_role() { connection->execute_unprepared(fmt::format("DROP ROLE IF EXISTS {}", kRole)); }

    // A URL for the test server's database as `user_and_password` (already in URL form).
    std::string url_as(const std::string& user_and_password) const {
        const orm::DatabaseUrl& server = database->url();
        return fmt::format("postgresql://{}@{}:{}/{}?sslmode=disable", user_and_password, server.host, server.port,
                           server.database);
    }
};

TEST_F(PostgreSQLOnlyPasswords, PasswordWithSpecialCharactersAuthenticatesWhenPercentEncoded) {
    const std::string password = "p@ss:w/rd%?#'\"\\ &=+[];ü";
    std::string literal;  // as an SQL string literal: standard_conforming_strings keeps the backslash as it is
    for (const char c : password) {
        literal += c == '\'' ? std::string("''") : std::string(1, c);
    }
    connection->execute_unprepared(fmt::format("CREATE ROLE {} LOGIN PASSWORD '{}'", kRole, literal));

    {
        orm::Database special(url_as(fmt::format("{}:{}", kRole, percent_encode(password))));
        EXPECT_EQ(orm::run_transaction(special,
                                       [](orm::Session& session) {
                                           return std::get<0>(session.select<std::string>("SELECT current_user").at(0));
                                       }),
                  kRole);
    }

    // Unencoded, the '@', '/', '?' and '#' move libpq's idea of where the host is: refused, and not shown.
    try {
        orm::Database raw(url_as(fmt::format("{}:{}", kRole, password)));
        orm::run_transaction(raw, [](orm::Session&) {});
        FAIL() << "the unencoded password was accepted";
    } catch (const orm::ConfigError& error) {
        EXPECT_THAT(error.what(), Not(HasSubstr(password)));
        EXPECT_THAT(error.what(), Not(HasSubstr("w/rd")));
        EXPECT_THAT(error.what(), HasSubstr("percent-encode"));
    }
}

TEST_F(PostgreSQLOnlyPasswords, WrongPasswordIsAConnectionErrorWithoutThePassword) {
    const std::string wrong = "Wr0ng-S3cret-Pw";
    std::vector<std::string> lines;
    orm::Database refused(
        url_as(database->url().user + ":" + wrong),
        {.echo = true, .echo_parameters = true, .log_sink = [&](std::string_view line) { lines.emplace_back(line); }});
    try {
        orm::run_transaction(refused, [](orm::Session&) {});
        FAIL() << "expected orm::ConnectionError";
    } catch (const orm::ConnectionError& error) {
        EXPECT_THAT(error.what(), HasSubstr("password authentication failed"));
        EXPECT_THAT(error.what(), HasSubstr(refused.url().host + ":" + refused.url().port));
        EXPECT_THAT(error.what(), Not(HasSubstr(wrong)));
    }
    for (const std::string& line : lines) {
        EXPECT_THAT(line, Not(HasSubstr(wrong)));
    }
}

}  // namespace
