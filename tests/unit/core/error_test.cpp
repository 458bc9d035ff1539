// The messages of the errors that carry structured context: what happened, where, and what to do about it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <roachorm/orm/core/error.hpp>

namespace {

using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(DatabaseErrorMessage, UndefinedTableNamesItAndSuggestsCreateAll) {
    const orm::DatabaseError error("42P01", "SELECT id FROM notes WHERE id = $1",
                                   "ERROR: relation \"notes\" does not exist");
    EXPECT_STREQ(error.what(),
                 "database error 42P01: ERROR: relation \"notes\" does not exist (statement: SELECT id FROM notes "
                 "WHERE id = $1); create the missing table first with db.create_all<...>() for its model");
    EXPECT_EQ(error.sqlstate(), "42P01");
    EXPECT_EQ(error.statement(), "SELECT id FROM notes WHERE id = $1");
}

TEST(DatabaseErrorMessage, OtherErrorsCarryNoCreateAllHint) {
    const orm::DatabaseError error("23505", "INSERT INTO notes (id) VALUES ($1)", "duplicate key value");
    EXPECT_THAT(error.what(), EndsWith("(statement: INSERT INTO notes (id) VALUES ($1))"));
    EXPECT_THAT(error.what(), Not(HasSubstr("create_all")));
}

}  // namespace

namespace {

TEST(OneLine, JoinsTheLinesOfAMultiLineMessageWithSingleSpaces) {
    EXPECT_EQ(orm::one_line("could not connect\n\tIs the server running?\r\n  "),
              "could not connect Is the server running?");
    EXPECT_EQ(orm::one_line(""), "");
    EXPECT_EQ(orm::one_line("already one line"), "already one line");
}

}  // namespace
