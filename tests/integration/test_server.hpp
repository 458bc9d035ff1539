// The real server the integration suite runs against: its URL comes from ROACHORM_TEST_URL, which
// ./scripts/test sets after starting a throwaway server. Without it every integration test fails; none skips.
//
// Each test gets a database of its own on that server, so that ctest -j runs tests side by side without one
// dropping or filling another's tables: the first server_url() call inside a test creates the database (named
// after the test, see per_test_name) and returns ROACHORM_TEST_URL with its path naming it; a gtest listener drops
// it when the test ends (after the fixture, and the connections it held, are gone). The name is the same on every
// run, so a database a crashed run left behind is dropped before it is created again. Everything that takes its
// URL from server_url() (ServerTest, echoing Databases, the samples a test runs) lands in that database. Objects
// that belong to the whole server rather than to a database (roles) take their names from per_test_name; a test
// that acts on the whole server (restarts it) is listed in server_wide_tests in tests/CMakeLists.txt, which makes
// ctest run it alone (RUN_SERIAL).
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <roachorm/orm/orm.hpp>

namespace roachorm_test {

// ROACHORM_TEST_URL as given: the database where the per-test databases are created and dropped from.
inline std::string shared_server_url() {
    const char* url = std::getenv("ROACHORM_TEST_URL");
    return url ? url : "";
}

// The running test's "Suite.Name" (empty outside a test).
inline std::string current_test_name() {
    const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
    return info == nullptr ? std::string() : fmt::format("{}.{}", info->test_suite_name(), info->name());
}

// An identifier for the running test: `prefix`, its name folded to [a-z0-9_] and cut short, and a hash of the
// whole name and `salt`, at most 63 bytes (PostgreSQL's limit; longer names are silently truncated, which could
// make two tests share one). Lower case, so it needs no quoting. For server-wide objects such as roles.
inline std::string per_test_name(std::string_view prefix, std::string_view salt = {}) {
    constexpr std::size_t kMaxIdentifier = 63, kHashDigits = 8;
    const std::string test = current_test_name();
    std::uint64_t hash = 14695981039346656037ULL;  // FNV-1a: stable across runs and builds, unlike std::hash
    for (const char c : test + "\n" + std::string(salt)) {
        hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    }
    std::string folded;
    for (const char c : test) {
        const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        folded += keep ? c : (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : '_';
    }
    const std::size_t room = kMaxIdentifier - prefix.size() - kHashDigits - 2;
    return fmt::format("{}_{}_{:08x}", prefix, folded.substr(0, room), hash & 0xffffffffULL);
}

// `url` with its host and port replaced by `servers` ("h1:p1,h2:p2"); `url` names its user ("user@host").
inline std::string with_servers(const std::string& url, std::string_view servers) {
    const std::size_t authority = url.find('@', url.find("://")) + 1;
    return fmt::format("{}{}{}", url.substr(0, authority), servers, url.substr(url.find('/', authority)));
}

// `url` with its path (the database) replaced by `database`.
inline std::string with_database(const std::string& url, std::string_view database) {
    const std::size_t scheme = url.find("://");
    if (scheme == std::string::npos) {
        return url;
    }
    const std::size_t authority = scheme + 3;
    const std::size_t end = std::min(url.find('?', authority), url.size());
    // The user info holds '/' only percent-encoded, so the path is the first '/' after its '@'.
    const std::size_t at = url.rfind('@', end);
    const std::size_t path = std::min(url.find('/', at == std::string::npos || at < authority ? authority : at), end);
    return fmt::format("{}/{}{}", url.substr(0, path), database, url.substr(end));
}

// The per-test databases of this process (one at a time: gtest runs the tests of a process one after another).
class TestDatabases : public ::testing::EmptyTestEventListener {
public:
    // Registered with gtest once, which owns it from then on.
    static TestDatabases& instance() {
        static TestDatabases* const registered = [] {
            auto* created = new TestDatabases;
            ::testing::UnitTest::GetInstance()->listeners().Append(created);
            return created;
        }();
        return *registered;
    }

    // The URL of the running test's own database, created by the first call; outside a test, the shared URL.
    std::string url() {
        const std::string shared = shared_server_url();
        const std::string test = current_test_name();
        if (shared.empty() || test.empty()) {
            return shared;
        }
        const std::lock_guard lock(mutex_);
        if (test != test_) {
            drop_locked();
            const orm::DatabaseUrl parsed = orm::DatabaseUrl::parse(shared);
            sqlite_ = parsed.dialect == orm::DialectKind::sqlite;
            if (sqlite_) {
                // A file of its own beside the shared URL's file: SQLite has no CREATE DATABASE.
                const std::string& shared_file = parsed.database;
                name_ =
                    shared_file.substr(0, shared_file.rfind('/') + 1) + per_test_name("roachorm_t", "sqlite") + ".db";
                remove_sqlite_files(name_);
                url_ = "sqlite://" + name_;
            } else {
                orm::Database admin(shared, {.pool_size = 1});
                const std::string name = per_test_name("roachorm_t", admin.url().database);
                const std::unique_ptr<orm::Connection> connection = admin.connect();
                drop_database(*connection, admin.dialect().kind(), name);  // left behind by a run that crashed
                connection->execute_unprepared("CREATE DATABASE " + name);
                name_ = name;
                url_ = with_database(shared, name);
            }
            test_ = test;
        }
        return url_;
    }

    // Forgets the running test's database without dropping it, as a run that crashes does (for the suite's own
    // test of what the next run does with it).
    void forget_without_dropping() {
        const std::lock_guard lock(mutex_);
        test_.clear();
        name_.clear();
        url_.clear();
    }

    void OnTestEnd(const ::testing::TestInfo&) override {
        const std::lock_guard lock(mutex_);
        drop_locked();
    }

private:
    TestDatabases() = default;

    // PostgreSQL refuses to drop a database others are connected to unless FORCE ends their sessions (a test may
    // leave one behind, e.g. in a thread it lost track of); CockroachDB has no FORCE and drops it regardless.
    static void drop_database(orm::Connection& connection, orm::DialectKind kind, const std::string& name) {
        connection.execute_unprepared(kind == orm::DialectKind::postgresql
                                          ? "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"
                                          : "DROP DATABASE IF EXISTS " + name + " CASCADE");
    }

    // A SQLite database is its file and the journal files beside it (wal.html, tempfiles.html).
    static void remove_sqlite_files(const std::string& file) {
        for (const char* suffix : {"", "-journal", "-wal", "-shm"}) {
            std::remove((file + suffix).c_str());
        }
    }

    // A database that cannot be dropped only costs space on a throwaway server: reported, not failed.
    void drop_locked() {
        if (name_.empty()) {
            return;
        }
        if (sqlite_) {
            remove_sqlite_files(name_);
            test_.clear();
            name_.clear();
            url_.clear();
            return;
        }
        try {
            orm::Database admin(shared_server_url(), {.pool_size = 1});
            drop_database(*admin.connect(), admin.dialect().kind(), name_);
        } catch (const std::exception& error) {
            std::cerr << "roachorm_test: could not drop the database " << name_ << " of " << test_ << ": "
                      << error.what() << "\n";
        }
        test_.clear();
        name_.clear();
        url_.clear();
    }

    std::mutex mutex_;
    std::string test_;  // the test whose database exists now ("" when none)
    std::string name_;  // its name, or for SQLite its file
    bool sqlite_ = false;
    std::string url_;
};

// Registers the listener before any test runs, so that it sees the end of the first test that makes a database.
inline const bool test_databases_registered = (TestDatabases::instance(), true);

// The URL of the running test's own database on the test server (see the top of this file); "" when
// ROACHORM_TEST_URL is not set.
inline std::string server_url() {
    return TestDatabases::instance().url();
}

// The single value a one-column query returns ("NULL" for SQL NULL).
inline std::string query_value(orm::Connection& connection, const std::string& sql,
                               const std::vector<orm::TextValue>& params = {}) {
    std::string value;
    connection.execute(sql, params, 1, [&](orm::TextRow row) { value = row[0].value_or("NULL"); });
    return value;
}

// Every row a query returns, each column's text ("NULL" for SQL NULL): the hand-written answer ORM results are
// compared with.
inline std::vector<std::vector<std::string>> query_rows(orm::Connection& connection, const std::string& sql,
                                                        std::size_t columns) {
    std::vector<std::vector<std::string>> rows;
    connection.execute(sql, {}, columns, [&](orm::TextRow row) {
        std::vector<std::string>& values = rows.emplace_back();
        for (const orm::TextView& value : row) {
            values.emplace_back(value.value_or("NULL"));
        }
    });
    return rows;
}

// A statement the ORM sends, written as the servers spell it (parameters $1, $2, ...), in the spelling of
// `database`'s dialect: SQLite's parameters are ?1, ?2, ... (lang_expr.html#varparam; dialect/sqlite.cpp).
inline std::string as_sent(const orm::Database& database, std::string_view server_statement) {
    std::string statement(server_statement);
    if (database.dialect().kind() == orm::DialectKind::sqlite) {
        for (std::size_t at = statement.find('$'); at != std::string::npos; at = statement.find('$', at + 1)) {
            statement[at] = '?';
        }
    }
    return statement;
}

// A statement whose spelling on SQLite differs from the servers' beyond its parameters (a cast where a value meets
// an expression without affinity, a function SQLite names otherwise): the one `database`'s dialect sends.
inline std::string per_dialect(const orm::Database& database, std::string_view server, std::string_view sqlite) {
    return std::string(database.dialect().kind() == orm::DialectKind::sqlite ? sqlite : server);
}

// The database `connection` is in, as the URL names it: the server's current_database(), or the file of SQLite's
// main database (pragma.html#pragma_database_list).
inline std::string current_database(const orm::Database& database, orm::Connection& connection) {
    return query_value(connection, per_dialect(database, "SELECT current_database()",
                                               "SELECT file FROM pragma_database_list WHERE name = 'main'"));
}

// The SQLSTATE a write conflict reports: a server's serialization failure (40001); on SQLite, which has one writer
// at a time, the writer that finds the write lock taken after its busy timeout (SQLITE_BUSY, rescode.html#busy).
inline std::string conflict_sqlstate(const orm::Database& database) {
    return per_dialect(database, "40001", "SQLITE_BUSY");
}

// The statements a Database echoed, in order: its options send echo lines here.
class EchoCapture {
public:
    orm::DatabaseOptions options() {
        return orm::DatabaseOptions{
            .echo = true, .log_sink = [this](std::string_view line) {
                (line.starts_with(orm::StatementLog::kEventPrefix) ? events_ : lines_).emplace_back(line);
            }};
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

    // The echoed statements grouped by the round trip they travelled in, in order: the statements of one pipeline
    // ("[pipeline 7: 2 of 3]" in the echo) together, and each statement sent on its own by itself. A failed
    // statement's "(failed: ...)" is left out.
    std::vector<std::vector<std::string>> round_trips() const {
        std::vector<std::vector<std::string>> trips;
        std::string previous_pipeline;
        for (const std::string& line : lines_) {
            std::string statement = line.substr(line.find(" ms ") + 4);
            statement = statement.substr(0, statement.find(" (failed: "));
            const std::size_t label = line.find("[pipeline ");
            const std::string pipeline =
                label == std::string::npos ? "" : line.substr(label, line.find(':', label) - label);
            if (pipeline.empty() || pipeline != previous_pipeline) {
                trips.emplace_back();
            }
            trips.back().push_back(statement);
            previous_pipeline = pipeline;
        }
        return trips;
    }

    // The whole echo lines of statements, for checking what each statement's line says.
    const std::vector<std::string>& lines() const { return lines_; }
    // The lines about connections ("roachorm: -- connected to ...").
    const std::vector<std::string>& events() const { return events_; }

    void clear() {
        lines_.clear();
        events_.clear();
    }

private:
    std::vector<std::string> lines_;
    std::vector<std::string> events_;
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
