// The SQLite Connection (orm/execution/sqlite_connection.*) against real SQLite database files: what SOCI 4.0.3
// would get wrong on its own (REALs to 15 digits, INTEGER columns as 32-bit ints, primary result codes only), the
// contract every Connection keeps (queued statements, early-stopped streams), and how SQLite databases are opened.
// SQLiteOnly: scripts/test runs these only in its SQLite run.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <roachorm/orm/orm.hpp>

#include "test_server.hpp"

namespace {

using roachorm_test::query_value;
using ::testing::HasSubstr;
using ::testing::Not;

class SQLiteOnlyConnection : public ::testing::Test {
protected:
    void SetUp() override {
        const std::string url = roachorm_test::server_url();
        ASSERT_TRUE(url.starts_with("sqlite:")) << "SQLiteOnly tests need a sqlite: ROACHORM_TEST_URL (scripts/db "
                                                   "sqlite), not "
                                                << orm::redact_passwords(url);
        database = std::make_unique<orm::Database>(url);
        connection = database->connect();
    }

    std::unique_ptr<orm::Database> database;
    std::unique_ptr<orm::Connection> connection;
};

TEST_F(SQLiteOnlyConnection, ARealComesBackWithEveryDigit) {
    // SQLite's own text of a REAL has 15 significant digits ("0.3"); the double itself is 0.30000000000000004.
    EXPECT_EQ(query_value(*connection, "SELECT 0.1 + 0.2"), "0.30000000000000004");
    connection->execute_unprepared("CREATE TABLE reals (x DOUBLE PRECISION)");
    connection->execute("INSERT INTO reals (x) VALUES (?1)", std::vector<orm::TextValue>{"2.718281828459045"});
    EXPECT_EQ(query_value(*connection, "SELECT x FROM reals"), "2.718281828459045");
}

TEST_F(SQLiteOnlyConnection, AKeyBeyond32BitsComesBackWhole) {
    // SOCI's soci::row reads a column declared INTEGER as a 32-bit int.
    connection->execute_unprepared("CREATE TABLE wide (id INTEGER PRIMARY KEY, n BIGINT)");
    const std::vector<orm::TextValue> values{"1099511627776", "-9223372036854775808"};
    std::vector<std::string> returned;
    connection->execute("INSERT INTO wide (id, n) VALUES (?1, ?2) RETURNING id, n", values, 2, [&](orm::TextRow row) {
        returned = {std::string(*row[0]), std::string(*row[1])};
    });
    EXPECT_EQ(returned, (std::vector<std::string>{"1099511627776", "-9223372036854775808"}));
}

TEST_F(SQLiteOnlyConnection, NullsAreBoundAndReadAsNull) {
    connection->execute_unprepared("CREATE TABLE maybe (id INTEGER PRIMARY KEY, note TEXT)");
    connection->execute("INSERT INTO maybe (id, note) VALUES (1, ?1)", std::vector<orm::TextValue>{std::nullopt});
    EXPECT_EQ(query_value(*connection, "SELECT note IS NULL FROM maybe"), "1");
    EXPECT_EQ(query_value(*connection, "SELECT note FROM maybe"), "NULL");
}

TEST_F(SQLiteOnlyConnection, ConstraintViolationsAreTheTypedErrorsOfEveryBackend) {
    connection->execute_unprepared("CREATE TABLE parents (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)");
    connection->execute_unprepared(
        "CREATE TABLE children (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES parents (id), age INTEGER "
        "CHECK (age >= 0))");
    connection->execute_unprepared("INSERT INTO parents (id, name) VALUES (1, 'a')");
    const auto run = [&](const std::string& sql) { connection->execute(sql, {}); };
    EXPECT_THROW(run("INSERT INTO parents (id, name) VALUES (1, 'b')"), orm::UniqueViolation);
    EXPECT_THROW(run("INSERT INTO parents (id, name) VALUES (2, 'a')"), orm::UniqueViolation);
    EXPECT_THROW(run("INSERT INTO parents (id, name) VALUES (3, NULL)"), orm::NotNullViolation);
    // Foreign keys are enforced: the connection turns them on (SQLite leaves them off by default).
    EXPECT_THROW(run("INSERT INTO children (id, parent) VALUES (1, 42)"), orm::ForeignKeyViolation);
    EXPECT_THROW(run("INSERT INTO children (id, parent, age) VALUES (1, 1, -1)"), orm::CheckViolation);
}

TEST_F(SQLiteOnlyConnection, AnErrorNamesTheStatementButNeverItsValues) {
    connection->execute_unprepared("CREATE TABLE secrets (token TEXT PRIMARY KEY)");
    const std::vector<orm::TextValue> secret{"hunter2-token"};
    connection->execute("INSERT INTO secrets (token) VALUES (?1)", secret);
    try {
        connection->execute("INSERT INTO secrets (token) VALUES (?1)", secret);
        FAIL() << "the duplicate was accepted";
    } catch (const orm::UniqueViolation& error) {
        EXPECT_EQ(error.sqlstate(), "23505");
        EXPECT_THAT(error.what(), HasSubstr("INSERT INTO secrets"));
        EXPECT_THAT(error.what(), Not(HasSubstr("hunter2")));
    }
    try {
        connection->execute("SELEC 1", {});
        FAIL() << "the syntax error was accepted";
    } catch (const orm::DatabaseError& error) {
        EXPECT_EQ(error.sqlstate(), "SQLITE_ERROR");
        EXPECT_THAT(error.what(), HasSubstr("syntax error"));
    }
}

TEST_F(SQLiteOnlyConnection, AStreamStoppedEarlyReleasesItsReadLock) {
    connection->execute_unprepared("CREATE TABLE numbers (n INTEGER)");
    connection->execute_unprepared("INSERT INTO numbers (n) VALUES (1), (2), (3)");
    int handed = 0;
    connection->stream("SELECT n FROM numbers", {}, 1, [&](orm::TextRow) { return ++handed < 2; });
    EXPECT_EQ(handed, 2);
    // Another connection that does not wait (busy timeout 0) commits a write only if no statement of this
    // connection still holds its read lock on the file.
    orm::Database writer(roachorm_test::server_url() + "?busy_timeout_ms=0");
    const auto other = writer.connect();
    other->execute_unprepared("BEGIN IMMEDIATE");
    other->execute_unprepared("INSERT INTO numbers (n) VALUES (4)");
    EXPECT_NO_THROW(other->execute_unprepared("COMMIT"));
    EXPECT_EQ(query_value(*connection, "SELECT count(*) FROM numbers"), "4");
}

TEST_F(SQLiteOnlyConnection, TheFirstQueuedStatementThatFailsStopsTheOnesAfterIt) {
    connection->execute_unprepared("CREATE TABLE items (id INTEGER PRIMARY KEY)");
    connection->queue({.sql = "INSERT INTO items (id) VALUES (1)"});
    connection->queue({.sql = "INSERT INTO items (id) VALUES (1)"});
    connection->queue({.sql = "INSERT INTO items (id) VALUES (2)"});
    EXPECT_EQ(connection->queued(), 3U);
    EXPECT_THROW(query_value(*connection, "SELECT count(*) FROM items"), orm::UniqueViolation);
    EXPECT_EQ(connection->queued(), 0U);
    EXPECT_EQ(query_value(*connection, "SELECT group_concat(id) FROM items"), "1");
}

TEST_F(SQLiteOnlyConnection, AFailedCheckIsThrownOnceEveryQueuedStatementRan) {
    connection->execute_unprepared("CREATE TABLE items (id INTEGER PRIMARY KEY)");
    connection->queue({.sql = "INSERT INTO items (id) VALUES (1)", .check = [](std::uint64_t rows) {
                           if (rows != 2) {
                               throw orm::Error("expected 2 rows");
                           }
                       }});
    connection->queue({.sql = "INSERT INTO items (id) VALUES (2)"});
    EXPECT_TRUE(connection->queued_checks());
    EXPECT_THROW(connection->send_queued(), orm::Error);
    EXPECT_EQ(query_value(*connection, "SELECT count(*) FROM items"), "2");
}

TEST_F(SQLiteOnlyConnection, InTransactionFollowsTheDatabase) {
    EXPECT_FALSE(connection->in_transaction());
    connection->execute_unprepared("BEGIN IMMEDIATE");
    EXPECT_TRUE(connection->in_transaction());
    connection->execute_unprepared("ROLLBACK");
    EXPECT_FALSE(connection->in_transaction());
}

TEST_F(SQLiteOnlyConnection, AFileThatCannotBeOpenedIsAConnectFailedErrorNamingIt) {
    orm::Database nowhere("sqlite:///nonexistent-directory-of-roachorm/app.db");
    try {
        nowhere.connect();
        FAIL() << "a file in a missing directory was opened";
    } catch (const orm::ConnectFailedError& error) {
        EXPECT_THAT(error.what(), HasSubstr("/nonexistent-directory-of-roachorm/app.db"));
        EXPECT_THAT(error.what(), HasSubstr("check that its directory exists"));
    }
}

TEST_F(SQLiteOnlyConnection, AnInMemoryDatabaseIsSharedByItsConnectionsAndOutlivesThem) {
    orm::Database memory("sqlite::memory:");
    memory.connect()->execute_unprepared("CREATE TABLE kept (n INTEGER)");
    memory.connect()->execute_unprepared("INSERT INTO kept (n) VALUES (7)");
    // Every connection above is closed by now; the Database keeps the database.
    EXPECT_EQ(query_value(*memory.connect(), "SELECT n FROM kept"), "7");
    // Another Database's in-memory database is another database.
    orm::Database other("sqlite::memory:");
    EXPECT_THROW(query_value(*other.connect(), "SELECT n FROM kept"), orm::DatabaseError);
}

TEST_F(SQLiteOnlyConnection, ServerNamesTheFile) {
    EXPECT_EQ("sqlite://" + connection->server(), roachorm_test::server_url());
}

}  // namespace
