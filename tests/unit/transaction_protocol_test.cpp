// Golden text of each dialect's transaction protocol, and which SQLSTATEs each treats as retryable or as an
// ambiguous commit ("dry" tests: no server). run_transaction sends these strings as they are, one simple-query
// message each, so a change here is a change on the wire.
#include <chrono>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include <orm/error.hpp>

#include <dialect/dialect.hpp>
#include <orm/transaction_options.hpp>
#include <orm/url.hpp>

namespace {

const orm::dialect::Dialect& pg() {
    return orm::dialect::postgresql();
}
const orm::dialect::Dialect& crdb() {
    return orm::dialect::cockroachdb();
}

const orm::TransactionMode read_write{};
const orm::TransactionMode read_only{.read_only = true};

orm::TransactionMode historical(orm::HistoricalTime time) {
    return orm::TransactionOptions{.as_of = time}.mode();
}

// ---- PostgreSQL: SERIALIZABLE (not its READ COMMITTED default); a retry rolls back and begins again ----

TEST(PostgresqlTransactionProtocol, BeginIsSerializable) {
    EXPECT_EQ(pg().begin_transaction(read_write), "BEGIN ISOLATION LEVEL SERIALIZABLE");
}

TEST(PostgresqlTransactionProtocol, ReadOnlyBeginIsSerializableReadOnly) {
    EXPECT_EQ(pg().begin_transaction(read_only), "BEGIN ISOLATION LEVEL SERIALIZABLE READ ONLY");
}

TEST(PostgresqlTransactionProtocol, CommitIsCommit) {
    EXPECT_EQ(pg().commit_transaction(read_write), "COMMIT");
}

TEST(PostgresqlTransactionProtocol, RestartRollsBackAndEndsTheTransaction) {
    EXPECT_EQ(pg().restart_transaction(read_write), "ROLLBACK");
    EXPECT_FALSE(pg().restart_keeps_transaction(read_write));
}

TEST(PostgresqlTransactionProtocol, RollbackIsRollback) {
    EXPECT_EQ(pg().rollback_transaction(), "ROLLBACK");
}

TEST(PostgresqlTransactionProtocol, RefusesCockroachdbOnlyModesInsteadOfIgnoringThem) {
    try {
        pg().begin_transaction(historical(orm::HistoricalTime::follower_read()));
        FAIL() << "expected orm::Error";
    } catch (const orm::Error& error) {
        EXPECT_NE(std::string(error.what()).find("only CockroachDB has"), std::string::npos) << error.what();
    }
    try {
        pg().begin_transaction({.priority = orm::TransactionPriority::high});
        FAIL() << "expected orm::Error";
    } catch (const orm::Error& error) {
        EXPECT_NE(std::string(error.what()).find("PostgreSQL has none"), std::string::npos) << error.what();
    }
}

// ---- CockroachDB: the client-side retry protocol around SAVEPOINT cockroach_restart ----

TEST(CockroachdbTransactionProtocol, BeginSetsTheRestartSavepointInTheSameMessage) {
    EXPECT_EQ(crdb().begin_transaction(read_write), "BEGIN; SAVEPOINT cockroach_restart");
}

TEST(CockroachdbTransactionProtocol, ReadOnlyBeginSetsTheRestartSavepointToo) {
    EXPECT_EQ(crdb().begin_transaction(read_only), "BEGIN TRANSACTION READ ONLY; SAVEPOINT cockroach_restart");
}

TEST(CockroachdbTransactionProtocol, CommitReleasesTheSavepointThenCommits) {
    EXPECT_EQ(crdb().commit_transaction(read_write), "RELEASE SAVEPOINT cockroach_restart; COMMIT");
}

TEST(CockroachdbTransactionProtocol, RestartRewindsToTheSavepointAndKeepsTheTransaction) {
    EXPECT_EQ(crdb().restart_transaction(read_write), "ROLLBACK TO SAVEPOINT cockroach_restart");
    EXPECT_TRUE(crdb().restart_keeps_transaction(read_write));
}

TEST(CockroachdbTransactionProtocol, PriorityIsATransactionModeOfBegin) {
    EXPECT_EQ(crdb().begin_transaction({.priority = orm::TransactionPriority::high}),
              "BEGIN TRANSACTION PRIORITY HIGH; SAVEPOINT cockroach_restart");
    EXPECT_EQ(crdb().begin_transaction({.read_only = true, .priority = orm::TransactionPriority::low}),
              "BEGIN TRANSACTION PRIORITY LOW, READ ONLY; SAVEPOINT cockroach_restart");
    EXPECT_EQ(crdb().begin_transaction({.priority = orm::TransactionPriority::normal}),
              "BEGIN TRANSACTION PRIORITY NORMAL; SAVEPOINT cockroach_restart");
}

TEST(CockroachdbTransactionProtocol, HistoricalReadBeginsAsOfSystemTimeWithoutTheRestartSavepoint) {
    const orm::TransactionMode follower = historical(orm::HistoricalTime::follower_read());
    EXPECT_TRUE(follower.read_only);
    EXPECT_EQ(crdb().begin_transaction(follower), "BEGIN TRANSACTION AS OF SYSTEM TIME follower_read_timestamp()");
    EXPECT_EQ(crdb().commit_transaction(follower), "COMMIT");
    // Rewinding to a savepoint would lose the historical timestamp: a retry begins again.
    EXPECT_EQ(crdb().restart_transaction(follower), "ROLLBACK");
    EXPECT_FALSE(crdb().restart_keeps_transaction(follower));
}

TEST(CockroachdbTransactionProtocol, HistoricalTimesAreSpelledFromTypedValues) {
    using namespace std::chrono;
    EXPECT_EQ(crdb().begin_transaction(historical(orm::HistoricalTime::ago(seconds(10)))),
              "BEGIN TRANSACTION AS OF SYSTEM TIME '-10000000us'");
    const orm::timestamp noon = sys_days(year(2026) / 11 / 22) + hours(12) + microseconds(5);
    EXPECT_EQ(crdb().begin_transaction(historical(orm::HistoricalTime::at(noon))),
              "BEGIN TRANSACTION AS OF SYSTEM TIME '2026-11-22 12:00:00.000005+00:00'");
    EXPECT_EQ(crdb().begin_transaction(orm::TransactionOptions{.priority = orm::TransactionPriority::high,
                                                               .as_of = orm::HistoricalTime::follower_read()}
                                           .mode()),
              "BEGIN TRANSACTION PRIORITY HIGH, AS OF SYSTEM TIME follower_read_timestamp()");
}

TEST(CockroachdbTransactionProtocol, RollbackIsRollback) {
    EXPECT_EQ(crdb().rollback_transaction(), "ROLLBACK");
}

// ---- SQLSTATE classification ----

struct Classification {
    std::string_view sqlstate;
    bool retryable;
    bool ambiguous_commit;
};

void expect_classification(const orm::dialect::Dialect& dialect, const Classification& expected) {
    SCOPED_TRACE(std::string(dialect.name()) + " " + std::string(expected.sqlstate));
    EXPECT_EQ(dialect.is_retryable(expected.sqlstate), expected.retryable);
    EXPECT_EQ(dialect.commit_failure_is_ambiguous(expected.sqlstate), expected.ambiguous_commit);
}

// 40001 serialization_failure, 40P01 deadlock_detected, 40003 statement_completion_unknown,
// 23505 unique_violation, 57014 query_canceled.
TEST(PostgresqlTransactionProtocol, SqlstateClassification) {
    // Both serialization failures and deadlocks are resolved by running the transaction again; a failed COMMIT
    // was not applied unless the server says the outcome is unknown (40003).
    for (const Classification& expected : {
             Classification{"40001", true, false},
             Classification{"40P01", true, false},
             Classification{"40003", false, true},
             Classification{"23505", false, false},
             Classification{"57014", false, false},
         }) {
        expect_classification(pg(), expected);
    }
}

TEST(CockroachdbTransactionProtocol, SqlstateClassification) {
    // CockroachDB reports every retryable condition as 40001. RELEASE is where it commits, so any other error
    // there leaves the outcome unknown: everything but 40001 is an ambiguous commit failure.
    for (const Classification& expected : {
             Classification{"40001", true, false},
             Classification{"40P01", false, true},
             Classification{"40003", false, true},
             Classification{"23505", false, true},
             Classification{"57014", false, true},
         }) {
        expect_classification(crdb(), expected);
    }
}

TEST(TransactionProtocol, ForKindPicksTheDialectWithThatProtocol) {
    EXPECT_EQ(&orm::dialect::for_kind(orm::DialectKind::postgresql), &pg());
    EXPECT_EQ(&orm::dialect::for_kind(orm::DialectKind::cockroachdb), &crdb());
    EXPECT_EQ(pg().kind(), orm::DialectKind::postgresql);
    EXPECT_EQ(crdb().kind(), orm::DialectKind::cockroachdb);
}

}  // namespace
