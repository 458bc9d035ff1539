// Server-side timeouts on a pool of one connection: statement_timeout (from the URL's options, or SET LOCAL) and
// idle_in_transaction_session_timeout. Each must be a clear error or a safe retry, and the next transaction on the
// same Database must work. PostgreSQLOnly: CockroachDB has both settings, but these tests have not been run there.
#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "bank.hpp"
#include "test_server.hpp"

namespace {

using roachorm_test::Ledger;
using roachorm_test::query_value;

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using Clock = std::chrono::steady_clock;

std::string with_query(const std::string& url, const std::string& parameter) {
    return url + (url.find('?') == std::string::npos ? "?" : "&") + parameter;
}

std::int32_t backend_pid(orm::Session& session) {
    return std::get<0>(session.select<std::int32_t>("SELECT pg_backend_pid()").at(0));
}

class PostgreSQLOnlyTimeouts : public roachorm_test::ServerTest<Ledger> {
protected:
    void SetUp() override {
        ServerTest::SetUp();
        ASSERT_EQ(database->dialect().kind(), orm::DialectKind::postgresql)
            << "PostgreSQLOnly suites run only against PostgreSQL (scripts/test leaves them out of the CockroachDB "
               "run)";
    }

    // One connection, so "the next transaction works" is about the very connection the fault touched.
    orm::Database pool_of_one(const std::string& extra_query = {}) {
        const std::string url = roachorm_test::server_url();
        return orm::Database(extra_query.empty() ? url : with_query(url, extra_query), {.pool_size = 1});
    }

    // Waits (bounded) until the server has ended backend `pid`, as idle_in_transaction_session_timeout does.
    void wait_until_gone(std::int32_t pid) {
        const auto deadline = Clock::now() + 10s;
        while (query_value(*connection, "SELECT count(*) FROM pg_stat_activity WHERE pid = $1",
                           {std::to_string(pid)}) != "0") {
            ASSERT_LT(Clock::now(), deadline) << "backend " << pid << " outlived its idle-in-transaction timeout";
            std::this_thread::sleep_for(20ms);
        }
    }

    std::size_t ledger_rows() { return orm::table::select_all<Ledger>(*connection).size(); }

    // The next transaction on `database` runs and reports its backend.
    static std::int32_t next_transaction_works(orm::Database& database) {
        return orm::run_transaction(database, [](orm::Session& session) { return backend_pid(session); });
    }
};

TEST_F(PostgreSQLOnlyTimeouts, StatementTimeoutFromTheUrlIsDatabaseError57014AndTheConnectionStaysInThePool) {
    orm::Database pooled = pool_of_one("options=-c%20statement_timeout%3D50");
    int calls = 0;
    std::int32_t failed_pid = 0;
    const auto start = Clock::now();
    try {
        orm::run_transaction(pooled, [&](orm::Session& session) {
            ++calls;
            failed_pid = backend_pid(session);
            EXPECT_EQ(std::get<0>(session.select<std::string>("SHOW statement_timeout").at(0)), "50ms");
            session.execute("SELECT pg_sleep(5)");
        });
        FAIL() << "expected orm::DatabaseError 57014";
    } catch (const orm::DatabaseError& error) {
        EXPECT_EQ(error.sqlstate(), "57014") << error.what();
        EXPECT_THAT(error.what(), HasSubstr("statement timeout"));
        EXPECT_EQ(error.statement(), "SELECT pg_sleep(5)");
    }
    EXPECT_LT(Clock::now() - start, 4s) << "the server did not cut the statement short";
    EXPECT_EQ(calls, 1) << "a statement timeout is not retryable";
    EXPECT_EQ(next_transaction_works(pooled), failed_pid) << "the connection should have been kept";
    EXPECT_EQ(pooled.pool().open_count(), 1u);
}

TEST_F(PostgreSQLOnlyTimeouts, SetLocalStatementTimeoutIsDatabaseError57014AndEndsWithItsTransaction) {
    orm::Database pooled = pool_of_one();
    const std::string server_default = query_value(*connection, "SHOW statement_timeout");
    std::int32_t failed_pid = 0;
    try {
        orm::run_transaction(pooled, [&](orm::Session& session) {
            failed_pid = backend_pid(session);
            session.execute("SET LOCAL statement_timeout = '50ms'");
            session.execute("SELECT pg_sleep(5)");
        });
        FAIL() << "expected orm::DatabaseError 57014";
    } catch (const orm::DatabaseError& error) {
        EXPECT_EQ(error.sqlstate(), "57014") << error.what();
    }
    const auto [pid, timeout] = orm::run_transaction(pooled, [](orm::Session& session) {
        return std::pair{backend_pid(session),
                         std::get<0>(session.select<std::string>("SHOW statement_timeout").at(0))};
    });
    EXPECT_EQ(pid, failed_pid);
    EXPECT_EQ(timeout, server_default);
    EXPECT_EQ(pooled.pool().open_count(), 1u);
}

TEST_F(PostgreSQLOnlyTimeouts, IdleInTransactionTimeoutFoundAtTheNextStatementIsRetriedOnAFreshConnection) {
    orm::Database pooled = pool_of_one();
    std::vector<orm::RetryEvent> retries;
    orm::TransactionOptions options{.max_retries = 3, .backoff_base = 1ms};
    options.on_retry = [&](const orm::RetryEvent& event) { retries.push_back(event); };
    std::vector<std::int32_t> pids;

    const int committed = orm::run_transaction(
        pooled,
        [&](orm::Session& session) {
            pids.push_back(backend_pid(session));
            if (session.attempt() == 1) {
                session.execute("SET LOCAL idle_in_transaction_session_timeout = '100ms'");
                wait_until_gone(pids.back());  // the server rolled the transaction back and hung up
            }
            session.add(Ledger{.id = orm::uuid::random(), .amount = session.attempt()});
            session.flush();  // attempt 1: finds the connection closed
            return session.attempt();
        },
        options);

    EXPECT_EQ(committed, 2);
    ASSERT_EQ(pids.size(), 2u);
    EXPECT_NE(pids[0], pids[1]);
    ASSERT_EQ(retries.size(), 1u);
    EXPECT_EQ(retries[0].sqlstate, "") << "a lost connection has no SQLSTATE";
    EXPECT_EQ(ledger_rows(), 1u);
    EXPECT_EQ(next_transaction_works(pooled), pids[1]);
    EXPECT_EQ(pooled.pool().open_count(), 1u);
}

TEST_F(PostgreSQLOnlyTimeouts, IdleInTransactionTimeoutFoundAtCommitIsRetriedNotReportedAmbiguous) {
    // The server ended the transaction before COMMIT was sent, so it cannot have committed: retrying is safe, and
    // AmbiguousCommitError would send the user to check data that is certainly unchanged.
    orm::Database pooled = pool_of_one();
    std::vector<orm::RetryEvent> retries;
    orm::TransactionOptions options{.max_retries = 3, .backoff_base = 1ms};
    options.on_retry = [&](const orm::RetryEvent& event) { retries.push_back(event); };
    int calls = 0;

    orm::run_transaction(
        pooled,
        [&](orm::Session& session) {
            ++calls;
            session.add(Ledger{.id = orm::uuid::random(), .amount = session.attempt()});
            if (session.attempt() == 1) {
                session.execute("SET LOCAL idle_in_transaction_session_timeout = '100ms'");  // flushes the INSERT
                wait_until_gone(backend_pid(session));
            }
        },
        options);

    EXPECT_EQ(calls, 2);
    ASSERT_EQ(retries.size(), 1u);
    EXPECT_THAT(retries[0].message, HasSubstr("before COMMIT was sent"));
    EXPECT_THAT(retries[0].message, HasSubstr("idle-in-transaction timeout")) << "the server's reason";
    const auto rows = orm::table::select_all<Ledger>(*connection);
    ASSERT_EQ(rows.size(), 1u) << "attempt 1's row must not land, attempt 2's must land once";
    EXPECT_EQ(rows[0].amount, 2);
    EXPECT_EQ(pooled.pool().open_count(), 1u);
}

TEST_F(PostgreSQLOnlyTimeouts, IdleInTransactionTimeoutOnEveryAttemptEndsInRetryLimitExceededNamingIt) {
    orm::Database pooled = pool_of_one();
    const orm::TransactionOptions options{.max_retries = 1, .backoff_base = 1ms};
    int calls = 0;
    try {
        orm::run_transaction(
            pooled,
            [&](orm::Session& session) {
                ++calls;
                session.execute("SET LOCAL idle_in_transaction_session_timeout = '100ms'");
                session.add(Ledger{.id = orm::uuid::random(), .amount = 1});
                session.flush();
                wait_until_gone(backend_pid(session));
            },
            options);
        FAIL() << "expected orm::RetryLimitExceeded";
    } catch (const orm::RetryLimitExceeded& error) {
        EXPECT_EQ(error.attempts(), 2);
        EXPECT_THAT(error.what(), HasSubstr("idle-in-transaction timeout"));
        EXPECT_THROW(std::rethrow_exception(error.last_error()), orm::ConnectionError);
    }
    EXPECT_EQ(calls, 2);
    EXPECT_EQ(ledger_rows(), 0u);
    EXPECT_GT(next_transaction_works(pooled), 0);
    EXPECT_EQ(pooled.pool().open_count(), 1u);
}

}  // namespace
