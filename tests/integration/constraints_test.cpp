// Constraint violations against the real server: each kind is its own orm::ConstraintViolation subclass carrying
// the table and constraint the server named, and neither its message nor the statement echo carries the values.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_server.hpp"

namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// Values the violating statements bind; none may appear in a message or an echo line.
constexpr const char* kSecretEmail = "secret-mail@example.org";
constexpr std::int64_t kMissingParent = 987654321;
constexpr std::int64_t kNegativeBalance = -4242;

class Constraints : public ::testing::Test {
protected:
    void SetUp() override {
        const std::string url = roachorm_test::server_url();
        ASSERT_FALSE(url.empty()) << "ROACHORM_TEST_URL is not set";
        database = std::make_unique<orm::Database>(url, echo.options());
        const std::unique_ptr<orm::Connection> connection = database->connect();
        connection->execute_unprepared("DROP TABLE IF EXISTS constraint_children");
        connection->execute_unprepared("DROP TABLE IF EXISTS constraint_parents");
        connection->execute_unprepared(
            "CREATE TABLE constraint_parents (id INT8 PRIMARY KEY, email TEXT, "
            "CONSTRAINT constraint_parents_email_unique UNIQUE (email))");
        connection->execute_unprepared(
            "CREATE TABLE constraint_children (id INT8 PRIMARY KEY, parent_id INT8, name TEXT NOT NULL, "
            "balance INT8 NOT NULL DEFAULT 0, "
            "CONSTRAINT constraint_children_parent_fk FOREIGN KEY (parent_id) REFERENCES constraint_parents (id), "
            "CONSTRAINT constraint_children_balance_check CHECK (balance >= 0))");
        connection->execute("INSERT INTO constraint_parents (id, email) VALUES (1, $1)",
                            std::vector<orm::TextValue>{std::string(kSecretEmail)});
        echo.clear();
    }

    // PostgreSQL names the table in its error fields; CockroachDB sends only the constraint name.
    bool server_names_table() const { return database->dialect().kind() == orm::DialectKind::postgresql; }
    // SQLite names no constraint of a UNIQUE or FOREIGN KEY violation, but the table and columns of a UNIQUE or
    // NOT NULL one ("UNIQUE constraint failed: t.c", "NOT NULL constraint failed: t.c").
    bool on_sqlite() const { return database->dialect().kind() == orm::DialectKind::sqlite; }

    // Runs `statement` with `params` in a transaction and returns what it threw (rethrown by the caller's catch).
    template <class... Params>
    void run(const std::string& statement, const Params&... params) {
        orm::run_transaction(*database, [&](orm::Session& session) { session.execute(statement, params...); });
    }

    // The message and every echo line, none of which may hold `value`.
    void expect_no_value(const std::string& message, const std::string& value) const {
        EXPECT_THAT(message, Not(HasSubstr(value)));
        for (const std::string& line : echo.statements()) {
            EXPECT_THAT(line, Not(HasSubstr(value)));
        }
    }

    roachorm_test::EchoCapture echo;
    std::unique_ptr<orm::Database> database;
};

TEST_F(Constraints, DuplicateUniqueValueIsAUniqueViolation) {
    try {
        run("INSERT INTO constraint_parents (id, email) VALUES ($1, $2)", std::int64_t{2}, std::string(kSecretEmail));
        FAIL() << "expected orm::UniqueViolation";
    } catch (const orm::UniqueViolation& error) {
        EXPECT_EQ(error.sqlstate(), "23505");
        if (on_sqlite()) {
            EXPECT_EQ(error.constraint(), "");
            EXPECT_EQ(error.table(), "constraint_parents");
            EXPECT_THAT(error.columns(), ::testing::ElementsAre("email"));
        } else {
            EXPECT_EQ(error.constraint(), "constraint_parents_email_unique");
            EXPECT_EQ(error.table(), server_names_table() ? "constraint_parents" : "");
            EXPECT_TRUE(error.columns().empty());  // no server names a unique constraint's columns
            EXPECT_THAT(error.what(), HasSubstr("constraint \"constraint_parents_email_unique\""));
        }
        expect_no_value(error.what(), kSecretEmail);
    }
}

TEST_F(Constraints, MissingReferencedRowIsAForeignKeyViolation) {
    try {
        run("INSERT INTO constraint_children (id, parent_id, name) VALUES ($1, $2, $3)", std::int64_t{1},
            kMissingParent, std::string("child"));
        FAIL() << "expected orm::ForeignKeyViolation";
    } catch (const orm::ForeignKeyViolation& error) {
        EXPECT_EQ(error.sqlstate(), "23503");
        EXPECT_EQ(error.constraint(), on_sqlite() ? "" : "constraint_children_parent_fk");
        EXPECT_EQ(error.table(), server_names_table() ? "constraint_children" : "");
        expect_no_value(error.what(), std::to_string(kMissingParent));
    }
}

TEST_F(Constraints, NullInANotNullColumnIsANotNullViolationNamingTheColumn) {
    try {
        run("INSERT INTO constraint_children (id, name, balance) VALUES ($1, $2, $3)", std::int64_t{1},
            std::optional<std::string>{}, std::int64_t{31337});
        FAIL() << "expected orm::NotNullViolation";
    } catch (const orm::NotNullViolation& error) {
        EXPECT_EQ(error.sqlstate(), "23502");
        EXPECT_EQ(error.constraint(), "");  // neither server names a NOT NULL constraint
        if (server_names_table() || on_sqlite()) {
            EXPECT_EQ(error.table(), "constraint_children");
            EXPECT_THAT(error.columns(), ::testing::ElementsAre("name"));
            EXPECT_THAT(error.what(), HasSubstr("column \"name\""));
        } else {
            EXPECT_EQ(error.table(), "");
            EXPECT_TRUE(error.columns().empty());
        }
        expect_no_value(error.what(), "31337");
    }
}

TEST_F(Constraints, RowFailingACheckIsACheckViolation) {
    try {
        run("INSERT INTO constraint_children (id, name, balance) VALUES ($1, $2, $3)", std::int64_t{1},
            std::string("child"), kNegativeBalance);
        FAIL() << "expected orm::CheckViolation";
    } catch (const orm::CheckViolation& error) {
        EXPECT_EQ(error.sqlstate(), "23514");
        EXPECT_EQ(error.constraint(), "constraint_children_balance_check");
        EXPECT_EQ(error.table(), server_names_table() ? "constraint_children" : "");
        expect_no_value(error.what(), std::to_string(kNegativeBalance));
    }
}

TEST_F(Constraints, AViolationIsStillADatabaseErrorWithItsStatement) {
    try {
        run("INSERT INTO constraint_parents (id, email) VALUES ($1, $2)", std::int64_t{1}, std::string("other"));
        FAIL() << "expected orm::DatabaseError";
    } catch (const orm::DatabaseError& error) {
        EXPECT_EQ(error.sqlstate(), "23505");  // the primary key this time
        EXPECT_EQ(error.statement(), "INSERT INTO constraint_parents (id, email) VALUES ($1, $2)");
        EXPECT_NE(dynamic_cast<const orm::UniqueViolation*>(&error), nullptr);
    }
}

}  // namespace
