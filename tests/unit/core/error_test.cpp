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

TEST(ConstraintViolationMessage, NamesTableConstraintAndStatementAndWhatToDo) {
    const orm::UniqueViolation error("23505", "INSERT INTO users (id, email) VALUES ($1, $2)",
                                     {.table = "users", .constraint = "users_email_key", .columns = {}});
    EXPECT_STREQ(error.what(),
                 "unique constraint violated (SQLSTATE 23505) on table \"users\", constraint \"users_email_key\" "
                 "(statement: INSERT INTO users (id, email) VALUES ($1, $2)). To go on with the transaction after "
                 "it, make the write inside session.savepoint(...) and catch orm::UniqueViolation there");
    EXPECT_EQ(error.table(), "users");
    EXPECT_EQ(error.constraint(), "users_email_key");
    EXPECT_TRUE(error.columns().empty());
    EXPECT_EQ(error.sqlstate(), "23505");
}

TEST(ConstraintViolationMessage, NameColumnsAddsTheColumnsToWhat) {
    orm::ForeignKeyViolation error("23503", "INSERT INTO orders (id, customer) VALUES ($1, $2)",
                                   {.table = "orders", .constraint = "orders_customer_fkey", .columns = {}});
    EXPECT_THAT(error.what(), Not(HasSubstr("column")));
    error.name_columns({"customer", "region"});
    EXPECT_THAT(error.columns(), ::testing::ElementsAre("customer", "region"));
    EXPECT_THAT(error.what(),
                HasSubstr("constraint \"orders_customer_fkey\", columns \"customer\", \"region\" (statement"));
    EXPECT_THAT(error.what(), HasSubstr("catch orm::ForeignKeyViolation"));
}

TEST(ConstraintViolationMessage, SaysWhenTheServerDidNotNameTheTable) {
    const orm::NotNullViolation error("23502", "INSERT INTO users (id, email) VALUES ($1, $2)", {});
    EXPECT_THAT(error.what(), HasSubstr("not-null constraint violated (SQLSTATE 23502) on a table the server did "
                                        "not name (statement: INSERT INTO users"));
    EXPECT_TRUE(error.table().empty());
    EXPECT_TRUE(error.constraint().empty());
}

TEST(ThrowDatabaseError, ThrowsTheSubclassOfEachConstraintViolationAndDropsTheServerText) {
    const auto thrown = [](const std::string& sqlstate) -> std::exception_ptr {
        try {
            orm::throw_database_error(sqlstate, "INSERT INTO t (a) VALUES ($1)", "Key (a)=(secret) already exists",
                                      {.table = "t", .constraint = "c", .columns = {}});
        } catch (...) {
            return std::current_exception();
        }
    };
    const auto is = [](std::exception_ptr error, auto* type) {
        try {
            std::rethrow_exception(error);
        } catch (const std::remove_pointer_t<decltype(type)>& caught) {
            return std::string(caught.what()).find("secret") == std::string::npos;
        } catch (...) {
            return false;
        }
    };
    EXPECT_TRUE(is(thrown("23505"), static_cast<orm::UniqueViolation*>(nullptr)));
    EXPECT_TRUE(is(thrown("23503"), static_cast<orm::ForeignKeyViolation*>(nullptr)));
    EXPECT_TRUE(is(thrown("23502"), static_cast<orm::NotNullViolation*>(nullptr)));
    EXPECT_TRUE(is(thrown("23514"), static_cast<orm::CheckViolation*>(nullptr)));
    EXPECT_TRUE(is(thrown("23505"), static_cast<orm::DatabaseError*>(nullptr)));
    EXPECT_FALSE(is(thrown("40001"), static_cast<orm::ConstraintViolation*>(nullptr)));
}

TEST(ThrowDatabaseError, ASubquerysSecondRowIsACardinalityViolationThatSaysHowToReturnOne) {
    const std::string server = "more than one row returned by a subquery used as an expression";
    try {
        orm::throw_database_error("21000", "SELECT title, (SELECT comments.body FROM comments) FROM posts", server, {});
    } catch (const orm::CardinalityViolation& error) {
        EXPECT_EQ(error.sqlstate(), "21000");
        EXPECT_THAT(error.what(), ::testing::HasSubstr(server));
        EXPECT_THAT(error.what(), ::testing::HasSubstr("must return at most one row"));
        EXPECT_THAT(error.what(), ::testing::HasSubstr("add .limit(1)"));
    }
    // The same SQLSTATE from a statement without a subquery (an upsert naming one key twice) gets no such advice.
    try {
        orm::throw_database_error("21000", "INSERT INTO t (a) VALUES ($1), ($2) ON CONFLICT (a) DO UPDATE SET a = 1",
                                  "ON CONFLICT DO UPDATE command cannot affect row a second time", {});
    } catch (const orm::CardinalityViolation&) {
        ADD_FAILURE() << "an upsert's 21000 is no subquery's";
    } catch (const orm::DatabaseError& error) {
        EXPECT_THAT(error.what(), ::testing::Not(::testing::HasSubstr("subquery")));
    }
}

TEST(OneLine, JoinsTheLinesOfAMultiLineMessageWithSingleSpaces) {
    EXPECT_EQ(orm::one_line("could not connect\n\tIs the server running?\r\n  "),
              "could not connect Is the server running?");
    EXPECT_EQ(orm::one_line(""), "");
    EXPECT_EQ(orm::one_line("already one line"), "already one line");
}

}  // namespace
