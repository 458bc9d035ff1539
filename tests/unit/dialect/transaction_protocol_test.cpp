// Golden text of each dialect's transaction protocol, and which SQLSTATEs each treats as retryable or as an
// ambiguous commit ("dry" tests: no server). run_transaction sends these strings as they are, one simple-query
// message each, so a change here is a change on the wire.
#include <chrono>
#include <set>
#include <string>
#include <string_view>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <roachorm/orm/core/error.hpp>

#include <roachorm/dialect/dialect.hpp>
#include <roachorm/orm/options/transaction_options.hpp>
#include <roachorm/orm/options/url.hpp>

namespace {

using ::testing::ElementsAre;

using ::testing::HasSubstr;

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

TEST(PostgresqlTransactionProtocol, RollbackIsRollbackAndNothingOutlivesATransaction) {
    EXPECT_EQ(pg().rollback_transaction(), "ROLLBACK");
    EXPECT_EQ(pg().reset_connection(), "") << "SET TRANSACTION lasts only as long as its transaction";
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

// Without ISOLATION LEVEL the transaction would take the session's default_transaction_isolation, which a role,
// database or connection may set to READ COMMITTED.
TEST(CockroachdbTransactionProtocol, BeginPinsSerializableAndSetsTheRestartSavepointInTheSameMessage) {
    EXPECT_EQ(crdb().begin_transaction(read_write),
              "BEGIN TRANSACTION ISOLATION LEVEL SERIALIZABLE; SAVEPOINT cockroach_restart");
}

TEST(CockroachdbTransactionProtocol, ReadOnlyBeginSetsTheRestartSavepointToo) {
    EXPECT_EQ(crdb().begin_transaction(read_only),
              "BEGIN TRANSACTION ISOLATION LEVEL SERIALIZABLE, READ ONLY; SAVEPOINT cockroach_restart");
}

// Sent one statement per message, so that they can travel in a pipeline with the transaction's first and last
// statements (a pipeline takes no multi-statement string).
TEST(CockroachdbTransactionProtocol, BeginAndCommitAreEachTwoStatementsInOrder) {
    EXPECT_THAT(crdb().begin_statements(read_write),
                ElementsAre("BEGIN TRANSACTION ISOLATION LEVEL SERIALIZABLE", "SAVEPOINT cockroach_restart"));
    EXPECT_THAT(crdb().commit_statements(read_write), ElementsAre("RELEASE SAVEPOINT cockroach_restart", "COMMIT"));
    EXPECT_THAT(
        crdb().begin_statements(read_only),
        ElementsAre("BEGIN TRANSACTION ISOLATION LEVEL SERIALIZABLE, READ ONLY", "SAVEPOINT cockroach_restart"));
}

TEST(PostgresqlTransactionProtocol, BeginAndCommitAreOneStatementEach) {
    EXPECT_THAT(pg().begin_statements(read_write), ElementsAre("BEGIN ISOLATION LEVEL SERIALIZABLE"));
    EXPECT_THAT(pg().commit_statements(read_write), ElementsAre("COMMIT"));
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
              "BEGIN TRANSACTION ISOLATION LEVEL SERIALIZABLE, PRIORITY HIGH; SAVEPOINT cockroach_restart");
    EXPECT_EQ(crdb().begin_transaction({.read_only = true, .priority = orm::TransactionPriority::low}),
              "BEGIN TRANSACTION ISOLATION LEVEL SERIALIZABLE, PRIORITY LOW, READ ONLY; SAVEPOINT cockroach_restart");
    EXPECT_EQ(crdb().begin_transaction({.priority = orm::TransactionPriority::normal}),
              "BEGIN TRANSACTION ISOLATION LEVEL SERIALIZABLE, PRIORITY NORMAL; SAVEPOINT cockroach_restart");
}

TEST(CockroachdbTransactionProtocol, HistoricalReadBeginsAsOfSystemTimeWithoutTheRestartSavepoint) {
    const orm::TransactionMode follower = historical(orm::HistoricalTime::follower_read());
    EXPECT_TRUE(follower.read_only);
    EXPECT_EQ(crdb().begin_transaction(follower),
              "BEGIN TRANSACTION ISOLATION LEVEL SERIALIZABLE, AS OF SYSTEM TIME follower_read_timestamp()");
    EXPECT_EQ(crdb().commit_transaction(follower), "COMMIT");
    // Rewinding to a savepoint would lose the historical timestamp: a retry begins again.
    EXPECT_EQ(crdb().restart_transaction(follower), "ROLLBACK");
    EXPECT_FALSE(crdb().restart_keeps_transaction(follower));
}

TEST(CockroachdbTransactionProtocol, HistoricalTimesAreSpelledFromTypedValues) {
    using namespace std::chrono;
    EXPECT_EQ(crdb().begin_transaction(historical(orm::HistoricalTime::ago(seconds(10)))),
              "BEGIN TRANSACTION ISOLATION LEVEL SERIALIZABLE, AS OF SYSTEM TIME '-10000000us'");
    const orm::timestamp noon = sys_days(year(2026) / 11 / 22) + hours(12) + microseconds(5);
    EXPECT_EQ(crdb().begin_transaction(historical(orm::HistoricalTime::at(noon))),
              "BEGIN TRANSACTION ISOLATION LEVEL SERIALIZABLE, AS OF SYSTEM TIME '2026-11-22 12:00:00.000005+00:00'");
    EXPECT_EQ(crdb().begin_transaction(orm::TransactionOptions{.priority = orm::TransactionPriority::high,
                                                               .as_of = orm::HistoricalTime::follower_read()}
                                           .mode()),
              "BEGIN TRANSACTION ISOLATION LEVEL SERIALIZABLE, PRIORITY HIGH, AS OF SYSTEM TIME "
              "follower_read_timestamp()");
}

TEST(CockroachdbTransactionProtocol, RollbackIsRollbackAndNothingOutlivesATransaction) {
    EXPECT_EQ(crdb().rollback_transaction(), "ROLLBACK");
    EXPECT_EQ(crdb().reset_connection(), "") << "BEGIN's modes last only as long as its transaction";
}

// ---- Every combination of isolation x priority x read_only x as_of, on both dialects ----
//
// run_transaction spells a mode once, before anything is sent, so a refused combination is an orm::Error that
// reaches no server. READ COMMITTED on CockroachDB is a plain transaction (no restart savepoint), like a historical
// read: a retry rolls back and begins again.

enum class AsOf { none, follower_read, ago };

struct Expected {
    std::string_view begin;
    std::string_view commit;
    std::string_view restart;
    bool restart_keeps_transaction;
    std::string_view refused;  // part of the orm::Error's message, when begin_transaction refuses the mode
};

constexpr Expected sends(std::string_view begin, std::string_view commit, std::string_view restart, bool keeps) {
    return {begin, commit, restart, keeps, {}};
}
constexpr Expected refused(std::string_view message) {
    return {{}, {}, {}, false, message};
}

struct Golden {
    const orm::dialect::Dialect& (*dialect)();
    orm::Isolation isolation;
    orm::TransactionPriority priority;
    bool read_only;
    AsOf as_of;
    Expected expected;
};

using I = orm::Isolation;
using P = orm::TransactionPriority;

// clang-format off
const Golden every_mode[] = {
    // ---- postgresql ----
    {pg, I::serializable, P::server_default, false, AsOf::none, sends("BEGIN ISOLATION LEVEL SERIALIZABLE", "COMMIT", "ROLLBACK", false)},
    {pg, I::serializable, P::server_default, false, AsOf::follower_read, refused("only CockroachDB has")},
    {pg, I::serializable, P::server_default, false, AsOf::ago, refused("only CockroachDB has")},
    {pg, I::serializable, P::server_default, true, AsOf::none, sends("BEGIN ISOLATION LEVEL SERIALIZABLE READ ONLY", "COMMIT", "ROLLBACK", false)},
    {pg, I::serializable, P::server_default, true, AsOf::follower_read, refused("only CockroachDB has")},
    {pg, I::serializable, P::server_default, true, AsOf::ago, refused("only CockroachDB has")},
    {pg, I::serializable, P::low, false, AsOf::none, refused("PostgreSQL has none")},
    {pg, I::serializable, P::low, false, AsOf::follower_read, refused("only CockroachDB has")},
    {pg, I::serializable, P::low, false, AsOf::ago, refused("only CockroachDB has")},
    {pg, I::serializable, P::low, true, AsOf::none, refused("PostgreSQL has none")},
    {pg, I::serializable, P::low, true, AsOf::follower_read, refused("only CockroachDB has")},
    {pg, I::serializable, P::low, true, AsOf::ago, refused("only CockroachDB has")},
    {pg, I::serializable, P::normal, false, AsOf::none, refused("PostgreSQL has none")},
    {pg, I::serializable, P::normal, false, AsOf::follower_read, refused("only CockroachDB has")},
    {pg, I::serializable, P::normal, false, AsOf::ago, refused("only CockroachDB has")},
    {pg, I::serializable, P::normal, true, AsOf::none, refused("PostgreSQL has none")},
    {pg, I::serializable, P::normal, true, AsOf::follower_read, refused("only CockroachDB has")},
    {pg, I::serializable, P::normal, true, AsOf::ago, refused("only CockroachDB has")},
    {pg, I::serializable, P::high, false, AsOf::none, refused("PostgreSQL has none")},
    {pg, I::serializable, P::high, false, AsOf::follower_read, refused("only CockroachDB has")},
    {pg, I::serializable, P::high, false, AsOf::ago, refused("only CockroachDB has")},
    {pg, I::serializable, P::high, true, AsOf::none, refused("PostgreSQL has none")},
    {pg, I::serializable, P::high, true, AsOf::follower_read, refused("only CockroachDB has")},
    {pg, I::serializable, P::high, true, AsOf::ago, refused("only CockroachDB has")},
    {pg, I::read_committed, P::server_default, false, AsOf::none, sends("BEGIN ISOLATION LEVEL READ COMMITTED", "COMMIT", "ROLLBACK", false)},
    {pg, I::read_committed, P::server_default, false, AsOf::follower_read, refused("only CockroachDB has")},
    {pg, I::read_committed, P::server_default, false, AsOf::ago, refused("only CockroachDB has")},
    {pg, I::read_committed, P::server_default, true, AsOf::none, sends("BEGIN ISOLATION LEVEL READ COMMITTED READ ONLY", "COMMIT", "ROLLBACK", false)},
    {pg, I::read_committed, P::server_default, true, AsOf::follower_read, refused("only CockroachDB has")},
    {pg, I::read_committed, P::server_default, true, AsOf::ago, refused("only CockroachDB has")},
    {pg, I::read_committed, P::low, false, AsOf::none, refused("PostgreSQL has none")},
    {pg, I::read_committed, P::low, false, AsOf::follower_read, refused("only CockroachDB has")},
    {pg, I::read_committed, P::low, false, AsOf::ago, refused("only CockroachDB has")},
    {pg, I::read_committed, P::low, true, AsOf::none, refused("PostgreSQL has none")},
    {pg, I::read_committed, P::low, true, AsOf::follower_read, refused("only CockroachDB has")},
    {pg, I::read_committed, P::low, true, AsOf::ago, refused("only CockroachDB has")},
    {pg, I::read_committed, P::normal, false, AsOf::none, refused("PostgreSQL has none")},
    {pg, I::read_committed, P::normal, false, AsOf::follower_read, refused("only CockroachDB has")},
    {pg, I::read_committed, P::normal, false, AsOf::ago, refused("only CockroachDB has")},
    {pg, I::read_committed, P::normal, true, AsOf::none, refused("PostgreSQL has none")},
    {pg, I::read_committed, P::normal, true, AsOf::follower_read, refused("only CockroachDB has")},
    {pg, I::read_committed, P::normal, true, AsOf::ago, refused("only CockroachDB has")},
    {pg, I::read_committed, P::high, false, AsOf::none, refused("PostgreSQL has none")},
    {pg, I::read_committed, P::high, false, AsOf::follower_read, refused("only CockroachDB has")},
    {pg, I::read_committed, P::high, false, AsOf::ago, refused("only CockroachDB has")},
    {pg, I::read_committed, P::high, true, AsOf::none, refused("PostgreSQL has none")},
    {pg, I::read_committed, P::high, true, AsOf::follower_read, refused("only CockroachDB has")},
    {pg, I::read_committed, P::high, true, AsOf::ago, refused("only CockroachDB has")},
    // ---- cockroachdb ----
    {crdb, I::serializable, P::server_default, false, AsOf::none, sends("BEGIN TRANSACTION ISOLATION LEVEL SERIALIZABLE; SAVEPOINT cockroach_restart", "RELEASE SAVEPOINT cockroach_restart; COMMIT", "ROLLBACK TO SAVEPOINT cockroach_restart", true)},
    {crdb, I::serializable, P::server_default, false, AsOf::follower_read, sends("BEGIN TRANSACTION ISOLATION LEVEL SERIALIZABLE, AS OF SYSTEM TIME follower_read_timestamp()", "COMMIT", "ROLLBACK", false)},
    {crdb, I::serializable, P::server_default, false, AsOf::ago, sends("BEGIN TRANSACTION ISOLATION LEVEL SERIALIZABLE, AS OF SYSTEM TIME '-10000000us'", "COMMIT", "ROLLBACK", false)},
    {crdb, I::serializable, P::server_default, true, AsOf::none, sends("BEGIN TRANSACTION ISOLATION LEVEL SERIALIZABLE, READ ONLY; SAVEPOINT cockroach_restart", "RELEASE SAVEPOINT cockroach_restart; COMMIT", "ROLLBACK TO SAVEPOINT cockroach_restart", true)},
    {crdb, I::serializable, P::server_default, true, AsOf::follower_read, sends("BEGIN TRANSACTION ISOLATION LEVEL SERIALIZABLE, AS OF SYSTEM TIME follower_read_timestamp()", "COMMIT", "ROLLBACK", false)},
    {crdb, I::serializable, P::server_default, true, AsOf::ago, sends("BEGIN TRANSACTION ISOLATION LEVEL SERIALIZABLE, AS OF SYSTEM TIME '-10000000us'", "COMMIT", "ROLLBACK", false)},
    {crdb, I::serializable, P::low, false, AsOf::none, sends("BEGIN TRANSACTION ISOLATION LEVEL SERIALIZABLE, PRIORITY LOW; SAVEPOINT cockroach_restart", "RELEASE SAVEPOINT cockroach_restart; COMMIT", "ROLLBACK TO SAVEPOINT cockroach_restart", true)},
    {crdb, I::serializable, P::low, false, AsOf::follower_read, sends("BEGIN TRANSACTION ISOLATION LEVEL SERIALIZABLE, PRIORITY LOW, AS OF SYSTEM TIME follower_read_timestamp()", "COMMIT", "ROLLBACK", false)},
    {crdb, I::serializable, P::low, false, AsOf::ago, sends("BEGIN TRANSACTION ISOLATION LEVEL SERIALIZABLE, PRIORITY LOW, AS OF SYSTEM TIME '-10000000us'", "COMMIT", "ROLLBACK", false)},
    {crdb, I::serializable, P::low, true, AsOf::none, sends("BEGIN TRANSACTION ISOLATION LEVEL SERIALIZABLE, PRIORITY LOW, READ ONLY; SAVEPOINT cockroach_restart", "RELEASE SAVEPOINT cockroach_restart; COMMIT", "ROLLBACK TO SAVEPOINT cockroach_restart", true)},
    {crdb, I::serializable, P::low, true, AsOf::follower_read, sends("BEGIN TRANSACTION ISOLATION LEVEL SERIALIZABLE, PRIORITY LOW, AS OF SYSTEM TIME follower_read_timestamp()", "COMMIT", "ROLLBACK", false)},
    {crdb, I::serializable, P::low, true, AsOf::ago, sends("BEGIN TRANSACTION ISOLATION LEVEL SERIALIZABLE, PRIORITY LOW, AS OF SYSTEM TIME '-10000000us'", "COMMIT", "ROLLBACK", false)},
    {crdb, I::serializable, P::normal, false, AsOf::none, sends("BEGIN TRANSACTION ISOLATION LEVEL SERIALIZABLE, PRIORITY NORMAL; SAVEPOINT cockroach_restart", "RELEASE SAVEPOINT cockroach_restart; COMMIT", "ROLLBACK TO SAVEPOINT cockroach_restart", true)},
    {crdb, I::serializable, P::normal, false, AsOf::follower_read, sends("BEGIN TRANSACTION ISOLATION LEVEL SERIALIZABLE, PRIORITY NORMAL, AS OF SYSTEM TIME follower_read_timestamp()", "COMMIT", "ROLLBACK", false)},
    {crdb, I::serializable, P::normal, false, AsOf::ago, sends("BEGIN TRANSACTION ISOLATION LEVEL SERIALIZABLE, PRIORITY NORMAL, AS OF SYSTEM TIME '-10000000us'", "COMMIT", "ROLLBACK", false)},
    {crdb, I::serializable, P::normal, true, AsOf::none, sends("BEGIN TRANSACTION ISOLATION LEVEL SERIALIZABLE, PRIORITY NORMAL, READ ONLY; SAVEPOINT cockroach_restart", "RELEASE SAVEPOINT cockroach_restart; COMMIT", "ROLLBACK TO SAVEPOINT cockroach_restart", true)},
    {crdb, I::serializable, P::normal, true, AsOf::follower_read, sends("BEGIN TRANSACTION ISOLATION LEVEL SERIALIZABLE, PRIORITY NORMAL, AS OF SYSTEM TIME follower_read_timestamp()", "COMMIT", "ROLLBACK", false)},
    {crdb, I::serializable, P::normal, true, AsOf::ago, sends("BEGIN TRANSACTION ISOLATION LEVEL SERIALIZABLE, PRIORITY NORMAL, AS OF SYSTEM TIME '-10000000us'", "COMMIT", "ROLLBACK", false)},
    {crdb, I::serializable, P::high, false, AsOf::none, sends("BEGIN TRANSACTION ISOLATION LEVEL SERIALIZABLE, PRIORITY HIGH; SAVEPOINT cockroach_restart", "RELEASE SAVEPOINT cockroach_restart; COMMIT", "ROLLBACK TO SAVEPOINT cockroach_restart", true)},
    {crdb, I::serializable, P::high, false, AsOf::follower_read, sends("BEGIN TRANSACTION ISOLATION LEVEL SERIALIZABLE, PRIORITY HIGH, AS OF SYSTEM TIME follower_read_timestamp()", "COMMIT", "ROLLBACK", false)},
    {crdb, I::serializable, P::high, false, AsOf::ago, sends("BEGIN TRANSACTION ISOLATION LEVEL SERIALIZABLE, PRIORITY HIGH, AS OF SYSTEM TIME '-10000000us'", "COMMIT", "ROLLBACK", false)},
    {crdb, I::serializable, P::high, true, AsOf::none, sends("BEGIN TRANSACTION ISOLATION LEVEL SERIALIZABLE, PRIORITY HIGH, READ ONLY; SAVEPOINT cockroach_restart", "RELEASE SAVEPOINT cockroach_restart; COMMIT", "ROLLBACK TO SAVEPOINT cockroach_restart", true)},
    {crdb, I::serializable, P::high, true, AsOf::follower_read, sends("BEGIN TRANSACTION ISOLATION LEVEL SERIALIZABLE, PRIORITY HIGH, AS OF SYSTEM TIME follower_read_timestamp()", "COMMIT", "ROLLBACK", false)},
    {crdb, I::serializable, P::high, true, AsOf::ago, sends("BEGIN TRANSACTION ISOLATION LEVEL SERIALIZABLE, PRIORITY HIGH, AS OF SYSTEM TIME '-10000000us'", "COMMIT", "ROLLBACK", false)},
    {crdb, I::read_committed, P::server_default, false, AsOf::none, sends("BEGIN TRANSACTION ISOLATION LEVEL READ COMMITTED", "COMMIT", "ROLLBACK", false)},
    {crdb, I::read_committed, P::server_default, false, AsOf::follower_read, refused("historical read reads one fixed snapshot")},
    {crdb, I::read_committed, P::server_default, false, AsOf::ago, refused("historical read reads one fixed snapshot")},
    {crdb, I::read_committed, P::server_default, true, AsOf::none, sends("BEGIN TRANSACTION ISOLATION LEVEL READ COMMITTED, READ ONLY", "COMMIT", "ROLLBACK", false)},
    {crdb, I::read_committed, P::server_default, true, AsOf::follower_read, refused("historical read reads one fixed snapshot")},
    {crdb, I::read_committed, P::server_default, true, AsOf::ago, refused("historical read reads one fixed snapshot")},
    {crdb, I::read_committed, P::low, false, AsOf::none, sends("BEGIN TRANSACTION ISOLATION LEVEL READ COMMITTED, PRIORITY LOW", "COMMIT", "ROLLBACK", false)},
    {crdb, I::read_committed, P::low, false, AsOf::follower_read, refused("historical read reads one fixed snapshot")},
    {crdb, I::read_committed, P::low, false, AsOf::ago, refused("historical read reads one fixed snapshot")},
    {crdb, I::read_committed, P::low, true, AsOf::none, sends("BEGIN TRANSACTION ISOLATION LEVEL READ COMMITTED, PRIORITY LOW, READ ONLY", "COMMIT", "ROLLBACK", false)},
    {crdb, I::read_committed, P::low, true, AsOf::follower_read, refused("historical read reads one fixed snapshot")},
    {crdb, I::read_committed, P::low, true, AsOf::ago, refused("historical read reads one fixed snapshot")},
    {crdb, I::read_committed, P::normal, false, AsOf::none, sends("BEGIN TRANSACTION ISOLATION LEVEL READ COMMITTED, PRIORITY NORMAL", "COMMIT", "ROLLBACK", false)},
    {crdb, I::read_committed, P::normal, false, AsOf::follower_read, refused("historical read reads one fixed snapshot")},
    {crdb, I::read_committed, P::normal, false, AsOf::ago, refused("historical read reads one fixed snapshot")},
    {crdb, I::read_committed, P::normal, true, AsOf::none, sends("BEGIN TRANSACTION ISOLATION LEVEL READ COMMITTED, PRIORITY NORMAL, READ ONLY", "COMMIT", "ROLLBACK", false)},
    {crdb, I::read_committed, P::normal, true, AsOf::follower_read, refused("historical read reads one fixed snapshot")},
    {crdb, I::read_committed, P::normal, true, AsOf::ago, refused("historical read reads one fixed snapshot")},
    {crdb, I::read_committed, P::high, false, AsOf::none, sends("BEGIN TRANSACTION ISOLATION LEVEL READ COMMITTED, PRIORITY HIGH", "COMMIT", "ROLLBACK", false)},
    {crdb, I::read_committed, P::high, false, AsOf::follower_read, refused("historical read reads one fixed snapshot")},
    {crdb, I::read_committed, P::high, false, AsOf::ago, refused("historical read reads one fixed snapshot")},
    {crdb, I::read_committed, P::high, true, AsOf::none, sends("BEGIN TRANSACTION ISOLATION LEVEL READ COMMITTED, PRIORITY HIGH, READ ONLY", "COMMIT", "ROLLBACK", false)},
    {crdb, I::read_committed, P::high, true, AsOf::follower_read, refused("historical read reads one fixed snapshot")},
    {crdb, I::read_committed, P::high, true, AsOf::ago, refused("historical read reads one fixed snapshot")},
};
// clang-format on

orm::TransactionMode mode_of(const Golden& row) {
    orm::TransactionOptions options{.read_only = row.read_only, .priority = row.priority, .isolation = row.isolation};
    if (row.as_of == AsOf::follower_read) {
        options.as_of = orm::HistoricalTime::follower_read();
    } else if (row.as_of == AsOf::ago) {
        options.as_of = orm::HistoricalTime::ago(std::chrono::seconds(10));
    }
    return options.mode();
}

std::string describe(const Golden& row) {
    return fmt::format("{} isolation={} priority={} read_only={} as_of={}", row.dialect().name(),
                       static_cast<int>(row.isolation), static_cast<int>(row.priority), row.read_only,
                       static_cast<int>(row.as_of));
}

TEST(TransactionProtocol, EveryModeCombinationHasItsGoldenText) {
    for (const Golden& row : every_mode) {
        SCOPED_TRACE(describe(row));
        const orm::dialect::Dialect& dialect = row.dialect();
        const orm::TransactionMode mode = mode_of(row);
        if (!row.expected.refused.empty()) {
            EXPECT_THROW(
                {
                    try {
                        dialect.begin_transaction(mode);
                    } catch (const orm::Error& error) {
                        EXPECT_THAT(error.what(), HasSubstr(std::string(row.expected.refused)));
                        throw;
                    }
                },
                orm::Error);
            continue;
        }
        EXPECT_EQ(dialect.begin_transaction(mode), row.expected.begin);
        EXPECT_EQ(dialect.commit_transaction(mode), row.expected.commit);
        EXPECT_EQ(dialect.restart_transaction(mode), row.expected.restart);
        EXPECT_EQ(dialect.restart_keeps_transaction(mode), row.expected.restart_keeps_transaction);
    }
}

// The table above lists each of the 2 x 4 x 2 x 3 combinations exactly once per dialect.
TEST(TransactionProtocol, GoldenTableCoversEveryCombinationOnce) {
    std::set<std::string> seen;
    for (const Golden& row : every_mode) {
        EXPECT_TRUE(seen.insert(describe(row)).second) << describe(row) << " is listed twice";
    }
    EXPECT_EQ(seen.size(), 2u * 2 * 4 * 2 * 3);
}

TEST(TransactionProtocol, SerializableIsTheDefaultIsolation) {
    EXPECT_EQ(orm::TransactionOptions{}.isolation, orm::Isolation::serializable);
    EXPECT_EQ(orm::TransactionOptions{}.mode().isolation, orm::Isolation::serializable);
    EXPECT_EQ(orm::TransactionMode{}.isolation, orm::Isolation::serializable);
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
