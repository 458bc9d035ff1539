// Round trips of run_transaction: BEGIN travels with the first statement, a flush's writes with the next statement
// waited for and the last flush with COMMIT (one pipeline each, read from the echo), get_many reads several keys in
// one statement, and a failure inside a pipeline (a constraint, a retry request, a lost connection) is the failing
// statement's, with nothing after it run.
#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <roachorm/models/account.hpp>

#include "bank.hpp"
#include "test_server.hpp"

namespace {

using models::Account;
using roachorm_test::create_accounts;
using roachorm_test::EchoCapture;
using roachorm_test::Ledger;
using roachorm_test::query_value;
using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;

class Pipelining : public roachorm_test::ServerTest<Account, Ledger> {
protected:
    void SetUp() override {
        ServerTest::SetUp();
        if (HasFatalFailure()) {
            return;
        }
        echoed = std::make_unique<orm::Database>(roachorm_test::server_url(), echo.options());
        ids = create_accounts(*connection, 2, 100);
    }

    std::vector<std::string> begin() const { return echoed->dialect().begin_statements({}); }
    std::vector<std::string> commit() const { return echoed->dialect().commit_statements({}); }
    std::vector<std::string> with_begin(std::vector<std::string> statements) const {
        std::vector<std::string> all = begin();
        all.insert(all.end(), statements.begin(), statements.end());
        return all;
    }
    std::vector<std::string> with_commit(std::vector<std::string> statements) const {
        for (const std::string& statement : commit()) {
            statements.push_back(statement);
        }
        return statements;
    }
    const orm::TableStatements& accounts() const { return orm::statements<Account>(echoed->dialect()); }
    std::string balance_of(const orm::uuid& id) {
        return query_value(*connection, "SELECT balance FROM accounts WHERE id = $1", {id.to_string()});
    }

    EchoCapture echo;
    std::unique_ptr<orm::Database> echoed;
    std::vector<orm::uuid> ids;
};

// Pipelines: round trips read from the echo's "[pipeline N: i of n]" labels (SQLite runs in-process, one statement
// at a time; what it sends is checked in the suites that run everywhere).
class ServerOnlyPipelining : public Pipelining {};

// The seed's transfer: read two accounts, update both. Hand-written, one statement per round trip, it is six.
TEST_F(ServerOnlyPipelining, TransferTakesTwoRoundTripsBeginWithItsReadAndItsWritesWithCommit) {
    orm::run_transaction(*echoed, [&](orm::Session& session) {
        const std::vector<Account*> pair = session.get_many<Account>(std::array{ids[0], ids[1]});
        pair[0]->balance -= 30;
        pair[1]->balance += 30;
    });

    const auto trips = echo.round_trips();
    ASSERT_THAT(trips, SizeIs(2)) << ::testing::PrintToString(echo.lines());
    EXPECT_THAT(trips[0], SizeIs(begin().size() + 1));
    EXPECT_THAT(std::vector(trips[0].begin(), trips[0].end() - 1), ElementsAreArray(begin()))
        << "BEGIN travels with the read";
    EXPECT_THAT(trips[0].back(), HasSubstr("= ANY($1::UUID[])")) << "both accounts in one SELECT";
    EXPECT_THAT(trips[1], SizeIs(2 + commit().size()));
    EXPECT_THAT(std::vector(trips[1].begin(), trips[1].begin() + 2), Contains(HasSubstr("UPDATE accounts")).Times(2));
    EXPECT_THAT(std::vector(trips[1].begin() + 2, trips[1].end()), ElementsAreArray(commit()))
        << "the last flush travels with COMMIT";
    EXPECT_EQ(balance_of(ids[0]), "70");
    EXPECT_EQ(balance_of(ids[1]), "130");
}

TEST_F(ServerOnlyPipelining, ATransactionOfUncheckedWritesIsOneRoundTrip) {
    orm::run_transaction(*echoed, [&](orm::Session& session) {
        session.upsert(Account{.id = ids[0], .balance = 5});
        session.upsert(Account{.id = ids[1], .balance = 5});
    });

    EXPECT_THAT(echo.round_trips(), ElementsAre(ElementsAreArray(with_begin(with_commit({accounts().upsert(2)})))));
    EXPECT_EQ(query_value(*connection, "SELECT count(*) FROM accounts WHERE balance = 5"), "2");
}

// An INSERT's row count is checked (a trigger or rule may drop rows), and COMMIT may go only once it passed.
TEST_F(ServerOnlyPipelining, InsertsAreAnsweredBeforeCommitIsSent) {
    orm::run_transaction(
        *echoed, [&](orm::Session& session) { session.add_all(std::vector<Account>(3, Account{.balance = 5})); });

    EXPECT_THAT(echo.round_trips(),
                ElementsAre(ElementsAreArray(with_begin({accounts().insert(3)})), ElementsAreArray(commit())));
    EXPECT_EQ(query_value(*connection, "SELECT count(*) FROM accounts WHERE balance = 5"), "3");
}

TEST_F(Pipelining, ACallbackThatSendsNothingSendsNoBeginOrCommit) {
    EXPECT_EQ(orm::run_transaction(*echoed, [](orm::Session&) { return 42; }), 42);
    EXPECT_THAT(echo.lines(), IsEmpty());
}

// A single read waits for its rows, and COMMIT for its answer: a SERIALIZABLE read is valid only once its
// transaction commits (docs/design.md), so the rows cannot be handed over before then.
TEST_F(ServerOnlyPipelining, ALookupIsTwoRoundTrips) {
    const std::int64_t balance =
        orm::run_transaction(*echoed, [&](orm::Session& session) { return session.get<Account>(ids[0])->balance; });
    EXPECT_EQ(balance, 100);
    EXPECT_THAT(echo.round_trips(),
                ElementsAre(ElementsAreArray(with_begin({accounts().select_by_key})), ElementsAreArray(commit())));
}

// The writes of an explicit flush travel with the statement that needs an answer after them.
TEST_F(ServerOnlyPipelining, AQueryAfterChangesCarriesTheirWritesInItsRoundTrip) {
    const std::string count = orm::run_transaction(*echoed, [&](orm::Session& session) {
        session.get<Account>(ids[0])->balance = 1;
        session.add(Account{.balance = 1});
        return std::to_string(session.query<Account>().filter(orm::col(&Account::balance) == 1).count());
    });
    EXPECT_EQ(count, "2");
    const auto trips = echo.round_trips();
    ASSERT_THAT(trips, SizeIs(3)) << ::testing::PrintToString(echo.lines());
    EXPECT_THAT(trips[1], ElementsAre(accounts().insert(1), accounts().update(orm::sql::ColumnMask{1} << 1),
                                      HasSubstr("SELECT count(*)")));
    EXPECT_THAT(trips[2], ElementsAreArray(commit()));
}

TEST_F(Pipelining, GetManyReturnsObjectsInTheKeysOrderWithNullForAMissingKeyAndReadsOnlyUntrackedOnes) {
    const orm::uuid absent = orm::uuid::random();
    orm::run_transaction(*echoed, [&](orm::Session& session) {
        Account* first = session.get<Account>(ids[0]);
        echo.clear();
        const std::vector<Account*> found = session.get_many<Account>(std::vector{ids[1], absent, ids[0], ids[1]});
        ASSERT_THAT(found, SizeIs(4));
        EXPECT_EQ(found[0]->id, ids[1]);
        EXPECT_EQ(found[1], nullptr);
        EXPECT_EQ(found[2], first) << "a tracked object is the session's own, not read again";
        EXPECT_EQ(found[3], found[0]);
        EXPECT_THAT(echo.statements(), ElementsAre(HasSubstr(roachorm_test::per_dialect(
                                           *echoed, "= ANY($1::UUID[])", "IN (SELECT value FROM json_each(?1))"))));
        echo.clear();
        EXPECT_THAT(session.get_many<Account>(std::array{ids[0], ids[1]}), ElementsAre(first, found[0]));
        EXPECT_THAT(echo.lines(), IsEmpty()) << "every key tracked: nothing to read";
    });
}

TEST_F(Pipelining, GetManyReadsAnExpiredObjectAgainAndForgetsOneWhoseRowIsGone) {
    orm::run_transaction(*echoed, [&](orm::Session& session) {
        const std::vector<Account*> both = session.get_many<Account>(std::array{ids[0], ids[1]});
        session.execute("UPDATE accounts SET balance = 7 WHERE id = $1", ids[0]);
        session.execute("DELETE FROM accounts WHERE id = $1", ids[1]);
        const std::vector<Account*> again = session.get_many<Account>(std::array{ids[0], ids[1]});
        EXPECT_EQ(again[0], both[0]);
        EXPECT_EQ(again[0]->balance, 7);
        EXPECT_EQ(again[1], nullptr);
    });
}

// The accounts' balances may not go negative; the UPDATE breaks that, in the middle of the pipeline that also
// carries the ledger's INSERT before it and a DELETE after it.
TEST_F(ServerOnlyPipelining, AFailureInThePipelineIsThrownAsItsStatementsErrorAndNothingAfterItRuns) {
    connection->execute_unprepared("ALTER TABLE accounts ADD CONSTRAINT non_negative CHECK (balance >= 0)");
    int calls = 0;
    try {
        orm::run_transaction(*echoed, [&](orm::Session& session) {
            ++calls;
            const std::vector<Account*> pair = session.get_many<Account>(std::array{ids[0], ids[1]});
            session.add(Ledger{.id = orm::uuid::random(), .from_account = ids[1], .to_account = ids[0], .amount = 500});
            pair[1]->balance -= 500;
            session.remove(*pair[0]);
        });
        FAIL() << "expected orm::CheckViolation";
    } catch (const orm::CheckViolation& violation) {
        EXPECT_EQ(violation.sqlstate(), "23514");
        EXPECT_EQ(violation.constraint(), "non_negative");
        EXPECT_EQ(violation.statement(), accounts().update(orm::sql::ColumnMask{1} << 1));
    }
    EXPECT_EQ(calls, 1) << "a constraint violation is not retried";

    const auto trips = echo.round_trips();
    ASSERT_THAT(trips, SizeIs(3)) << ::testing::PrintToString(echo.lines());
    // The INSERT's row count is checked before COMMIT may follow, so COMMIT was never sent.
    EXPECT_THAT(trips[1], ElementsAre(orm::statements<Ledger>(echoed->dialect()).insert(1),
                                      accounts().update(orm::sql::ColumnMask{1} << 1), accounts().delete_by_key));
    EXPECT_THAT(trips[2], ElementsAre("ROLLBACK"));
    const std::vector<std::string> second_trip(
        echo.lines().begin() + static_cast<std::ptrdiff_t>(trips[0].size()),
        echo.lines().begin() + static_cast<std::ptrdiff_t>(trips[0].size() + trips[1].size()));
    const std::string not_run = "(failed: not run: an earlier statement in its pipeline failed)";
    EXPECT_THAT(second_trip[0], AllOf(HasSubstr(": 1 of "), Not(HasSubstr("(failed"))));
    EXPECT_THAT(second_trip[1],
                AllOf(HasSubstr(": 2 of "), HasSubstr("UPDATE accounts"), HasSubstr("(failed: 23514)")));
    for (std::size_t i = 2; i < second_trip.size(); ++i) {
        EXPECT_THAT(second_trip[i], HasSubstr(not_run)) << "the server skips the DELETE";
    }

    EXPECT_EQ(balance_of(ids[0]), "100") << "nothing of the failed transaction may land";
    EXPECT_EQ(balance_of(ids[1]), "100");
    EXPECT_EQ(query_value(*connection, "SELECT count(*) FROM ledger"), "0");
}

TEST_F(ServerOnlyPipelining, AnExplicitFlushSendsItsWritesAtOnceInOneRoundTrip) {
    orm::run_transaction(*echoed, [&](orm::Session& session) {
        session.add_all(std::vector<Account>(2, Account{.balance = 3}));
        session.add(Ledger{.id = orm::uuid::random()});
        session.flush();
        EXPECT_EQ(query_value(*connection, "SELECT count(*) FROM accounts WHERE balance = 3"), "0")
            << "written, not committed";
        EXPECT_THAT(echo.round_trips(),
                    ElementsAre(ElementsAreArray(
                        with_begin({accounts().insert(2), orm::statements<Ledger>(echoed->dialect()).insert(1)}))));
    });
    EXPECT_EQ(query_value(*connection, "SELECT count(*) FROM accounts WHERE balance = 3"), "2");
}

}  // namespace

// A trigger on the accounts' UPDATEs that does `fault` the first time it fires in this database, and nothing after.
class PostgreSQLOnlyPipelineFaults : public Pipelining {
protected:
    void inject_into_first_update(std::string_view fault) {
        ASSERT_EQ(database->dialect().kind(), orm::DialectKind::postgresql)
            << "PostgreSQLOnly* tests use PL/pgSQL triggers and pg_terminate_backend: run them on PostgreSQL";
        connection->execute_unprepared("CREATE SEQUENCE update_faults");
        connection->execute_unprepared(
            fmt::format("CREATE FUNCTION fault_on_first_update() RETURNS trigger LANGUAGE plpgsql AS "
                        "$$ BEGIN IF nextval('update_faults') = 1 THEN {} END IF; RETURN NEW; END $$",
                        fault));
        connection->execute_unprepared(
            "CREATE TRIGGER fault_on_first_update BEFORE UPDATE ON accounts FOR EACH ROW "
            "EXECUTE FUNCTION fault_on_first_update()");
    }

    // The transfer of 30 from the first account to the second, with an optional read after its writes.
    int transfer(bool read_after_writes, std::vector<orm::RetryEvent>& retries) {
        int calls = 0;
        orm::TransactionOptions options{.max_retries = 3, .backoff_base = std::chrono::milliseconds(1)};
        options.on_retry = [&](const orm::RetryEvent& event) { retries.push_back(event); };
        orm::run_transaction(
            *echoed,
            [&](orm::Session& session) {
                ++calls;
                const std::vector<Account*> pair = session.get_many<Account>(std::array{ids[0], ids[1]});
                pair[0]->balance -= 30;
                pair[1]->balance += 30;
                if (read_after_writes) {
                    session.query<Account>().count();
                }
            },
            options);
        return calls;
    }

    // The echo lines of `attempt` that travelled in a pipeline with COMMIT, or with the read, after the writes.
    std::vector<std::string> lines_of_attempt(int attempt) const {
        std::vector<std::string> lines;
        for (const std::string& line : echo.lines()) {
            if (line.find(fmt::format("[attempt {}]", attempt)) != std::string::npos) {
                lines.push_back(line);
            }
        }
        return lines;
    }
};

TEST_F(PostgreSQLOnlyPipelineFaults, ARetryRequestInTheMiddleOfTheCommitPipelineRunsTheTransactionAgain) {
    inject_into_first_update("RAISE EXCEPTION 'injected retry request' USING ERRCODE = '40001';");
    std::vector<orm::RetryEvent> retries;
    EXPECT_EQ(transfer(/*read_after_writes=*/false, retries), 2);

    ASSERT_THAT(retries, SizeIs(1));
    EXPECT_EQ(retries[0].sqlstate, "40001");
    EXPECT_THAT(retries[0].message, HasSubstr("UPDATE accounts"));
    const std::vector<std::string> first = lines_of_attempt(1);
    EXPECT_THAT(first, Contains(AllOf(HasSubstr("UPDATE accounts"), HasSubstr("(failed: 40001)"))));
    EXPECT_THAT(first, Contains(AllOf(HasSubstr(" COMMIT"), HasSubstr("not run: an earlier statement"))))
        << "COMMIT travelled behind the UPDATE and the server skipped it";
    EXPECT_THAT(first.back(), HasSubstr("ROLLBACK"));
    EXPECT_EQ(balance_of(ids[0]), "70") << "the transfer lands exactly once";
    EXPECT_EQ(balance_of(ids[1]), "130");
}

// The backend dies running the first UPDATE; COMMIT had been sent behind it, so the client cannot know whether the
// server ran it (it could have, and lost only the answers): the outcome is unknown.
TEST_F(PostgreSQLOnlyPipelineFaults, AConnectionLostInTheMiddleOfTheCommitPipelineIsAnAmbiguousCommit) {
    inject_into_first_update("PERFORM pg_terminate_backend(pg_backend_pid()); PERFORM pg_sleep(5);");
    std::vector<orm::RetryEvent> retries;
    try {
        transfer(/*read_after_writes=*/false, retries);
        FAIL() << "expected orm::AmbiguousCommitError";
    } catch (const orm::AmbiguousCommitError& error) {
        EXPECT_THAT(error.what(), HasSubstr("lost while committing"));
    }
    EXPECT_THAT(retries, IsEmpty()) << "a commit with an unknown outcome is never run again";
    EXPECT_THAT(lines_of_attempt(1), Contains(AllOf(HasSubstr("UPDATE accounts"), HasSubstr("connection lost"))));
    EXPECT_EQ(balance_of(ids[0]), "100") << "in fact PostgreSQL aborted it: the backend died before COMMIT ran";
    EXPECT_EQ(echoed->pool().open_count(), 0u) << "the lost connection is closed, not kept";
}

// Writes queued before a read die with their backend; no COMMIT was sent, so nothing can have been applied and the
// transaction runs again on a fresh connection.
TEST_F(PostgreSQLOnlyPipelineFaults, AConnectionLostInAPipelineWithoutCommitIsRetriedOnAFreshConnection) {
    inject_into_first_update("PERFORM pg_terminate_backend(pg_backend_pid()); PERFORM pg_sleep(5);");
    std::vector<orm::RetryEvent> retries;
    EXPECT_EQ(transfer(/*read_after_writes=*/true, retries), 2);

    ASSERT_THAT(retries, SizeIs(1));
    EXPECT_EQ(retries[0].sqlstate, "") << "a lost connection has no SQLSTATE";
    EXPECT_THAT(lines_of_attempt(1), Not(Contains(HasSubstr(" COMMIT"))));
    EXPECT_EQ(balance_of(ids[0]), "70") << "the transfer lands exactly once";
    EXPECT_EQ(balance_of(ids[1]), "130");
}
