// orm::Database built without a server (it connects only when first used): the URL's own options, their
// validation, DatabaseOptions and DATABASE_URL. The echo lines are tested in statement_log_test.cpp.
#include <chrono>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <roachorm/orm/core/error.hpp>
#include <roachorm/orm/execution/database.hpp>

namespace {

using namespace std::chrono_literals;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

// The password every URL below carries: no message may show it.
constexpr std::string_view kPassword = "hunter2";
const std::string kBase = "postgresql://app:hunter2@db.example:5432/bank";

// The message of the orm::ConfigError that constructing a Database from `url` and `options` throws; fails the test
// when it throws nothing or something else.
std::string config_error(const std::string& url, orm::DatabaseOptions options = {}) {
    try {
        const orm::Database database(url, std::move(options));
    } catch (const orm::ConfigError& error) {
        return error.what();
    } catch (const std::exception& error) {
        ADD_FAILURE() << "expected orm::ConfigError for " << url << ", got: " << error.what();
        return {};
    }
    ADD_FAILURE() << "expected orm::ConfigError for " << url << ", the Database was built";
    return {};
}

// ---- URL options ----

TEST(DatabaseOptions, DefaultsWhenTheUrlSetsNone) {
    const orm::Database database(kBase);
    const orm::DatabaseOptions& options = database.options();
    EXPECT_EQ(options.pool_size, 8u);
    EXPECT_EQ(options.acquire_timeout, 10'000ms);
    EXPECT_FALSE(options.echo);
    EXPECT_FALSE(options.echo_parameters);
    EXPECT_EQ(options.transaction.max_retries, 10);
    EXPECT_EQ(database.dialect().kind(), orm::DialectKind::postgresql);
}

TEST(DatabaseOptions, UrlOptionsAreAppliedToOptions) {
    orm::Database database(kBase +  // not const: pool() is non-const
                           "?sslmode=require&pool_size=3&acquire_timeout_ms=250&echo=true&echo_parameters=on"
                           "&max_retries=4");
    const orm::DatabaseOptions& options = database.options();
    EXPECT_EQ(options.pool_size, 3u);
    EXPECT_EQ(options.acquire_timeout, 250ms);
    EXPECT_TRUE(options.echo);
    EXPECT_TRUE(options.echo_parameters);
    EXPECT_EQ(options.transaction.max_retries, 4);
    EXPECT_EQ(database.pool().max_size(), 3u);
}

TEST(DatabaseOptions, UrlOptionsAreTakenOutAndTheRestGoesToLibpq) {
    const orm::Database database(kBase +
                                 "?pool_size=3&sslmode=require&echo=1&application_name=bank&acquire_timeout_ms=5"
                                 "&echo_parameters=0&max_retries=0");
    const std::string& conninfo = database.url().conninfo;
    EXPECT_THAT(conninfo, AllOf(HasSubstr("sslmode='require'"), HasSubstr("application_name='bank'")));
    for (const std::string_view ours : {"pool_size", "acquire_timeout_ms", "echo", "max_retries"}) {
        EXPECT_THAT(conninfo, Not(HasSubstr(ours)));
        EXPECT_THAT(database.url().redacted, Not(HasSubstr(ours)));
    }
    EXPECT_EQ(database.url().host, "db.example");
    EXPECT_EQ(database.url().database, "bank");
    EXPECT_EQ(database.options().pool_size, 3u);
    EXPECT_TRUE(database.options().echo);
    EXPECT_FALSE(database.options().echo_parameters);
    EXPECT_EQ(database.options().transaction.max_retries, 0);
}

TEST(DatabaseOptions, UrlOptionsOverrideTheGivenOptionsAndTheRestAreKept) {
    orm::DatabaseOptions given{.pool_size = 5, .acquire_timeout = 2s, .echo = false};
    given.transaction.max_retries = 7;
    const orm::Database database(kBase + "?echo=on&max_retries=2", given);
    EXPECT_TRUE(database.options().echo);
    EXPECT_EQ(database.options().transaction.max_retries, 2);
    EXPECT_EQ(database.options().pool_size, 5u);
    EXPECT_EQ(database.options().acquire_timeout, 2s);
}

TEST(DatabaseOptions, FlagsAcceptTrueFalseOneZeroOnOff) {
    for (const std::string_view value : {"true", "1", "on"}) {
        EXPECT_TRUE(orm::Database(kBase + "?echo=" + std::string(value)).options().echo) << value;
    }
    for (const std::string_view value : {"false", "0", "off"}) {
        EXPECT_FALSE(orm::Database(kBase + "?echo=" + std::string(value), {.echo = true}).options().echo) << value;
    }
}

TEST(DatabaseOptions, CockroachdbSchemeGivesTheCockroachdbDialect) {
    const orm::Database database("cockroachdb://root@localhost:26257/defaultdb?sslmode=disable&pool_size=2");
    EXPECT_EQ(database.dialect().kind(), orm::DialectKind::cockroachdb);
    EXPECT_EQ(database.url().port, "26257");
    EXPECT_EQ(database.options().pool_size, 2u);
}

// ---- bad values: orm::ConfigError naming the option, never the password ----

TEST(DatabaseOptions, SqliteSchemeTakesRoachormsOptionsAndTheBusyTimeout) {
    const orm::Database database("sqlite:///tmp/app.db?pool_size=2&busy_timeout_ms=250&echo=on");
    EXPECT_EQ(database.url().dialect, orm::DialectKind::sqlite);
    EXPECT_EQ(database.url().database, "/tmp/app.db");
    EXPECT_EQ(database.url().busy_timeout_ms, 250);
    EXPECT_EQ(database.options().pool_size, 2U);
    EXPECT_TRUE(database.options().echo);
}

TEST(DatabaseOptions, BadUrlOptionValuesAreConfigErrorsNamingTheOption) {
    struct Case {
        std::string query;
        std::string_view option;
    };
    for (const Case& bad : {
             Case{"pool_size=0", "pool_size"},
             Case{"pool_size=abc", "pool_size"},
             Case{"pool_size=3x", "pool_size"},
             Case{"pool_size=", "pool_size"},
             Case{"echo=maybe", "echo"},
             Case{"echo_parameters=yes", "echo_parameters"},
             Case{"max_retries=-1", "max_retries"},
             Case{"acquire_timeout_ms=-5", "acquire_timeout_ms"},
         }) {
        SCOPED_TRACE(bad.query);
        const std::string message = config_error(kBase + "?sslmode=disable&" + bad.query);
        EXPECT_THAT(message, HasSubstr(bad.option));
        EXPECT_THAT(message, Not(HasSubstr(kPassword)));
        EXPECT_THAT(message, HasSubstr("app:***@db.example"));  // the URL, redacted
    }
}

TEST(DatabaseOptions, ZeroPoolSizeInOptionsIsAConfigError) {
    const std::string message = config_error(kBase, {.pool_size = 0});
    EXPECT_THAT(message, HasSubstr("pool_size"));
    EXPECT_THAT(message, Not(HasSubstr(kPassword)));
}

TEST(DatabaseOptions, UrlPoolSizeOverridesAZeroInOptions) {
    const orm::Database database(kBase + "?pool_size=2", {.pool_size = 0});
    EXPECT_EQ(database.options().pool_size, 2u);
}

// ---- DATABASE_URL ----

// Sets or unsets DATABASE_URL for one test and puts back what was there.
class DatabaseUrlVariable {
public:
    explicit DatabaseUrlVariable(const char* value) {
        if (const char* old = std::getenv("DATABASE_URL")) {
            saved_ = old;
        }
        if (value != nullptr) {
            ::setenv("DATABASE_URL", value, /*overwrite=*/1);
        } else {
            ::unsetenv("DATABASE_URL");
        }
    }
    ~DatabaseUrlVariable() {
        if (saved_) {
            ::setenv("DATABASE_URL", saved_->c_str(), 1);
        } else {
            ::unsetenv("DATABASE_URL");
        }
    }
    DatabaseUrlVariable(const DatabaseUrlVariable&) = delete;
    DatabaseUrlVariable& operator=(const DatabaseUrlVariable&) = delete;

private:
    std::optional<std::string> saved_;
};

std::string from_environment_error() {
    try {
        orm::Database::from_environment();
    } catch (const orm::ConfigError& error) {
        return error.what();
    }
    ADD_FAILURE() << "expected orm::ConfigError";
    return {};
}

TEST(DatabaseFromEnvironment, UnsetIsAConfigErrorNamingTheVariable) {
    const DatabaseUrlVariable unset(nullptr);
    EXPECT_THAT(from_environment_error(), HasSubstr("DATABASE_URL"));
}

TEST(DatabaseFromEnvironment, EmptyIsAConfigErrorNamingTheVariable) {
    const DatabaseUrlVariable empty("");
    EXPECT_THAT(from_environment_error(), HasSubstr("DATABASE_URL"));
}

TEST(DatabaseFromEnvironment, CockroachdbScheme) {
    const DatabaseUrlVariable set("cockroachdb://root@localhost:26257/defaultdb?sslmode=disable");
    const orm::Database database = orm::Database::from_environment();
    EXPECT_EQ(database.dialect().kind(), orm::DialectKind::cockroachdb);
    EXPECT_EQ(database.url().database, "defaultdb");
}

TEST(DatabaseFromEnvironment, PostgresSchemeAndTheUrlsOptions) {
    const DatabaseUrlVariable set("postgres://app@localhost/bank?pool_size=4");
    const orm::Database database = orm::Database::from_environment({.echo = true});
    EXPECT_EQ(database.dialect().kind(), orm::DialectKind::postgresql);
    EXPECT_EQ(database.options().pool_size, 4u);
    EXPECT_TRUE(database.options().echo);
}

TEST(DatabaseFromEnvironment, ABadUrlIsAConfigErrorWithoutThePassword) {
    const DatabaseUrlVariable set("postgresql://app:hunter2@localhost/bank?pool_size=none");
    const std::string message = from_environment_error();
    EXPECT_THAT(message, HasSubstr("pool_size"));
    EXPECT_THAT(message, Not(HasSubstr(kPassword)));
}

}  // namespace

// ---- create_all ----

namespace hash_sharded {

struct Reading {
    static constexpr std::string_view table_name = "readings";
    orm::serial id{};
    orm::timestamp taken{};

    static constexpr auto constraints = orm::constraints(orm::index(&Reading::taken).hash_sharded());
};

struct Station {
    static constexpr std::string_view table_name = "stations";
    orm::serial id{};
};

}  // namespace hash_sharded

// The Database points at a port nothing listens on: had create_all sent anything (the other model's CREATE TABLE
// first), it would have failed to connect with orm::ConnectionError instead.
TEST(CreateAll, HashShardedIndexOnPostgresqlIsRefusedBeforeAnyStatementIsSent) {
    orm::Database database("postgresql://app@127.0.0.1:1/none");
    try {
        database.create_all<hash_sharded::Station, hash_sharded::Reading>();
        FAIL() << "expected orm::Error";
    } catch (const orm::ConnectionError& error) {
        FAIL() << "create_all tried to connect before refusing the index: " << error.what();
    } catch (const orm::Error& error) {
        EXPECT_THAT(error.what(), AllOf(HasSubstr("readings_taken_idx"), HasSubstr("CockroachDB-only")));
    }
}
