// run_transaction under real server faults on PostgreSQL: a backend killed before COMMIT (retried on a fresh
// connection), killed during COMMIT from outside or by its own trigger (orm::AmbiguousCommitError, never retried),
// connections refused by a database that accepted them before (waited for, within the connect deadline), a lost
// connection closing its server's idle ones, a server restart under concurrent transfers (none fails, nothing
// acknowledged is lost, nothing reported failed is applied), and a statement timeout.
// They use pg_terminate_backend, triggers and pg_ctl, so scripts/test runs these PostgreSQLOnly* suites only there.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <optional>
#include <random>
#include <stop_token>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <unistd.h>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <roachorm/models/account.hpp>

#include "backend_faults.hpp"
#include "bank.hpp"
#include "test_server.hpp"
#include "transfer_workload.hpp"

namespace {

using roachorm_test::create_accounts;
using roachorm_test::Ledger;
using roachorm_test::TransferTally;
using roachorm_test::TransferWorkload;

using roachorm_test::query_value;

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using Clock = roachorm_test::WorkloadClock;

constexpr const char* kNotPostgreSQL =
    "PostgreSQLOnly suites need PostgreSQL (pg_terminate_backend, triggers, pg_ctl); scripts/test runs them only "
    "against the throwaway PostgreSQL";

// The server process behind the current transaction's connection.
std::int32_t backend_pid(orm::Session& session) {
    return std::get<0>(session.select<std::int32_t>("SELECT pg_backend_pid()").at(0));
}

class PostgreSQLOnlyFaults : public roachorm_test::ServerTest<models::Account, Ledger> {
protected:
    // Ends the backend `pid` from the fixture's own connection; the server waits (up to 10 s) until it has exited.
    void terminate_backend(std::int32_t pid) {
        ASSERT_EQ(query_value(*connection, "SELECT pg_terminate_backend($1, 10000)", {std::to_string(pid)}), "t")
            << "backend " << pid << " was not terminated";
    }

    // A transaction on the same Database after the fault: proves the pool handed out a working connection.
    std::string pool_answers() {
        return orm::run_transaction(*database, [](orm::Session& session) {
            return std::get<0>(session.select<std::string>("SELECT 'healed'").at(0));
        });
    }
};

TEST_F(PostgreSQLOnlyFaults, ConnectionKilledBeforeCommitIsRetriedOnAFreshConnection) {
    ASSERT_EQ(database->dialect().kind(), orm::DialectKind::postgresql) << kNotPostgreSQL;
    std::vector<orm::RetryEvent> retries;
    orm::TransactionOptions options{.max_retries = 3, .backoff_base = 1ms};
    options.on_retry = [&](const orm::RetryEvent& event) { retries.push_back(event); };
    std::vector<std::int32_t> pids;
    int calls = 0;

    const int committed_attempt = orm::run_transaction(
        *database,
        [&](orm::Session& session) {
            ++calls;
            pids.push_back(backend_pid(session));
            if (session.attempt() == 1) {
                terminate_backend(pids.back());  // the transaction is open and nothing has been committed
            }
            session.add(Ledger{.id = orm::uuid::random(), .amount = session.attempt()});
            session.flush();  // attempt 1: this INSERT finds the connection gone
            return session.attempt();
        },
        options);

    EXPECT_EQ(calls, 2);
    EXPECT_EQ(committed_attempt, 2);
    ASSERT_EQ(pids.size(), 2u);
    EXPECT_NE(pids[0], pids[1]) << "the retry must run on a new server connection";
    ASSERT_EQ(retries.size(), 1u);
    EXPECT_EQ(retries[0].attempt, 1);
    EXPECT_EQ(retries[0].sqlstate, "") << "a lost connection has no SQLSTATE";
    EXPECT_FALSE(retries[0].message.empty());

    const auto rows = orm::table::select_all<Ledger>(*connection);
    ASSERT_EQ(rows.size(), 1u) << "the second attempt's row must land exactly once, the first attempt's never";
    EXPECT_EQ(rows[0].amount, 2);

    EXPECT_EQ(pool_answers(), "healed");
    EXPECT_EQ(database->pool().open_count(), 1u) << "the dead connection must be closed, not kept";
}

// A table whose every INSERT runs the subclass's PL/pgSQL at COMMIT, through a deferred constraint trigger. The
// test's own database is dropped when the test ends, and the trigger with it.
class PostgreSQLOnlyCommitTrigger : public PostgreSQLOnlyFaults {
protected:
    virtual std::string_view at_commit() const = 0;

    void SetUp() override {
        PostgreSQLOnlyFaults::SetUp();
        if (HasFatalFailure()) {
            return;
        }
        connection->execute_unprepared("CREATE TABLE commit_trigger (id INT8 PRIMARY KEY)");
        connection->execute_unprepared(
            fmt::format("CREATE FUNCTION run_at_commit() RETURNS trigger LANGUAGE plpgsql AS "
                        "$$ BEGIN {} RETURN NULL; END $$",
                        at_commit()));
        connection->execute_unprepared(
            "CREATE CONSTRAINT TRIGGER run_at_commit AFTER INSERT ON commit_trigger DEFERRABLE INITIALLY DEFERRED "
            "FOR EACH ROW EXECUTE FUNCTION run_at_commit()");
    }
};

// COMMIT sleeps in the trigger, so that a backend can be killed from outside while its COMMIT is running.
class PostgreSQLOnlyAmbiguousCommit : public PostgreSQLOnlyCommitTrigger {
protected:
    std::string_view at_commit() const override { return "PERFORM pg_sleep(3);"; }
};

TEST_F(PostgreSQLOnlyAmbiguousCommit, ConnectionKilledDuringCommitThrowsAmbiguousCommitErrorAndIsNotRetried) {
    ASSERT_EQ(database->dialect().kind(), orm::DialectKind::postgresql) << kNotPostgreSQL;
    const std::unique_ptr<orm::Connection> watcher = database->connect();
    std::string killer_report = "the killer never started";
    std::vector<orm::RetryEvent> retries;
    orm::TransactionOptions options{.max_retries = 3, .backoff_base = 1ms};
    options.on_retry = [&](const orm::RetryEvent& event) { retries.push_back(event); };
    int calls = 0;
    std::jthread killer;  // last, so that an early return stops and joins it before what it uses goes away

    try {
        orm::run_transaction(
            *database,
            [&](orm::Session& session) {
                ++calls;
                const std::int32_t pid = backend_pid(session);
                session.execute("INSERT INTO commit_trigger (id) VALUES ($1)", std::int64_t{1});
                if (!killer.joinable()) {
                    killer = std::jthread([&, pid](const std::stop_token& stop) {
                        killer_report = roachorm_test::kill_during_commit(*watcher, pid, stop);
                    });
                }
            },
            options);
        FAIL() << "expected orm::AmbiguousCommitError, but the transaction committed";
    } catch (const orm::AmbiguousCommitError& error) {
        EXPECT_THAT(error.what(), HasSubstr("may or may not have been applied"));
        EXPECT_THAT(error.what(), HasSubstr("Check the data"));
    } catch (const orm::Error& error) {
        FAIL() << "expected orm::AmbiguousCommitError, got: " << error.what();
    }
    killer.join();
    EXPECT_EQ(killer_report, "");
    EXPECT_EQ(calls, 1) << "a commit with an unknown outcome must never run again";
    EXPECT_TRUE(retries.empty());

    // In fact PostgreSQL aborts a transaction whose backend dies before its commit record: nothing landed.
    EXPECT_EQ(orm::run_transaction(*database,
                                   [](orm::Session& session) {
                                       return std::get<0>(
                                           session.select<std::int64_t>("SELECT count(*) FROM commit_trigger").at(0));
                                   }),
              0);
    EXPECT_EQ(pool_answers(), "healed");
    EXPECT_EQ(database->pool().open_count(), 1u) << "the connection lost during COMMIT must be closed";
}

// A deferred constraint trigger that ends its own backend at COMMIT: the connection is lost while COMMIT runs, with
// no second connection or thread involved (unlike PostgreSQLOnlyAmbiguousCommit's killer, which ends it from
// outside). pg_sleep after the signal gives the backend a point at which it acts on its own termination.
class PostgreSQLOnlySelfEndingCommit : public PostgreSQLOnlyCommitTrigger {
protected:
    std::string_view at_commit() const override {
        return "PERFORM pg_terminate_backend(pg_backend_pid()); PERFORM pg_sleep(5);";
    }
};

TEST_F(PostgreSQLOnlySelfEndingCommit, BackendEndingItselfDuringCommitThrowsAmbiguousCommitErrorAndIsNotRetried) {
    ASSERT_EQ(database->dialect().kind(), orm::DialectKind::postgresql) << kNotPostgreSQL;
    std::vector<orm::RetryEvent> retries;
    orm::TransactionOptions options{.max_retries = 3, .backoff_base = 1ms};
    options.on_retry = [&](const orm::RetryEvent& event) { retries.push_back(event); };
    int calls = 0;

    try {
        orm::run_transaction(
            *database,
            [&](orm::Session& session) {
                ++calls;
                session.execute("INSERT INTO commit_trigger (id) VALUES ($1)", std::int64_t{1});
            },
            options);
        FAIL() << "expected orm::AmbiguousCommitError, but the transaction committed";
    } catch (const orm::AmbiguousCommitError& error) {
        EXPECT_THAT(error.what(), HasSubstr("lost while committing"));
    } catch (const orm::Error& error) {
        FAIL() << "expected orm::AmbiguousCommitError, got: " << error.what();
    }
    EXPECT_EQ(calls, 1) << "a commit with an unknown outcome must never run again";
    EXPECT_TRUE(retries.empty());
    EXPECT_EQ(pool_answers(), "healed");
    EXPECT_EQ(database->pool().open_count(), 1u) << "the connection lost during COMMIT must be closed";
}

// A dedicated database, so that refusing connections to it (ALTER DATABASE ... ALLOW_CONNECTIONS false) disturbs no
// other test. The fixture's own connection stays on the test database and changes this one from there.
class PostgreSQLOnlyReconnect : public PostgreSQLOnlyFaults {
protected:
    void SetUp() override {
        PostgreSQLOnlyFaults::SetUp();
        if (HasFatalFailure()) {
            return;
        }
        ASSERT_EQ(database->dialect().kind(), orm::DialectKind::postgresql) << kNotPostgreSQL;
        name = fmt::format("roachorm_reconnect_{}_{}", ::getpid(), std::random_device{}() % 1'000'000);
        connection->execute_unprepared(fmt::format("CREATE DATABASE {}", name));
        refusing = std::make_unique<orm::Database>(url_of_database(roachorm_test::server_url(), name));
        refusing->create_all<Ledger>();
    }

    void TearDown() override {
        refusing.reset();  // its connections close first
        if (connection && !name.empty()) {
            connection->execute_unprepared(fmt::format("DROP DATABASE IF EXISTS {} WITH (FORCE)", name));
        }
        PostgreSQLOnlyFaults::TearDown();
    }

    void allow_connections(bool allowed) {
        connection->execute_unprepared(fmt::format("ALTER DATABASE {} ALLOW_CONNECTIONS {}", name, allowed));
    }

    // `url` with its path (the database name) replaced by `database`.
    static std::string url_of_database(const std::string& url, const std::string& database) {
        const std::size_t authority = url.find("://") + 3;
        const std::size_t path = url.find('/', authority);
        const std::size_t query = url.find('?', authority);
        const std::string before = url.substr(0, std::min(path, query));
        const std::string after = query == std::string::npos ? "" : url.substr(query);
        return before + "/" + database + after;
    }

    // The server the Database's connections reach, as Connection::server() names it.
    static std::string server_of(orm::Database& database) { return database.connect()->server(); }

    std::string name;
    std::unique_ptr<orm::Database> refusing;
};

// Attempt 1 loses its connection while the database refuses new ones, so attempt 2 cannot get a connection: it waits
// for one (the database accepted connections before) without running the callback or spending a retry. on_retry
// lets connections in again after the first refusal, and attempt 2 commits.
TEST_F(PostgreSQLOnlyReconnect, ARetryWhoseReconnectIsRefusedWaitsForAConnection) {
    std::vector<orm::RetryEvent> retries;
    orm::TransactionOptions options{.max_retries = 4, .backoff_base = 1ms};
    options.on_retry = [&](const orm::RetryEvent& event) {
        retries.push_back(event);
        if (event.reason == orm::RetryReason::cannot_connect) {
            allow_connections(true);
        }
    };
    std::vector<int> callback_attempts;

    const int committed_attempt = orm::run_transaction(
        *refusing,
        [&](orm::Session& session) {
            callback_attempts.push_back(session.attempt());
            if (session.attempt() == 1) {
                allow_connections(false);  // the open connection stays; new ones are refused
                terminate_backend(backend_pid(session));
            }
            session.add(Ledger{.id = orm::uuid::random(), .amount = session.attempt()});
            session.flush();  // attempt 1: this INSERT finds the connection gone
            return session.attempt();
        },
        options);

    EXPECT_EQ(committed_attempt, 2);
    EXPECT_THAT(callback_attempts, ::testing::ElementsAre(1, 2));
    ASSERT_EQ(retries.size(), 2u);
    EXPECT_EQ(retries[0].attempt, 1);
    EXPECT_EQ(retries[0].reason, orm::RetryReason::connection_lost);
    EXPECT_EQ(retries[0].sqlstate, "") << "a lost connection has no SQLSTATE";
    EXPECT_EQ(retries[0].server, server_of(*refusing));
    EXPECT_EQ(retries[1].attempt, 2) << "the attempt that waits for a connection";
    EXPECT_EQ(retries[1].reason, orm::RetryReason::cannot_connect);
    EXPECT_THAT(retries[1].message, HasSubstr("not currently accepting connections"));
    EXPECT_EQ(retries[1].server, "");

    const auto rows = orm::table::select_all<Ledger>(*refusing->connect());
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].amount, 2);
}

// The pool's idle connection is closed first, so that the transaction needs a new one while the database refuses.
TEST_F(PostgreSQLOnlyReconnect, ADatabaseThatAcceptedConnectionsBeforeIsWaitedForWithoutSpendingRetries) {
    refusing->pool().close_idle_to(server_of(*refusing));
    allow_connections(false);
    std::vector<orm::RetryEvent> waits;
    orm::TransactionOptions options{.max_retries = 0, .backoff_base = 1ms};
    options.on_retry = [&](const orm::RetryEvent& event) {
        waits.push_back(event);
        if (waits.size() == 3) {
            allow_connections(true);
        }
    };
    const int attempt = orm::run_transaction(
        *refusing,
        [](orm::Session& session) {
            session.add(Ledger{.id = orm::uuid::random(), .amount = 1});
            return session.attempt();
        },
        options);
    EXPECT_EQ(attempt, 1) << "waiting for a connection ran no callback";
    ASSERT_EQ(waits.size(), 3u);
    for (const orm::RetryEvent& wait : waits) {
        EXPECT_EQ(wait.reason, orm::RetryReason::cannot_connect);
        EXPECT_EQ(wait.attempt, 1);
        EXPECT_THAT(wait.message, HasSubstr("not currently accepting connections"));
    }
}

TEST_F(PostgreSQLOnlyReconnect, GivesUpAtTheConnectDeadlineWithOneClearError) {
    orm::Database impatient(url_of_database(roachorm_test::server_url(), name) + "&connect_deadline_ms=300");
    impatient.connect();  // it was reachable
    allow_connections(false);
    int waits = 0;
    int calls = 0;
    orm::TransactionOptions options;
    options.on_retry = [&](const orm::RetryEvent& event) {
        EXPECT_EQ(event.reason, orm::RetryReason::cannot_connect);
        ++waits;
    };
    const auto start = Clock::now();
    try {
        orm::run_transaction(
            impatient, [&](orm::Session&) { ++calls; }, options);
        FAIL() << "expected orm::ConnectFailedError";
    } catch (const orm::ConnectFailedError& error) {
        EXPECT_THAT(error.what(), HasSubstr("within the connect deadline of 300 ms"));
        EXPECT_THAT(error.what(), HasSubstr("not currently accepting connections"));
    }
    EXPECT_GE(Clock::now() - start, 300ms);
    EXPECT_LT(Clock::now() - start, 10s) << "generous: only a wait that ignores the deadline reaches it";
    EXPECT_GE(waits, 1);
    EXPECT_EQ(calls, 0);
}

// A lost connection makes the pool close its idle connections to the same server: they would likely fail too.
TEST_F(PostgreSQLOnlyReconnect, ALostConnectionClosesThePoolsIdleConnectionsToTheSameServer) {
    {
        std::vector<orm::ConnectionPool::Lease> leases;
        for (int i = 0; i < 3; ++i) {
            leases.push_back(refusing->pool().acquire());
        }
    }
    ASSERT_EQ(refusing->pool().idle_count(), 3u);
    std::vector<orm::RetryEvent> retries;
    orm::TransactionOptions options{.backoff_base = 1ms};
    options.on_retry = [&](const orm::RetryEvent& event) { retries.push_back(event); };
    orm::run_transaction(
        *refusing,
        [&](orm::Session& session) {
            if (session.attempt() == 1) {
                terminate_backend(backend_pid(session));
            }
            session.add(Ledger{.id = orm::uuid::random(), .amount = 1});
        },
        options);
    ASSERT_EQ(retries.size(), 1u);
    EXPECT_EQ(retries[0].reason, orm::RetryReason::connection_lost);
    EXPECT_EQ(refusing->pool().open_count(), 1u) << "the two idle connections to the same server were kept";
}

TEST_F(PostgreSQLOnlyFaults, ServerRestartDuringTransfersLosesNoAcknowledgedCommitAndAppliesNoFailedOne) {
    ASSERT_EQ(database->dialect().kind(), orm::DialectKind::postgresql) << kNotPostgreSQL;
    const char* control_env = std::getenv("ROACHORM_TEST_SERVER_CONTROL");
    ASSERT_TRUE(control_env != nullptr && *control_env != '\0')
        << "ROACHORM_TEST_SERVER_CONTROL is not set: run the suite through ./scripts/test (or scripts/db postgresql "
           "-- ...), whose throwaway PostgreSQL this test restarts";
    const std::string restart_command = std::string("'") + control_env + "' restart >/dev/null";

    constexpr int kAccounts = 8;
    constexpr std::int64_t kBalance = 1000;
    constexpr int kSuccessesBeforeRestart = 20;  // in all threads together
    constexpr int kAfterRestart = 1;             // the workload's phase once the restart is done
    const auto ids = create_accounts(*connection, kAccounts, kBalance);
    const orm::TransactionOptions options{.max_retries = 20, .backoff_base = 20ms, .backoff_cap = 500ms};

    std::optional<TransferTally> tally;
    {
        TransferWorkload workload(*database, ids,
                                  {.threads = 4,
                                   .last_phase = kAfterRestart,
                                   .successes_in_last_phase = 20,  // per thread
                                   .max_transfers_per_thread = 20'000,
                                   .deadline = Clock::now() + 90s,  // bounds the whole test, whatever the server does
                                   .options = options});
        ASSERT_TRUE(workload.wait_for_successes(kSuccessesBeforeRestart))
            << "the transfers did not get going before the deadline";
        const int restart_status = std::system(restart_command.c_str());
        workload.advance_phase();
        ASSERT_EQ(restart_status, 0) << "'" << restart_command << "' failed";
        workload.join();

        connection = database->connect();  // the fixture's connection died with the restart
        tally.emplace(workload.results(), *connection, ids, kBalance);
        tally->print(std::cout, "server restart", "restart", kAfterRestart, workload);
        EXPECT_EQ(workload.successes(), tally->succeeded);
        EXPECT_EQ(tally->failed, 0) << "a transfer failed although the server was back within the connect deadline";
        EXPECT_GT(workload.lost_connection_retries() + workload.connection_waits() + tally->failed + tally->ambiguous,
                  0)
            << "the restart disturbed no transaction: the fault paths did not run";
    }
    EXPECT_GT(tally->succeeded_in_phase[kAfterRestart], 0) << "no transfer succeeded after the restart";

    // The same Database, never recreated, runs a transfer again.
    const orm::uuid healed_id = orm::uuid::random();
    EXPECT_NO_THROW(orm::run_transaction(
        *database,
        [&](orm::Session& session) {
            session.get<models::Account>(ids[0])->balance -= 1;
            session.get<models::Account>(ids[1])->balance += 1;
            session.add(Ledger{.id = healed_id, .from_account = ids[0], .to_account = ids[1], .amount = 1});
        },
        options));
    EXPECT_TRUE(orm::table::find<Ledger>(*connection, healed_id).has_value());
}

TEST_F(PostgreSQLOnlyFaults, StatementTimeoutFailsTheTransactionAndLeavesItsConnectionUsable) {
    ASSERT_EQ(database->dialect().kind(), orm::DialectKind::postgresql) << kNotPostgreSQL;
    const std::string server_default = query_value(*connection, "SHOW statement_timeout");
    ASSERT_NE(server_default, "100ms");
    int calls = 0;
    std::int32_t failed_pid = 0;

    try {
        orm::run_transaction(*database, [&](orm::Session& session) {
            ++calls;
            failed_pid = backend_pid(session);
            session.execute("SET statement_timeout = 100");
            session.execute("SELECT pg_sleep(2)");
        });
        FAIL() << "expected orm::DatabaseError 57014";
    } catch (const orm::DatabaseError& error) {
        EXPECT_EQ(error.sqlstate(), "57014") << error.what();
        EXPECT_EQ(error.statement(), "SELECT pg_sleep(2)");
    }
    EXPECT_EQ(calls, 1) << "a statement timeout is not retryable";

    const auto [pid, timeout] = orm::run_transaction(*database, [](orm::Session& session) {
        return std::pair{backend_pid(session),
                         std::get<0>(session.select<std::string>("SHOW statement_timeout").at(0))};
    });
    EXPECT_EQ(pid, failed_pid) << "the connection should have gone back to the pool, not been closed";
    EXPECT_EQ(timeout, server_default) << "the SET was rolled back with the failed transaction";
    EXPECT_EQ(database->pool().open_count(), 1u);
}

}  // namespace
