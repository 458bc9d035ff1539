// The suite's own isolation (test_server.hpp): each test runs in a database of its own, named after it, which the
// end of the test drops and which replaces one a crashed run left behind; ctest -j relies on it.
#include <memory>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <roachorm/models/account.hpp>

#include "test_server.hpp"

namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::StartsWith;

class TestIsolation : public roachorm_test::ServerTest<models::Account> {
protected:
    // The database ROACHORM_TEST_URL names, from which the per-test ones are created.
    std::string shared_database() const { return orm::DatabaseUrl::parse(roachorm_test::shared_server_url()).database; }
};

TEST_F(TestIsolation, EachTestRunsInADatabaseOfItsOwnNamedAfterIt) {
    const std::string current = roachorm_test::current_database(*database, *connection);
    EXPECT_EQ(current, database->url().database);
    // A SQLite database is a file, <directory>/<name>.db; a server's is the name alone.
    const std::string file = current.substr(current.rfind('/') + 1);
    const std::string name = file.substr(0, file.ends_with(".db") ? file.size() - 3 : file.size());
    EXPECT_THAT(name, StartsWith("roachorm_t_testisolation_eachtestrunsinadatabase"));
    EXPECT_LE(name.size(), 63u) << "PostgreSQL would truncate a longer name";
    EXPECT_NE(current, shared_database());
    EXPECT_EQ(roachorm_test::server_url(), roachorm_test::server_url()) << "one database per test, not per call";
    EXPECT_THAT(database->table_names(), ElementsAre("accounts")) << "the fixture's tables are in it";
}

TEST_F(TestIsolation, TheEndOfATestDropsItsDatabaseAndALeftoverIsReplaced) {
    const std::string name = database->url().database;
    database.reset();
    connection.reset();
    // What gtest does after the test: the database is dropped, so the next URL is of a new, empty one.
    roachorm_test::TestDatabases::instance().OnTestEnd(*::testing::UnitTest::GetInstance()->current_test_info());
    {
        orm::Database fresh(roachorm_test::server_url());
        EXPECT_EQ(fresh.url().database, name) << "the name depends on the test only";
        EXPECT_THAT(fresh.table_names(), IsEmpty());
        // A run that crashes leaves its database, tables and all.
        fresh.create_all<models::Account>();
    }
    roachorm_test::TestDatabases::instance().forget_without_dropping();
    orm::Database again(roachorm_test::server_url());
    EXPECT_EQ(again.url().database, name);
    EXPECT_THAT(again.table_names(), IsEmpty()) << "the leftover database was not replaced";
}

TEST(TestServerUrl, WithDatabaseReplacesOnlyThePath) {
    using roachorm_test::with_database;
    EXPECT_EQ(with_database("postgresql://u:p@127.0.0.1:5432/roachorm_test?sslmode=disable", "t1"),
              "postgresql://u:p@127.0.0.1:5432/t1?sslmode=disable");
    EXPECT_EQ(with_database("cockroachdb://root@h:26257/defaultdb", "t1"), "cockroachdb://root@h:26257/t1");
    EXPECT_EQ(with_database("postgresql://u@h?sslmode=disable", "t1"), "postgresql://u@h/t1?sslmode=disable");
    EXPECT_EQ(with_database("postgresql://h/db", "t1"), "postgresql://h/t1");
    EXPECT_EQ(with_database("postgresql://u:a%2Fb@h/db?options=-c%20x%3D1", "t1"),
              "postgresql://u:a%2Fb@h/t1?options=-c%20x%3D1");
}

}  // namespace
