// run_transaction on SQLite's own terms: one writer at a time (a second writer waits its busy timeout, then is
// retried), what SQLite cannot honour refused before anything is sent, and concurrent transfers on one file.
// SQLiteOnly: scripts/test runs these only in its SQLite run.
#include <chrono>
#include <cstdint>
#include <future>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <roachorm/models/account.hpp>
#include <roachorm/orm/orm.hpp>

#include "bank.hpp"
#include "test_server.hpp"
#include "transfer_workload.hpp"

namespace {

using models::Account;
using orm::col;
using roachorm_test::create_accounts;
using roachorm_test::Ledger;
using ::testing::Each;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// A model whose index CockroachDB alone can build (USING HASH).
struct Reading {
    static constexpr std::string_view table_name = "readings";
    orm::serial id{};
    orm::timestamp taken{};
    static constexpr auto constraints = orm::constraints(orm::index(&Reading::taken).hash_sharded());
};

class SQLiteOnlyTransactions : public roachorm_test::ServerTest<Account, Ledger> {
protected:
    void SetUp() override {
        ASSERT_TRUE(roachorm_test::server_url().starts_with("sqlite:"))
            << "SQLiteOnly tests need a sqlite: ROACHORM_TEST_URL (scripts/db sqlite)";
        ServerTest::SetUp();
    }

    std::int64_t balance_of(const orm::uuid& id) { return orm::table::find<Account>(*connection, id)->balance; }

    roachorm_test::EchoCapture echo;
};

// The lock holder is a raw connection in BEGIN IMMEDIATE (lang_transaction.html: it takes the write lock at once);
// the writer's own BEGIN IMMEDIATE waits its 50 ms busy timeout, fails with SQLITE_BUSY and is retried, and commits
// once another thread has released the lock.
TEST_F(SQLiteOnlyTransactions, ASecondWriterWaitsItsBusyTimeoutAndIsRetriedUntilTheLockIsReleased) {
    const std::vector<orm::uuid> ids = create_accounts(*connection, 1, 100);
    const std::unique_ptr<orm::Connection> holder = database->connect();
    holder->execute_unprepared("BEGIN IMMEDIATE");

    orm::Database writer(roachorm_test::server_url() + "?busy_timeout_ms=50");
    std::promise<void> first_retry;
    std::vector<std::string> retry_sqlstates;
    orm::TransactionOptions options{.max_retries = 50, .backoff_base = std::chrono::milliseconds(1)};
    options.on_retry = [&](const orm::RetryEvent& event) {
        retry_sqlstates.push_back(event.sqlstate);
        if (retry_sqlstates.size() == 1) {
            first_retry.set_value();
        }
    };
    std::jthread releaser([&, released = first_retry.get_future()] {
        released.wait_for(std::chrono::seconds(30));  // bounds the test should the writer never retry
        holder->execute_unprepared("COMMIT");
    });
    const auto start = std::chrono::steady_clock::now();
    const int attempt = orm::run_transaction(
        writer,
        [&](orm::Session& session) {
            session.get<Account>(ids[0])->balance += 5;
            return session.attempt();
        },
        options);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    releaser.join();

    ASSERT_FALSE(retry_sqlstates.empty()) << "the writer never met the lock";
    EXPECT_THAT(retry_sqlstates, Each(std::string("SQLITE_BUSY")));
    EXPECT_EQ(attempt, static_cast<int>(retry_sqlstates.size()) + 1);
    EXPECT_GE(elapsed, std::chrono::milliseconds(50)) << "the first attempt did not wait its busy timeout";
    EXPECT_EQ(balance_of(ids[0]), 105) << "the retried transaction landed once";
}

TEST_F(SQLiteOnlyTransactions, APriorityIsRefusedBeforeAnythingIsSent) {
    orm::Database db(roachorm_test::server_url(), echo.options());
    bool called = false;
    try {
        orm::run_transaction(
            db, [&](orm::Session&) { called = true; },
            orm::TransactionOptions{.priority = orm::TransactionPriority::high});
        FAIL() << "expected orm::Error";
    } catch (const orm::Error& error) {
        EXPECT_THAT(error.what(), HasSubstr("SQLite cannot honour it"));
    }
    EXPECT_FALSE(called);
    EXPECT_THAT(echo.statements(), IsEmpty());
}

TEST_F(SQLiteOnlyTransactions, AHistoricalReadIsRefusedBeforeAnythingIsSent) {
    orm::Database db(roachorm_test::server_url(), echo.options());
    bool called = false;
    EXPECT_THROW(orm::run_transaction(
                     db, [&](orm::Session&) { called = true; },
                     orm::TransactionOptions{.as_of = orm::HistoricalTime::ago(std::chrono::seconds(10))}),
                 orm::Error);
    EXPECT_FALSE(called);
    EXPECT_THAT(echo.statements(), IsEmpty());
}

// The query is refused as it is built, before the transaction's BEGIN (which travels with its first statement).
TEST_F(SQLiteOnlyTransactions, ForUpdateIsRefusedBeforeAnythingIsSent) {
    const std::vector<orm::uuid> ids = create_accounts(*connection, 1, 100);
    orm::Database db(roachorm_test::server_url(), echo.options());
    try {
        orm::run_transaction(db, [&](orm::Session& session) {
            session.query<Account>().filter(col(&Account::id) == ids[0]).for_update().one();
        });
        FAIL() << "expected orm::Error";
    } catch (const orm::Error& error) {
        EXPECT_THAT(error.what(), HasSubstr("SQLite has no row locks"));
    }
    EXPECT_THAT(echo.statements(), IsEmpty());
}

TEST_F(SQLiteOnlyTransactions, AHashShardedIndexIsRefusedBeforeAnythingIsSent) {
    orm::Database db(roachorm_test::server_url(), echo.options());
    try {
        db.create_all<Reading>();
        FAIL() << "expected orm::Error";
    } catch (const orm::Error& error) {
        EXPECT_THAT(error.what(), HasSubstr("Remove .hash_sharded()"));
    }
    EXPECT_THAT(echo.statements(), IsEmpty()) << "not even the table may be created";
    EXPECT_THAT(db.table_names(), Not(::testing::Contains("readings")));
}

// Four threads on a pool of four connections to one file: writers take turns at the write lock, and every
// acknowledged transfer is in the ledger once with the total kept.
TEST_F(SQLiteOnlyTransactions, ConcurrentTransfersOnAFileKeepTheTotal) {
    constexpr std::int64_t initial_balance = 1000;
    const std::vector<orm::uuid> ids = create_accounts(*connection, 10, initial_balance);
    orm::Database pooled(roachorm_test::server_url(), {.pool_size = 4});
    roachorm_test::TransferWorkload workload(
        pooled, ids,
        {.threads = 4,
         .last_phase = 0,
         .successes_in_last_phase = 100,
         .max_transfers_per_thread = 100,
         .deadline = roachorm_test::WorkloadClock::now() + std::chrono::seconds(120),  // bounds the test only
         .options = {.max_retries = 100, .backoff_base = std::chrono::milliseconds(1)}});
    workload.join();
    const roachorm_test::TransferTally tally(workload.results(), *connection, ids, initial_balance);
    EXPECT_EQ(tally.succeeded, 400) << "every transfer commits on SQLite, waiting its turn at the write lock";
    EXPECT_EQ(tally.failed, 0);
    EXPECT_EQ(tally.ambiguous, 0);
    EXPECT_EQ(tally.ledger_rows, 400u);
}

// A transaction can end without roachorm's COMMIT or ROLLBACK: by a raw ROLLBACK in the callback, as here, or by SQLite
// itself after some errors. A read-only one had turned PRAGMA query_only on for its connection; the next transaction
// on that connection (the pool holds only it) must still be able to write.
TEST_F(SQLiteOnlyTransactions, AReadOnlyTransactionEndedWithoutRoachormLeavesItsConnectionWritable) {
    orm::Database pooled(roachorm_test::server_url(), {.pool_size = 1});
    EXPECT_THROW(orm::run_transaction(
                     pooled,
                     [](orm::Session& session) {
                         session.execute("ROLLBACK");
                         throw std::runtime_error("the callback gives up after its transaction ended");
                     },
                     orm::TransactionOptions{.read_only = true}),
                 std::runtime_error);
    EXPECT_NO_THROW(orm::run_transaction(
        pooled, [](orm::Session& session) { session.add(Account{.id = orm::uuid::random(), .balance = 5}); }));
    EXPECT_EQ(roachorm_test::query_value(*connection, "SELECT count(*) FROM accounts"), "1");
}

}  // namespace
