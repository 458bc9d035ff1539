// Isolation levels, transaction priorities, historical reads (AS OF SYSTEM TIME) and CockroachDB's retry-test hooks,
// grouped by the server they run on: PostgreSQLOnly* suites are left out of the CockroachDB run and CockroachDBOnly*
// suites out of the PostgreSQL run (scripts/test), so a reader of the results sees what ran where.
#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <roachorm/models/account.hpp>

#include "bank.hpp"
#include "test_server.hpp"

namespace {

using models::Account;
using roachorm_test::Ledger;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class TransactionModes : public roachorm_test::ServerTest<Account, Ledger> {
protected:
    orm::Database echoing() { return orm::Database(roachorm_test::server_url(), echo.options()); }

    std::int64_t stored_balance(const orm::uuid& id) { return orm::table::find<Account>(*connection, id)->balance; }

    // A Database with one connection, so that a session setting made on it before run_transaction holds for the
    // transaction too.
    static orm::Database single_connection() {
        return orm::Database(roachorm_test::server_url(), orm::DatabaseOptions{.pool_size = 1});
    }

    // Runs `sql` outside any transaction on the one connection of `db`: a failed statement there aborts nothing.
    static void set_on_session(orm::Database& db, const std::string& sql) {
        orm::ConnectionPool::Lease lease = db.pool().acquire();
        lease->execute_unprepared(sql);
    }

    roachorm_test::EchoCapture echo;
};

// ---- Both servers: the isolation level is named in every BEGIN ----

// The test server's URL with libpq's `options` asking the server to default every transaction of the session to
// READ COMMITTED (`-c default_transaction_isolation=read\ committed`, percent-encoded; the backslash keeps the space).
std::string url_defaulting_to_read_committed() {
    const std::string url = roachorm_test::server_url();
    return url + (url.find('?') == std::string::npos ? "?" : "&") +
           "options=-c%20default_transaction_isolation%3Dread%5C%20committed";
}

std::string transaction_isolation(orm::Session& session) {
    return std::get<0>(session.select<std::string>("SHOW transaction_isolation").at(0));
}

// Isolation levels and the libpq URL's options (SQLite has one isolation, SERIALIZABLE, and no session settings).
class ServerOnlyTransactionModes : public TransactionModes {};

// A role, database or connection may default to READ COMMITTED (PostgreSQL's own default, and available on
// CockroachDB since v24.1); a transaction roachorm begins is SERIALIZABLE all the same.
TEST_F(ServerOnlyTransactionModes, DefaultIsSerializableEvenWhenTheSessionDefaultsToReadCommitted) {
    orm::Database db(url_defaulting_to_read_committed());
    const auto [session_default, isolation] = orm::run_transaction(db, [](orm::Session& session) {
        return std::pair{std::get<0>(session.select<std::string>("SHOW default_transaction_isolation").at(0)),
                         transaction_isolation(session)};
    });
    EXPECT_EQ(session_default, "read committed") << "the URL's options did not reach the server";
    EXPECT_EQ(isolation, "serializable");
}

// With isolation = read_committed each statement sees what committed before it began: a row another connection
// changes and commits between two reads of one transaction reads differently the second time. The same transaction
// at the default SERIALIZABLE reads its snapshot twice.
TEST_F(ServerOnlyTransactionModes, ReadCommittedIsAskedForAndSeesRowsCommittedMeanwhile) {
    const std::vector<orm::uuid> ids = roachorm_test::create_accounts(*connection, 1, 100);
    const auto reads_twice = [&](orm::Isolation isolation, std::int64_t committed_meanwhile) {
        orm::TransactionOptions options{.isolation = isolation};
        return orm::run_transaction(
            *database,
            [&](orm::Session& session) {
                const std::string select = "SELECT balance FROM accounts WHERE id = $1";
                const std::int64_t first = std::get<0>(session.select<std::int64_t>(select, ids[0]).at(0));
                connection->execute(
                    "UPDATE accounts SET balance = $1 WHERE id = $2",
                    std::vector<orm::TextValue>{std::to_string(committed_meanwhile), ids[0].to_string()});
                const std::int64_t second = std::get<0>(session.select<std::int64_t>(select, ids[0]).at(0));
                return std::tuple{transaction_isolation(session), first, second};
            },
            options);
    };

    EXPECT_EQ(reads_twice(orm::Isolation::read_committed, 5), std::tuple(std::string("read committed"), 100, 5));
    EXPECT_EQ(reads_twice(orm::Isolation::serializable, 7), std::tuple(std::string("serializable"), 5, 5));
    EXPECT_EQ(stored_balance(ids[0]), 7);
}

TEST_F(TransactionModes, ReadCommittedHistoricalReadIsAnErrorAndSendsNothing) {
    orm::Database db = echoing();
    bool called = false;
    EXPECT_THROW(orm::run_transaction(
                     db, [&](orm::Session&) { called = true; },
                     orm::TransactionOptions{.as_of = orm::HistoricalTime::follower_read(),
                                             .isolation = orm::Isolation::read_committed}),
                 orm::Error);
    EXPECT_FALSE(called);
    EXPECT_THAT(echo.statements(), IsEmpty());
}

// ---- PostgreSQL: CockroachDB-only modes are refused before anything is sent ----

class PostgreSQLOnlyTransactionModes : public TransactionModes {};

TEST_F(PostgreSQLOnlyTransactionModes, HistoricalReadIsAnErrorAndSendsNothing) {
    orm::Database db = echoing();
    bool called = false;
    try {
        orm::run_transaction(
            db, [&](orm::Session&) { called = true; },
            orm::TransactionOptions{.as_of = orm::HistoricalTime::follower_read()});
        FAIL() << "expected orm::Error";
    } catch (const orm::Error& error) {
        EXPECT_THAT(error.what(), HasSubstr("AS OF SYSTEM TIME"));
    }
    EXPECT_FALSE(called);
    EXPECT_THAT(echo.statements(), IsEmpty());
}

// Under READ COMMITTED PostgreSQL raises no serialization failure of its own, but a deadlock (40P01) still aborts the
// transaction, and a function may raise 40001 itself: the retry loop still runs, with ROLLBACK and a new BEGIN. A
// sequence (not rolled back with the transaction) makes the function fail the first attempt only.
TEST_F(PostgreSQLOnlyTransactionModes, ReadCommittedStillRetriesSerializationFailuresAndDeadlocks) {
    connection->execute_unprepared("DROP SEQUENCE IF EXISTS roachorm_fail_once");
    connection->execute_unprepared("CREATE SEQUENCE roachorm_fail_once");
    connection->execute_unprepared(
        "CREATE OR REPLACE FUNCTION roachorm_fail_once(code text) RETURNS void LANGUAGE plpgsql AS $$ BEGIN "
        "IF nextval('roachorm_fail_once') = 1 THEN RAISE EXCEPTION 'forced by the test' USING ERRCODE = code; END IF; "
        "END $$");
    const std::vector<orm::uuid> ids = roachorm_test::create_accounts(*connection, 1, 100);
    orm::Database db = echoing();
    for (const std::string code : {"40001", "40P01"}) {
        SCOPED_TRACE(code);
        connection->execute_unprepared("ALTER SEQUENCE roachorm_fail_once RESTART");
        echo.clear();
        std::vector<std::string> retried;
        orm::TransactionOptions options{.backoff_base = std::chrono::milliseconds(1),
                                        .isolation = orm::Isolation::read_committed};
        options.on_retry = [&](const orm::RetryEvent& event) { retried.push_back(event.sqlstate); };
        const int attempts = orm::run_transaction(
            db,
            [&](orm::Session& session) {
                session.get<Account>(ids[0])->balance -= 10;
                session.add(Ledger{.from_account = ids[0], .amount = 10});
                session.execute("SELECT roachorm_fail_once($1)", code);
                return session.attempt();
            },
            options);
        EXPECT_EQ(attempts, 2);
        EXPECT_THAT(retried, ::testing::ElementsAre(code));
        const std::vector<std::string> begins = echo.statements("BEGIN");
        EXPECT_THAT(begins, ::testing::ElementsAre("BEGIN ISOLATION LEVEL READ COMMITTED",
                                                   "BEGIN ISOLATION LEVEL READ COMMITTED"));
        EXPECT_THAT(echo.statements("ROLLBACK"), ::testing::ElementsAre("ROLLBACK"));
    }
    EXPECT_EQ(stored_balance(ids[0]), 80);
    EXPECT_EQ(roachorm_test::query_value(*connection, "SELECT count(*) FROM ledger"), "2");
    connection->execute_unprepared("DROP FUNCTION roachorm_fail_once(text)");
    connection->execute_unprepared("DROP SEQUENCE roachorm_fail_once");
}

TEST_F(PostgreSQLOnlyTransactionModes, PriorityIsAnErrorAndSendsNothing) {
    orm::Database db = echoing();
    EXPECT_THROW(orm::run_transaction(
                     db, [](orm::Session&) {}, orm::TransactionOptions{.priority = orm::TransactionPriority::high}),
                 orm::Error);
    EXPECT_THAT(echo.statements(), IsEmpty());
}

// ---- CockroachDB ----

class CockroachDBOnlyTransactionModes : public TransactionModes {};

TEST_F(CockroachDBOnlyTransactionModes, HistoricalReadSeesTheRowAsItWasAndRefusesWrites) {
    const std::vector<orm::uuid> ids = roachorm_test::create_accounts(*connection, 1, 100);
    // The server's clock after the insert committed and before the update below.
    const orm::timestamp before_update = orm::run_transaction(*database, [](orm::Session& session) {
        return std::get<0>(session.select<orm::timestamp>("SELECT now()").at(0));
    });
    connection->execute("UPDATE accounts SET balance = 5 WHERE id = $1",
                        std::vector<orm::TextValue>{ids[0].to_string()});

    const orm::TransactionOptions past{.as_of = orm::HistoricalTime::at(before_update)};
    const std::int64_t seen = orm::run_transaction(
        *database, [&](orm::Session& session) { return session.get<Account>(ids[0])->balance; }, past);
    EXPECT_EQ(seen, 100);
    EXPECT_EQ(stored_balance(ids[0]), 5);

    try {
        orm::run_transaction(
            *database, [&](orm::Session& session) { session.get<Account>(ids[0])->balance = 7; }, past);
        FAIL() << "expected orm::DatabaseError";
    } catch (const orm::DatabaseError& error) {
        EXPECT_EQ(error.sqlstate(), "25006");  // read_only_sql_transaction
    }
    EXPECT_EQ(stored_balance(ids[0]), 5);
}

// follower_read_timestamp() lies at least about 4.2 s in the past, and AS OF SYSTEM TIME resolves table names as of
// that time too: the table SetUp created a moment ago does not exist yet at the follower read timestamp. So the test
// waits, bounded, until the server's follower read timestamp has passed the moment its rows were committed.
TEST_F(CockroachDBOnlyTransactionModes, FollowerReadTransactionSeesRowsOnceTheyAreOldEnough) {
    roachorm_test::create_accounts(*connection, 3, 1);
    const std::string committed = roachorm_test::query_value(*connection, "SELECT now()");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (roachorm_test::query_value(*connection, "SELECT follower_read_timestamp() > $1::TIMESTAMPTZ", {committed}) !=
           "t") {
        ASSERT_LT(std::chrono::steady_clock::now(), deadline)
            << "follower_read_timestamp() did not pass " << committed << " within 30 s";
        std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
    const std::int64_t count = orm::run_transaction(
        *database, [](orm::Session& session) { return session.query<Account>().count(); },
        orm::TransactionOptions{.as_of = orm::HistoricalTime::follower_read()});
    EXPECT_EQ(count, 3);
}

TEST_F(CockroachDBOnlyTransactionModes, HighPriorityTransactionBeginsWithItsPriority) {
    const std::vector<orm::uuid> ids = roachorm_test::create_accounts(*connection, 1, 10);
    orm::Database db = echoing();
    const std::string priority = orm::run_transaction(
        db,
        [&](orm::Session& session) {
            session.get<Account>(ids[0])->balance += 1;
            return std::get<0>(session.select<std::string>("SHOW transaction_priority").at(0));
        },
        orm::TransactionOptions{.priority = orm::TransactionPriority::high});
    EXPECT_EQ(priority, "high");
    EXPECT_EQ(echo.statements().front(),
              "BEGIN TRANSACTION ISOLATION LEVEL SERIALIZABLE, PRIORITY HIGH; SAVEPOINT cockroach_restart");
    EXPECT_EQ(stored_balance(ids[0]), 11);
}

// crdb_internal.force_retry makes every attempt fail with 40001 until the transaction is older than its argument;
// the retry protocol rewinds to the savepoint, so the transaction ages across attempts and finally commits once.
// From v26.1 every crdb_internal builtin needs the session variable allow_unsafe_internals, which defaults to off
// there. Versions before v25.4 have no such variable: SET fails there with 42704 (undefined_object, "unrecognized
// configuration parameter"), and nothing needs enabling. The SET runs on the connection before the transaction,
// where its failure aborts nothing.
TEST_F(CockroachDBOnlyTransactionModes, ForcedRetriesAreRetriedAndTheEffectsLandOnce) {
    const std::vector<orm::uuid> ids = roachorm_test::create_accounts(*connection, 1, 100);
    orm::Database db = single_connection();
    try {
        set_on_session(db, "SET allow_unsafe_internals = true");
    } catch (const orm::DatabaseError& error) {
        ASSERT_EQ(error.sqlstate(), "42704") << error.what();
    }
    int retries = 0;
    orm::TransactionOptions options{
        .max_retries = 1000, .backoff_base = std::chrono::milliseconds(1), .backoff_cap = std::chrono::milliseconds(5)};
    options.on_retry = [&](const orm::RetryEvent& event) {
        EXPECT_EQ(event.sqlstate, "40001");
        EXPECT_THAT(event.message, HasSubstr("force_retry"));
        ++retries;
    };
    const int attempts = orm::run_transaction(
        db,
        [&](orm::Session& session) {
            session.get<Account>(ids[0])->balance -= 10;
            session.add(Ledger{.from_account = ids[0], .amount = 10});
            session.execute("SELECT crdb_internal.force_retry('200ms')");
            return session.attempt();
        },
        options);
    EXPECT_GT(retries, 0);
    EXPECT_EQ(attempts, retries + 1);
    EXPECT_EQ(stored_balance(ids[0]), 90);
    EXPECT_EQ(roachorm_test::query_value(*connection, "SELECT count(*) FROM ledger"), "1");
}

// inject_retry_errors_enabled fails every statement but SET of an explicit transaction with 40001 while the
// transaction's epoch is less than 3 past the epoch of the last statement it let through. Rewinding to
// cockroach_restart raises the epoch, so one statement gets through after three retries, and the next statement of
// the same attempt fails again: a body of more than one statement would never commit. As in CockroachDB's own
// example, the retried attempt turns it off first (SET is exempt); a SET in a transaction is not undone by its
// rollback.
TEST_F(CockroachDBOnlyTransactionModes, InjectedRetryErrorsAreRetried) {
    const std::vector<orm::uuid> ids = roachorm_test::create_accounts(*connection, 1, 100);
    orm::Database db = single_connection();
    set_on_session(db, "SET inject_retry_errors_enabled = true");
    int retries = 0;
    orm::TransactionOptions options{.backoff_base = std::chrono::milliseconds(1)};
    options.on_retry = [&](const orm::RetryEvent& event) {
        EXPECT_EQ(event.sqlstate, "40001");
        EXPECT_THAT(event.message, HasSubstr("inject_retry_errors_enabled"));
        ++retries;
    };
    const int attempts = orm::run_transaction(
        db,
        [&](orm::Session& session) {
            if (session.attempt() > 1) {
                session.execute("SET inject_retry_errors_enabled = false");
            }
            session.get<Account>(ids[0])->balance += 1;
            return session.attempt();
        },
        options);
    EXPECT_EQ(retries, 1);
    EXPECT_EQ(attempts, 2);
    EXPECT_EQ(stored_balance(ids[0]), 101);
}

}  // namespace
