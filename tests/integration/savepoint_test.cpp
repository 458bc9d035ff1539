// Session::savepoint against the real server: a constraint violation caught outside a savepoint leaves the
// transaction usable and the session as it was at the savepoint; retry requests pass through untouched; nested
// savepoints; and a failed flush outside any savepoint makes the session refuse to send more.
#include <stdexcept>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <roachorm/models/account.hpp>

#include "test_server.hpp"

namespace {

using models::Account;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class Savepoint : public roachorm_test::ServerTest<Account> {
protected:
    orm::uuid stored_account(std::int64_t balance) {
        std::vector<Account> accounts{{.id = {}, .balance = balance}};
        orm::table::insert<Account>(*connection, accounts);
        return accounts[0].id;
    }

    std::int64_t stored_balance(const orm::uuid& id) {
        const std::optional<Account> account = orm::table::find<Account>(*connection, id);
        return account ? account->balance : -1;
    }

    std::size_t stored_rows() { return orm::table::select_all<Account>(*connection).size(); }

    orm::Database echoing() { return orm::Database(roachorm_test::server_url(), echo.options()); }

    roachorm_test::EchoCapture echo;
};

TEST_F(Savepoint, ACaughtUniqueViolationLeavesTheTransactionUsable) {
    const orm::uuid taken = stored_account(10);
    orm::uuid before{}, after{};
    orm::run_transaction(*database, [&](orm::Session& session) {
        Account& before_object = session.add(Account{.id = {}, .balance = 1});
        session.flush();
        before = before_object.id;
        EXPECT_THROW(session.savepoint([&] { session.add(Account{.id = taken, .balance = 7}); }), orm::UniqueViolation);
        // The duplicate is no longer tracked: the key's row is loaded from the server, as it is there.
        Account* stored = session.get<Account>(taken);
        ASSERT_NE(stored, nullptr);
        EXPECT_EQ(stored->balance, 10);
        stored->balance = 11;
        Account& after_object = session.add(Account{.id = {}, .balance = 2});
        session.flush();
        after = after_object.id;
    });
    EXPECT_EQ(stored_balance(taken), 11);
    EXPECT_EQ(stored_balance(before), 1);
    EXPECT_EQ(stored_balance(after), 2);
    EXPECT_EQ(stored_rows(), 3u);
}

TEST_F(Savepoint, RollbackRestoresTrackedObjectsAndForgetsNewOnes) {
    const orm::uuid kept = stored_account(10);
    const orm::uuid removed = stored_account(20);
    orm::uuid added{};
    orm::run_transaction(*database, [&](orm::Session& session) {
        Account& kept_object = *session.get<Account>(kept);
        Account& removed_object = *session.get<Account>(removed);
        EXPECT_THROW(session.savepoint([&](orm::Session& inner) {
            kept_object.balance = 99;
            inner.remove(removed_object);
            Account& added_object = inner.add(Account{.id = {}, .balance = 30});
            inner.flush();  // the server sees all three writes before the rollback
            added = added_object.id;
            throw std::runtime_error("the caller's own failure");
        }),
                     std::runtime_error);
        EXPECT_EQ(kept_object.balance, 10);                         // the value and its snapshot are back
        EXPECT_EQ(session.get<Account>(removed), &removed_object);  // tracked again
        EXPECT_EQ(session.get<Account>(added), nullptr);            // forgotten, and its row rolled back
        removed_object.balance = 21;
    });
    EXPECT_EQ(stored_balance(kept), 10);  // no UPDATE: the restored snapshot matches the object
    EXPECT_EQ(stored_balance(removed), 21);
    EXPECT_EQ(stored_rows(), 2u);
}

TEST_F(Savepoint, NestedSavepointsRollBackOnlyTheInnerOneAndReturnTheResult) {
    const orm::uuid taken = stored_account(10);
    orm::Database db = echoing();
    const int result = orm::run_transaction(db, [&](orm::Session& session) {
        return session.savepoint([&] {
            session.add(Account{.id = {}, .balance = 5});
            try {
                session.savepoint([&] { session.add(Account{.id = taken, .balance = 6}); });
                ADD_FAILURE() << "expected orm::UniqueViolation";
            } catch (const orm::UniqueViolation& error) {
                EXPECT_EQ(error.sqlstate(), "23505");
            }
            session.add(Account{.id = {}, .balance = 7});
            return 42;
        });
    });
    EXPECT_EQ(result, 42);
    EXPECT_EQ(stored_rows(), 3u);
    std::vector<std::string> savepoints;
    for (const std::string& statement : echo.statements()) {
        if (statement.find("roachorm_savepoint") != std::string::npos) {
            savepoints.push_back(statement);
        }
    }
    if (database->dialect().kind() == orm::DialectKind::sqlite) {
        // One statement at a time: the INSERT failed alone, and the inner RELEASE was never sent.
        EXPECT_THAT(savepoints, ElementsAre("SAVEPOINT roachorm_savepoint_1", "SAVEPOINT roachorm_savepoint_2",
                                            "ROLLBACK TO SAVEPOINT roachorm_savepoint_2; RELEASE SAVEPOINT "
                                            "roachorm_savepoint_2",
                                            "RELEASE SAVEPOINT roachorm_savepoint_1"));
    } else {
        // The inner RELEASE travelled with the INSERT that failed, so the server skipped it.
        EXPECT_THAT(savepoints, ElementsAre("SAVEPOINT roachorm_savepoint_1", "SAVEPOINT roachorm_savepoint_2",
                                            "RELEASE SAVEPOINT roachorm_savepoint_2 (failed: not run: an earlier "
                                            "statement in its pipeline failed)",
                                            "ROLLBACK TO SAVEPOINT roachorm_savepoint_2; RELEASE SAVEPOINT "
                                            "roachorm_savepoint_2",
                                            "RELEASE SAVEPOINT roachorm_savepoint_1"));
    }
}

TEST_F(Savepoint, ARetryRequestInsideIsNotRolledBackToTheSavepointButRetriesTheTransaction) {
    const orm::uuid id = stored_account(100);
    std::vector<std::int64_t> balances_seen;
    orm::Database db = echoing();
    orm::run_transaction(
        db,
        [&](orm::Session& session) {
            Account* account = session.get<Account>(id);
            balances_seen.push_back(account->balance);
            session.savepoint([&] {
                account->balance += 1;
                if (session.attempt() == 1) {
                    const orm::TextValue key[] = {id.to_string()};
                    connection->execute("UPDATE accounts SET balance = balance + 5 WHERE id = $1", key);
                    session.flush();  // conflicts with the concurrent write: 40001
                }
            });
        },
        orm::TransactionOptions{.backoff_base = std::chrono::milliseconds(1)});
    // On SQLite this transaction holds the write lock, so the concurrent write is the one refused (SQLITE_BUSY,
    // thrown inside the savepoint) and never lands; the retry reads the row afresh all the same.
    const std::int64_t concurrent = database->dialect().kind() == orm::DialectKind::sqlite ? 0 : 5;
    EXPECT_THAT(balances_seen, ElementsAre(100, 100 + concurrent));
    EXPECT_EQ(stored_balance(id), 101 + concurrent);
    for (const std::string& statement : echo.statements()) {
        EXPECT_THAT(statement, ::testing::Not(HasSubstr("ROLLBACK TO SAVEPOINT roachorm_savepoint")));
    }
}

TEST_F(Savepoint, AfterAFailedFlushOutsideASavepointTheSessionSendsNothingMore) {
    const orm::uuid taken = stored_account(10);
    orm::Database db = echoing();
    bool refused = false;
    try {
        orm::run_transaction(db, [&](orm::Session& session) {
            session.add(Account{.id = taken, .balance = 7});
            EXPECT_THROW(session.flush(), orm::UniqueViolation);
            echo.clear();
            try {
                session.flush();  // would send the failed INSERT again
            } catch (const orm::UniqueViolation&) {
                ADD_FAILURE() << "the failed INSERT was sent again";
            } catch (const orm::Error& error) {
                refused = true;
                EXPECT_THAT(error.what(), HasSubstr("failed earlier"));
                EXPECT_THAT(error.what(), HasSubstr("session.savepoint(...)"));
            }
            EXPECT_TRUE(echo.statements("INSERT").empty());
            EXPECT_THROW(session.execute("SELECT 1"), orm::Error);
            // Returning normally: the final flush refuses too, so the transaction is not reported as committed.
        });
        ADD_FAILURE() << "run_transaction returned after the transaction had failed";
    } catch (const orm::DatabaseError&) {
        ADD_FAILURE() << "expected the session's refusal, not a server error";
    } catch (const orm::Error& error) {
        EXPECT_THAT(error.what(), HasSubstr("failed earlier"));
    }
    EXPECT_TRUE(refused);
    EXPECT_EQ(stored_balance(taken), 10);
    EXPECT_EQ(stored_rows(), 1u);
}

TEST_F(Savepoint, AFailedFlushInsideASavepointIsRolledBackAndNotSentAgain) {
    const orm::uuid taken = stored_account(10);
    orm::Database db = echoing();
    orm::run_transaction(db, [&](orm::Session& session) {
        EXPECT_THROW(session.savepoint([&] { session.add(Account{.id = taken, .balance = 7}); }), orm::UniqueViolation);
        echo.clear();
        session.add(Account{.id = {}, .balance = 8});
        session.flush();
        EXPECT_EQ(echo.statements("INSERT").size(), 1u);  // only the new row
    });
    EXPECT_EQ(stored_balance(taken), 10);
    EXPECT_EQ(stored_rows(), 2u);
}

}  // namespace
