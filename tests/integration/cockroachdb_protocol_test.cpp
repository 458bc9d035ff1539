// The cockroachdb dialect's transaction protocol (BEGIN; SAVEPOINT cockroach_restart ... RELEASE SAVEPOINT
// cockroach_restart; COMMIT, ROLLBACK TO SAVEPOINT cockroach_restart to retry) run by run_transaction on a real server.
//
// This proves the client side of CockroachDB's savepoint retry protocol on PostgreSQL, which runs the same SQL: the
// statements sent, the number of attempts, that every attempt is one transaction on one connection, that only the
// last attempt's effects land, the retry limit, and which failures are ambiguous commits. It does NOT prove
// CockroachDB's own conflict detection, nor what CockroachDB's RELEASE returns: the retry requests here come from a
// plpgsql function that raises SQLSTATE 40001 on its first calls, and PostgreSQL's RELEASE commits nothing (the
// COMMIT after it does). Tables are created through the PostgreSQL dialect; only the transactions use the
// cockroachdb dialect, through a second Database whose URL says cockroachdb://. Every statement the callbacks send
// is valid on both servers (no UPSERT). It needs plpgsql, triggers and pg_terminate_backend, hence PostgreSQLOnly.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <memory>
#include <stop_token>
#include <string>
#include <string_view>
#include <thread>
#include <tuple>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "backend_faults.hpp"
#include "test_server.hpp"

namespace {

using namespace std::chrono_literals;
using roachorm_test::query_value;
using ::testing::Each;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;

struct ProtocolRow {
    static constexpr std::string_view table_name = "protocol_rows";
    std::int64_t id = 0;
    std::int64_t attempt = 0;
};

// The protocol's statements, each sent on its own: BEGIN and SAVEPOINT travel with the first statement, RELEASE and
// COMMIT with the last writes.
constexpr const char* kBegin = "BEGIN TRANSACTION ISOLATION LEVEL SERIALIZABLE";
constexpr const char* kSavepoint = "SAVEPOINT cockroach_restart";
constexpr const char* kRewind = "ROLLBACK TO SAVEPOINT cockroach_restart";
constexpr const char* kRelease = "RELEASE SAVEPOINT cockroach_restart";
constexpr const char* kCommit = "COMMIT";
constexpr const char* kNotRun = " (failed: not run: an earlier statement in its pipeline failed)";

constexpr const char* kWhoAmI = "SELECT pg_backend_pid(), pg_current_xact_id()::text";
constexpr const char* kInsert = "INSERT INTO protocol_rows (id, attempt) VALUES ($1, $2)";
// Raises 40001 ("restart transaction: ...", as CockroachDB words a retry request) on the server's first $1 calls.
constexpr const char* kMaybeRestart = "SELECT protocol_restart_first($1)";

constexpr const char* kNotPostgreSQL =
    "PostgreSQLOnly suites need PostgreSQL (plpgsql, triggers, pg_terminate_backend); scripts/test runs them only "
    "against the throwaway PostgreSQL";

// The test URL with the cockroachdb:// scheme: the same server, spoken to with the cockroachdb dialect.
std::string cockroachdb_url(const std::string& url) {
    const std::size_t scheme_end = url.find("://");
    return scheme_end == std::string::npos ? url : "cockroachdb" + url.substr(scheme_end);
}

class PostgreSQLOnlyCockroachDBProtocol : public roachorm_test::ServerTest<ProtocolRow> {
protected:
    void SetUp() override {
        ServerTest::SetUp();
        if (HasFatalFailure()) {
            return;
        }
        ASSERT_EQ(database->dialect().kind(), orm::DialectKind::postgresql) << kNotPostgreSQL;
        drop_server_objects(*connection);
        // A sequence, because nextval is never rolled back: ROLLBACK TO SAVEPOINT would undo a counter table.
        connection->execute_unprepared("CREATE SEQUENCE protocol_calls");
        connection->execute_unprepared(
            "CREATE FUNCTION protocol_restart_first(failures INT8) RETURNS INT8 LANGUAGE plpgsql AS $$ "
            "DECLARE call INT8 := nextval('protocol_calls'); BEGIN "
            "IF call <= failures THEN "
            "RAISE EXCEPTION 'restart transaction: forced by the test (call %)', call USING ERRCODE = '40001'; "
            "END IF; RETURN call; END $$");
        cockroach = std::make_unique<orm::Database>(
            cockroachdb_url(roachorm_test::server_url()),
            orm::DatabaseOptions{.echo = true, .log_sink = [this](std::string_view line) {
                                     if (!line.starts_with(orm::StatementLog::kEventPrefix)) {
                                         lines.emplace_back(line);
                                     }
                                 }});
        ASSERT_EQ(cockroach->dialect().kind(), orm::DialectKind::cockroachdb);
    }

    void TearDown() override {
        cockroach.reset();
        if (database) {
            drop_server_objects(*database->connect());
        }
        ServerTest::TearDown();
    }

    static void drop_server_objects(orm::Connection& on) {
        on.execute_unprepared("DROP TABLE IF EXISTS protocol_commit_hook");  // drops its trigger with it
        on.execute_unprepared("DROP FUNCTION IF EXISTS protocol_at_commit()");
        on.execute_unprepared("DROP FUNCTION IF EXISTS protocol_restart_first(INT8)");
        on.execute_unprepared("DROP SEQUENCE IF EXISTS protocol_calls");
    }

    static orm::TransactionOptions fast_retries(int max_retries) {
        return orm::TransactionOptions{.max_retries = max_retries, .backoff_base = 1ms, .backoff_cap = 5ms};
    }

    // How many times protocol_restart_first ran, whatever became of the transactions that called it.
    std::int64_t restart_function_calls() {
        return std::stoll(
            query_value(*connection, "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM protocol_calls"));
    }

    std::vector<ProtocolRow> committed_rows() {
        std::vector<ProtocolRow> rows = orm::table::select_all<ProtocolRow>(*connection);
        std::sort(rows.begin(), rows.end(), [](const ProtocolRow& a, const ProtocolRow& b) { return a.id < b.id; });
        return rows;
    }

    // Each echoed statement, as "[attempt N] SQL" when `labelled`, with " (failed: SQLSTATE)" when it failed.
    std::vector<std::string> statements(bool labelled = false) const {
        std::vector<std::string> found;
        for (const std::string& line : lines) {
            const std::size_t open = line.find("[attempt ");
            const std::string label =
                labelled && open != std::string::npos ? line.substr(open, line.find(']', open) - open + 2) : "";
            found.push_back(label + line.substr(line.find(" ms ") + 4));
        }
        return found;
    }

    std::vector<std::string> transaction_control() const {
        std::vector<std::string> control;
        for (const std::string& statement : statements()) {
            for (const char* verb : {"BEGIN", "SAVEPOINT", "ROLLBACK", "RELEASE", "COMMIT"}) {
                if (statement.starts_with(verb)) {
                    control.push_back(statement);
                    break;
                }
            }
        }
        return control;
    }

    void terminate_backend(std::int32_t pid) {
        ASSERT_EQ(query_value(*connection, "SELECT pg_terminate_backend($1, 10000)", {std::to_string(pid)}), "t")
            << "backend " << pid << " was not terminated";
    }

    // A transaction through the cockroachdb dialect after a fault: the pool hands out a working connection.
    std::string pool_answers() {
        return orm::run_transaction(*cockroach, [](orm::Session& session) {
            return std::get<0>(session.select<std::string>("SELECT 'healed'").at(0));
        });
    }

    std::vector<std::string> lines;            // what the cockroachdb Database echoed
    std::unique_ptr<orm::Database> cockroach;  // the same server, through the cockroachdb dialect
};

std::int32_t backend_pid(orm::Session& session) {
    return std::get<0>(session.select<std::int32_t>("SELECT pg_backend_pid()").at(0));
}

TEST_F(PostgreSQLOnlyCockroachDBProtocol, RetriesRewindToTheSavepointOnOneConnectionInsideOneTransaction) {
    constexpr int failures = 3;
    std::vector<std::int32_t> pids;
    std::vector<std::string> transaction_ids;
    int calls = 0;

    const int committed_attempt = orm::run_transaction(
        *cockroach,
        [&](orm::Session& session) {
            ++calls;
            const auto [pid, transaction_id] = session.select<std::int32_t, std::string>(kWhoAmI).at(0);
            pids.push_back(pid);
            transaction_ids.push_back(transaction_id);
            // The same key every attempt: a write an earlier attempt left behind would be a duplicate key here.
            session.execute(kInsert, std::int64_t{1}, std::int64_t{session.attempt()});
            session.select<std::int64_t>(kMaybeRestart, std::int64_t{failures});
            return session.attempt();
        },
        fast_retries(5));

    EXPECT_EQ(calls, failures + 1);
    EXPECT_EQ(committed_attempt, failures + 1);
    ASSERT_EQ(pids.size(), static_cast<std::size_t>(failures + 1));
    EXPECT_THAT(pids, Each(pids[0])) << "every attempt must run on the first attempt's connection";
    EXPECT_THAT(transaction_ids, Each(transaction_ids[0]))
        << "ROLLBACK TO SAVEPOINT keeps the transaction: every attempt must see the same top-level transaction id";

    std::vector<std::string> expected;
    for (int attempt = 1; attempt <= failures + 1; ++attempt) {
        const std::string label = "[attempt " + std::to_string(attempt) + "] ";
        if (attempt == 1) {
            expected.push_back(label + kBegin);
            expected.push_back(label + kSavepoint);
        }
        expected.push_back(label + kWhoAmI);
        expected.push_back(label + kInsert);
        if (attempt <= failures) {
            expected.push_back(label + kMaybeRestart + " (failed: 40001)");
            expected.push_back(label + kRewind);
        } else {
            expected.push_back(label + kMaybeRestart);
            expected.push_back(label + kRelease);
            expected.push_back(label + kCommit);
        }
    }
    EXPECT_THAT(statements(/*labelled=*/true), ElementsAreArray(expected));
}

TEST_F(PostgreSQLOnlyCockroachDBProtocol, EveryAttemptWritesButOnlyTheLastAttemptsRowsLand) {
    constexpr int failures = 2;
    int calls = 0;
    std::vector<std::int64_t> rows_seen_by_attempt;

    orm::run_transaction(
        *cockroach,
        [&](orm::Session& session) {
            ++calls;
            session.add(ProtocolRow{.id = 1, .attempt = session.attempt()});  // the ORM's INSERT, at the flush
            session.execute(kInsert, std::int64_t{2}, std::int64_t{session.attempt()});
            rows_seen_by_attempt.push_back(
                std::get<0>(session.select<std::int64_t>("SELECT count(*) FROM protocol_rows").at(0)));
            session.select<std::int64_t>(kMaybeRestart, std::int64_t{failures});
        },
        fast_retries(5));

    EXPECT_EQ(calls, failures + 1);
    EXPECT_THAT(rows_seen_by_attempt, ElementsAre(2, 2, 2))
        << "each attempt sees its own two rows and none of an earlier attempt's";
    const std::vector<ProtocolRow> rows = committed_rows();
    ASSERT_EQ(rows.size(), 2u) << "exactly the last attempt's rows, once";
    EXPECT_EQ(rows[0].id, 1);
    EXPECT_EQ(rows[0].attempt, failures + 1);
    EXPECT_EQ(rows[1].id, 2);
    EXPECT_EQ(rows[1].attempt, failures + 1);
    EXPECT_EQ(restart_function_calls(), failures + 1) << "the function ran once per attempt";
    for (const std::string& statement : statements()) {
        EXPECT_FALSE(statement.starts_with("UPSERT")) << "UPSERT is CockroachDB's alone";
    }
}

TEST_F(PostgreSQLOnlyCockroachDBProtocol, RetryLimitExceededAfterMaxRetriesPlusOneAttemptsAndNothingLands) {
    constexpr int max_retries = 2;
    int calls = 0;
    std::vector<int> retried_attempts;
    orm::TransactionOptions options = fast_retries(max_retries);
    options.on_retry = [&](const orm::RetryEvent& event) { retried_attempts.push_back(event.attempt); };

    try {
        orm::run_transaction(
            *cockroach,
            [&](orm::Session& session) {
                ++calls;
                session.execute(kInsert, std::int64_t{1}, std::int64_t{session.attempt()});
                session.select<std::int64_t>(kMaybeRestart, std::int64_t{100});  // fails far more often than allowed
            },
            options);
        FAIL() << "expected orm::RetryLimitExceeded";
    } catch (const orm::RetryLimitExceeded& error) {
        EXPECT_EQ(error.attempts(), max_retries + 1);
        try {
            std::rethrow_exception(error.last_error());
        } catch (const orm::DatabaseError& cause) {
            EXPECT_EQ(cause.sqlstate(), "40001");
        }
    }

    EXPECT_EQ(calls, max_retries + 1);
    EXPECT_THAT(retried_attempts, ElementsAre(1, 2));
    EXPECT_EQ(restart_function_calls(), max_retries + 1);
    EXPECT_TRUE(committed_rows().empty());
    const std::vector<std::string> control = transaction_control();
    ASSERT_FALSE(control.empty());
    EXPECT_EQ(control.front(), kBegin);
    EXPECT_EQ(std::count(control.begin(), control.end(), kBegin), 1) << "one transaction for all attempts";
    EXPECT_EQ(std::count(control.begin(), control.end(), kCommit), 0);
    EXPECT_GE(std::count(control.begin(), control.end(), kRewind), max_retries);
    EXPECT_EQ(control.back(), "ROLLBACK") << "giving up ends the transaction";
    EXPECT_EQ(pool_answers(), "healed");
}

// PostgreSQL refuses to RELEASE a savepoint that is gone (3B001): a deterministic server error from the RELEASE of
// the commit message. The cockroachdb dialect takes any error there but a retry request as an unknown outcome,
// since on CockroachDB the RELEASE is the commit.
TEST_F(PostgreSQLOnlyCockroachDBProtocol, ServerErrorFromReleaseIsAnAmbiguousCommitAndIsNotRetried) {
    int calls = 0;
    std::vector<orm::RetryEvent> retries;
    orm::TransactionOptions options = fast_retries(3);
    options.on_retry = [&](const orm::RetryEvent& event) { retries.push_back(event); };

    try {
        orm::run_transaction(
            *cockroach,
            [&](orm::Session& session) {
                ++calls;
                session.execute(kInsert, std::int64_t{1}, std::int64_t{1});
                session.execute("RELEASE SAVEPOINT cockroach_restart");
            },
            options);
        FAIL() << "expected orm::AmbiguousCommitError, but the transaction committed";
    } catch (const orm::AmbiguousCommitError& error) {
        EXPECT_THAT(error.what(), HasSubstr("3B001"));
        EXPECT_THAT(error.what(), HasSubstr("may or may not have been applied"));
    }
    EXPECT_EQ(calls, 1) << "a commit with an unknown outcome must never run again";
    EXPECT_TRUE(retries.empty());
    EXPECT_THAT(transaction_control(),
                ElementsAre(kBegin, kSavepoint, kRelease, kRelease + std::string(" (failed: 3B001)"),
                            kCommit + std::string(kNotRun), "ROLLBACK"));
    EXPECT_TRUE(committed_rows().empty()) << "in fact the failed RELEASE kept COMMIT from running";
    EXPECT_EQ(pool_answers(), "healed");
    EXPECT_EQ(cockroach->pool().open_count(), 1u) << "the rolled-back connection is reused";
}

// A deferred constraint trigger runs at COMMIT, which travels in the same message as the RELEASE, and sleeps there
// so that its backend can be killed while the commit message is in flight.
TEST_F(PostgreSQLOnlyCockroachDBProtocol, ConnectionLostWhileTheCommitMessageRunsIsAnAmbiguousCommit) {
    connection->execute_unprepared("CREATE TABLE protocol_commit_hook (id INT8 PRIMARY KEY)");
    connection->execute_unprepared(
        "CREATE FUNCTION protocol_at_commit() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN PERFORM pg_sleep(3); RETURN NULL; END $$");
    connection->execute_unprepared(
        "CREATE CONSTRAINT TRIGGER protocol_at_commit AFTER INSERT ON protocol_commit_hook DEFERRABLE "
        "INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION protocol_at_commit()");
    const std::unique_ptr<orm::Connection> watcher = database->connect();
    std::string killer_report = "the killer never started";
    int calls = 0;
    std::jthread killer;  // last, so that an early return stops and joins it before what it uses goes away

    try {
        orm::run_transaction(
            *cockroach,
            [&](orm::Session& session) {
                ++calls;
                const std::int32_t pid = backend_pid(session);
                session.execute("INSERT INTO protocol_commit_hook (id) VALUES ($1)", std::int64_t{1});
                if (killer.joinable()) {
                    return;
                }
                killer = std::jthread([&, pid](const std::stop_token& stop) {
                    killer_report = roachorm_test::kill_during_commit(*watcher, pid, stop);
                });
            },
            fast_retries(3));
        FAIL() << "expected orm::AmbiguousCommitError, but the transaction committed";
    } catch (const orm::AmbiguousCommitError& error) {
        EXPECT_THAT(error.what(), HasSubstr("lost while committing"));
    }
    killer.join();
    EXPECT_EQ(killer_report, "");
    EXPECT_EQ(calls, 1);
    EXPECT_THAT(transaction_control(), ElementsAre(kBegin, kSavepoint, kRelease,
                                                   std::string(kCommit) + " (failed: connection lost (" +
                                                       cockroach->connect()->server() + "))"));
    EXPECT_EQ(query_value(*connection, "SELECT count(*) FROM protocol_commit_hook"), "0")
        << "PostgreSQL aborts a transaction whose backend dies before its commit record";
    EXPECT_EQ(pool_answers(), "healed");
    EXPECT_EQ(cockroach->pool().open_count(), 1u) << "the connection lost during the commit must be closed";
}

// A backend that is gone before the commit message is sent cannot have committed: the next attempt runs on a fresh
// connection, so it begins a new transaction instead of rewinding to a savepoint that died with the old one.
TEST_F(PostgreSQLOnlyCockroachDBProtocol, ConnectionLostBeforeReleaseIsRetriedInANewTransaction) {
    std::vector<std::int32_t> pids;
    std::vector<orm::RetryEvent> retries;
    orm::TransactionOptions options = fast_retries(3);
    options.on_retry = [&](const orm::RetryEvent& event) { retries.push_back(event); };

    orm::run_transaction(
        *cockroach,
        [&](orm::Session& session) {
            pids.push_back(backend_pid(session));
            session.add(ProtocolRow{.id = 1, .attempt = session.attempt()});
            session.flush();
            if (session.attempt() == 1) {
                terminate_backend(pids.back());  // the next statement this connection would send is the RELEASE
            }
        },
        options);

    ASSERT_EQ(pids.size(), 2u);
    EXPECT_NE(pids[0], pids[1]);
    ASSERT_EQ(retries.size(), 1u);
    EXPECT_EQ(retries[0].sqlstate, "") << "a lost connection has no SQLSTATE";
    EXPECT_THAT(transaction_control(), ElementsAre(kBegin, kSavepoint, kBegin, kSavepoint, kRelease, kCommit))
        << "no RELEASE or rewind on the dead one";
    const std::vector<ProtocolRow> rows = committed_rows();
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].attempt, 2);
}

// On CockroachDB a retry request can come from the RELEASE itself, which leaves the savepoint in place to rewind to.
// PostgreSQL's RELEASE runs no user code, so it cannot raise one; the nearest is a deferred trigger that raises it
// from the COMMIT sent in the same message. A failed COMMIT has ended the transaction, savepoint and all, so the
// retry must begin a new transaction rather than give up with the rewind's own error.
TEST_F(PostgreSQLOnlyCockroachDBProtocol, RetryRequestFromTheCommitMessageIsRetriedInANewTransaction) {
    connection->execute_unprepared("CREATE TABLE protocol_commit_hook (id INT8 PRIMARY KEY)");
    connection->execute_unprepared(
        "CREATE FUNCTION protocol_at_commit() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN PERFORM protocol_restart_first(1); RETURN NULL; END $$");
    connection->execute_unprepared(
        "CREATE CONSTRAINT TRIGGER protocol_at_commit AFTER INSERT ON protocol_commit_hook DEFERRABLE "
        "INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION protocol_at_commit()");
    std::vector<std::string> transaction_ids;
    std::vector<orm::RetryEvent> retries;
    orm::TransactionOptions options = fast_retries(3);
    options.on_retry = [&](const orm::RetryEvent& event) { retries.push_back(event); };

    orm::run_transaction(
        *cockroach,
        [&](orm::Session& session) {
            transaction_ids.push_back(std::get<1>(session.select<std::int32_t, std::string>(kWhoAmI).at(0)));
            session.execute("INSERT INTO protocol_commit_hook (id) VALUES ($1)", std::int64_t{session.attempt()});
        },
        options);

    ASSERT_EQ(retries.size(), 1u);
    EXPECT_EQ(retries[0].sqlstate, "40001");
    ASSERT_EQ(transaction_ids.size(), 2u);
    EXPECT_NE(transaction_ids[0], transaction_ids[1]) << "the failed COMMIT ended the first transaction";
    EXPECT_EQ(query_value(*connection, "SELECT string_agg(id::text, ',') FROM protocol_commit_hook"), "2");
    EXPECT_EQ(cockroach->pool().open_count(), 1u);
}

// A callback that releases the restart savepoint itself breaks the protocol: a retry request after that finds no
// savepoint to rewind to. The transaction is rolled back and begun anew, and the pool never gets back a connection
// stuck in a failed transaction.
TEST_F(PostgreSQLOnlyCockroachDBProtocol, RetryRequestAfterTheCallbackReleasedTheSavepointBeginsANewTransaction) {
    int calls = 0;
    orm::run_transaction(
        *cockroach,
        [&](orm::Session& session) {
            ++calls;
            session.execute(kInsert, std::int64_t{1}, std::int64_t{session.attempt()});
            if (session.attempt() == 1) {
                session.execute("RELEASE SAVEPOINT cockroach_restart");
            }
            session.select<std::int64_t>(kMaybeRestart, std::int64_t{1});
        },
        fast_retries(3));

    EXPECT_EQ(calls, 2);
    EXPECT_THAT(transaction_control(),
                ElementsAre(kBegin, kSavepoint, kRelease, kRewind + std::string(" (failed: 3B001)"), "ROLLBACK", kBegin,
                            kSavepoint, kRelease, kCommit));
    const std::vector<ProtocolRow> rows = committed_rows();
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].attempt, 2);
    EXPECT_EQ(pool_answers(), "healed");
}

}  // namespace
