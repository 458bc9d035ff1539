// Unit tests for the sqlite: URLs of orm::DatabaseUrl::parse: the file or in-memory database they name, the busy
// timeout, and what is refused.
#include <roachorm/orm/options/sqlite_url.hpp>

#include <roachorm/orm/core/error.hpp>

#include <gtest/gtest.h>

#include <string>

namespace {

using orm::ConfigError;
using orm::DatabaseUrl;
using orm::DialectKind;

std::string error_of(const std::string& url) {
    try {
        DatabaseUrl::parse(url);
    } catch (const ConfigError& error) {
        return error.what();
    }
    return "no error";
}

TEST(SqliteUrl, ThreeSlashesNameAnAbsolutePath) {
    const DatabaseUrl url = DatabaseUrl::parse("sqlite:///tmp/bank.db");
    EXPECT_EQ(url.dialect, DialectKind::sqlite);
    EXPECT_EQ(url.database, "/tmp/bank.db");
    EXPECT_EQ(url.busy_timeout_ms, orm::kDefaultBusyTimeoutMs);
    EXPECT_TRUE(url.endpoints.empty());
    EXPECT_EQ(url.redacted, "sqlite:///tmp/bank.db");
}

TEST(SqliteUrl, NoSlashesNameARelativePath) {
    EXPECT_EQ(DatabaseUrl::parse("sqlite:data/app.db").database, "data/app.db");
}

TEST(SqliteUrl, MemoryNamesAnInMemoryDatabase) {
    const DatabaseUrl url = DatabaseUrl::parse("SQLite::memory:");
    EXPECT_EQ(url.dialect, DialectKind::sqlite);
    EXPECT_EQ(url.database, ":memory:");
}

TEST(SqliteUrl, ThePathIsPercentDecoded) {
    EXPECT_EQ(DatabaseUrl::parse("sqlite:///tmp/my%20data/a%25b.db").database, "/tmp/my data/a%b.db");
}

TEST(SqliteUrl, BusyTimeoutComesFromTheQuery) {
    EXPECT_EQ(DatabaseUrl::parse("sqlite:///tmp/a.db?busy_timeout_ms=250").busy_timeout_ms, 250);
    EXPECT_EQ(DatabaseUrl::parse("sqlite::memory:?busy_timeout_ms=0").busy_timeout_ms, 0);
}

TEST(SqliteUrl, AHostIsRefused) {
    EXPECT_NE(error_of("sqlite://server/tmp/a.db").find("names no host"), std::string::npos);
}

TEST(SqliteUrl, AnAbsolutePathWithOneSlashIsRefused) {
    EXPECT_NE(error_of("sqlite:/tmp/a.db").find("three slashes"), std::string::npos);
}

TEST(SqliteUrl, NoFileIsRefused) {
    EXPECT_NE(error_of("sqlite:///").find("names no database file"), std::string::npos);
    EXPECT_NE(error_of("sqlite:").find("names no database file"), std::string::npos);
}

TEST(SqliteUrl, BadPercentEncodingIsRefused) {
    EXPECT_NE(error_of("sqlite:///tmp/100%.db").find("two-hex-digit escape"), std::string::npos);
    EXPECT_NE(error_of("sqlite:///tmp/a%00.db").find("NUL"), std::string::npos);
}

TEST(SqliteUrl, UnknownOptionsAndBadTimeoutsAreRefused) {
    const std::string unknown = error_of("sqlite:///tmp/a.db?sslmode=disable");
    EXPECT_NE(unknown.find("unknown option \"sslmode\""), std::string::npos) << unknown;
    EXPECT_NE(error_of("sqlite:///tmp/a.db?busy_timeout_ms=soon").find("whole number"), std::string::npos);
    EXPECT_NE(error_of("sqlite:///tmp/a.db?busy_timeout_ms=-1").find("whole number"), std::string::npos);
}

TEST(SqliteUrl, EveryErrorSaysWhichFormsWork) {
    EXPECT_NE(error_of("sqlite://host/a.db").find("sqlite:///absolute/path.db"), std::string::npos);
}

TEST(SqliteUrl, TheSchemeIsRecognisedInAnyCase) {
    EXPECT_TRUE(orm::is_sqlite_url("  SQLITE:///a.db"));
    EXPECT_FALSE(orm::is_sqlite_url("sqlite3:///a.db"));
    EXPECT_FALSE(orm::is_sqlite_url("postgresql://localhost/db"));
}

}  // namespace
