// Golden text of each dialect's transaction protocol, and which SQLSTATEs each treats as retryable or as an
// ambiguous commit ("dry" tests: no server). run_transaction sends these strings as they are, one simple-query
// message each, so a change here is a change on the wire.
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include <dialect/dialect.hpp>
#include <orm/url.hpp>

namespace {

const orm::dialect::Dialect& pg() {
    return orm::dialect::postgresql();
}
const orm::dialect::Dialect& crdb() {
    return orm::dialect::cockroachdb();
}

// ---- PostgreSQL: SERIALIZABLE (not its READ COMMITTED default); a retry rolls back and begins again ----

TEST(PostgresqlTransactionProtocol, BeginIsSerializable) {
    EXPECT_EQ(pg().begin_transaction(/*read_only=*/false), "BEGIN ISOLATION LEVEL SERIALIZABLE");
}

TEST(PostgresqlTransactionProtocol, ReadOnlyBeginIsSerializableReadOnly) {
    EXPECT_EQ(pg().begin_transaction(/*read_only=*/true), "BEGIN ISOLATION LEVEL SERIALIZABLE READ ONLY");
}

TEST(PostgresqlTransactionProtocol, CommitIsCommit) {
    EXPECT_EQ(pg().commit_transaction(), "COMMIT");
}

TEST(PostgresqlTransactionProtocol, RestartRollsBackAndEndsTheTransaction) {
    EXPECT_EQ(pg().restart_transaction(), "ROLLBACK");
    EXPECT_FALSE(pg().restart_keeps_transaction());
}

TEST(PostgresqlTransactionProtocol, RollbackIsRollback) {
    EXPECT_EQ(pg().rollback_transaction(), "ROLLBACK");
}

// ---- CockroachDB: the client-side retry protocol around SAVEPOINT cockroach_restart ----

TEST(CockroachdbTransactionProtocol, BeginSetsTheRestartSavepointInTheSameMessage) {
    EXPECT_EQ(crdb().begin_transaction(/*read_only=*/false), "BEGIN; SAVEPOINT cockroach_restart");
}

TEST(CockroachdbTransactionProtocol, ReadOnlyBeginSetsTheRestartSavepointToo) {
    EXPECT_EQ(crdb().begin_transaction(/*read_only=*/true), "BEGIN TRANSACTION READ ONLY; SAVEPOINT cockroach_restart");
}

TEST(CockroachdbTransactionProtocol, CommitReleasesTheSavepointThenCommits) {
    EXPECT_EQ(crdb().commit_transaction(), "RELEASE SAVEPOINT cockroach_restart; COMMIT");
}

TEST(CockroachdbTransactionProtocol, RestartRewindsToTheSavepointAndKeepsTheTransaction) {
    EXPECT_EQ(crdb().restart_transaction(), "ROLLBACK TO SAVEPOINT cockroach_restart");
    EXPECT_TRUE(crdb().restart_keeps_transaction());
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
