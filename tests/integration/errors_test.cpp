// The failures a user can cause at this layer, against the real server: each is a typed orm::Error whose
// message says what and where, and never carries a password or a bound value.
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <roachorm/models/account.hpp>

#include "test_server.hpp"

namespace {

using ::testing::HasSubstr;
using ::testing::Not;

struct Note {
    static constexpr std::string_view table_name = "notes";
    std::int64_t id = 0;
    std::string body;
};

struct NeverCreated {
    static constexpr std::string_view table_name = "never_created";
    std::int64_t id = 0;
};

class Errors : public roachorm_test::ServerTest<Note> {};

TEST_F(Errors, UnreachableServerIsAConnectionErrorNamingHostAndPortButNotThePassword) {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    const orm::Database unreachable{"postgresql://someone:s3cr3t-Pa55@127.0.0.1:1/nowhere?connect_timeout=5"};
    try {
        unreachable.connect();
        FAIL() << "expected orm::ConnectionError";
    } catch (const orm::ConnectionError& error) {
        EXPECT_THAT(error.what(), HasSubstr("127.0.0.1:1"));
        EXPECT_THAT(error.what(), Not(HasSubstr("s3cr3t-Pa55")));
    }
}

TEST_F(Errors, MissingTableIsADatabaseErrorNamingItAndSuggestingCreateAll) {
    try {
        orm::table::find<NeverCreated>(*connection, 1);
        FAIL() << "expected orm::DatabaseError";
    } catch (const orm::DatabaseError& error) {
        EXPECT_EQ(error.sqlstate(), "42P01");
        EXPECT_THAT(error.what(), HasSubstr("never_created"));
        EXPECT_THAT(error.what(), HasSubstr("create the missing table first with db.create_all<...>()"));
        EXPECT_EQ(error.statement(), roachorm_test::as_sent(*database, "SELECT id FROM never_created WHERE id = $1"));
    }
}

TEST_F(Errors, ServerErrorCarriesSqlstateAndStatementButNoBoundValue) {
    std::vector<Note> first{{.id = 1, .body = "first-secret-body"}};
    orm::table::insert<Note>(*connection, first);
    std::vector<Note> duplicate{{.id = 1, .body = "second-secret-body"}};
    try {
        orm::table::insert<Note>(*connection, duplicate);
        FAIL() << "expected orm::DatabaseError";
    } catch (const orm::DatabaseError& error) {
        EXPECT_EQ(error.sqlstate(), "23505");
        EXPECT_EQ(error.statement(), roachorm_test::as_sent(*database, "INSERT INTO notes (id, body) VALUES ($1, $2)"));
        EXPECT_THAT(error.what(), Not(HasSubstr("second-secret-body")));
    }
    // The connection stays usable after a statement error.
    EXPECT_EQ(orm::table::find<Note>(*connection, 1)->body, "first-secret-body");
}

TEST_F(Errors, RawSelectReadIntoTheWrongNumberOfColumnsIsAMappingErrorNamingBoth) {
    const auto read_two_columns_of_one = [](orm::Session& session) {
        return session.select<std::int64_t, std::string>("SELECT id FROM notes");
    };
    try {
        orm::run_transaction(*database, read_two_columns_of_one);
        FAIL() << "expected orm::MappingError";
    } catch (const orm::MappingError& error) {
        EXPECT_THAT(error.what(), HasSubstr("SELECT id FROM notes returned 1 column where 2 were expected"));
    }
    // Nothing is left half-done: the connection serves the next transaction.
    const auto count = orm::run_transaction(*database, [](orm::Session& session) {
        return std::get<0>(session.select<std::int64_t>("SELECT count(*) FROM notes").at(0));
    });
    EXPECT_EQ(count, 0);
}

TEST_F(Errors, AStatementThatFailedRunsAgainOnTheSameConnection) {
    std::vector<Note> note{{.id = 7, .body = "kept"}};
    orm::table::insert<Note>(*connection, note);
    for (int attempt = 0; attempt < 3; ++attempt) {
        EXPECT_THROW(orm::table::insert<Note>(*connection, note), orm::DatabaseError);
    }
    std::vector<Note> other{{.id = 8, .body = "also kept"}};
    orm::table::insert<Note>(*connection, other);
    EXPECT_EQ(orm::table::find<Note>(*connection, 8)->body, "also kept");
}

TEST_F(Errors, CreateAllAndDropAllAreIdempotent) {
    database->create_all<Note, models::Account>();
    database->create_all<Note, models::Account>();
    database->drop_all<Note, models::Account>();
    database->drop_all<Note, models::Account>();
    EXPECT_THROW(orm::table::select_all<Note>(*connection), orm::DatabaseError);
}

}  // namespace
