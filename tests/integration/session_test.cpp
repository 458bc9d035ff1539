// The Session's unit of work against the real server: identity map, keys filled in at flush, change tracking
// that UPDATEs only changed columns (seen in the echo), removal, autoflush, fresh sessions on retry, read-only.
#include <algorithm>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <roachorm/models/account.hpp>
#include <roachorm/models/point.hpp>

#include "test_server.hpp"

namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class SessionTest : public roachorm_test::ServerTest<models::Account, models::Point> {
protected:
    // A Database on the same server whose statements land in `echo`.
    orm::Database echoing() { return orm::Database(roachorm_test::server_url(), echo.options()); }
    std::vector<std::string> echoed(std::string_view verb) const { return echo.statements(verb); }

    orm::uuid stored_account(std::int64_t balance) {
        std::vector<models::Account> accounts{{.balance = balance}};
        orm::table::insert<models::Account>(*connection, accounts);
        return accounts[0].id;
    }

    roachorm_test::EchoCapture echo;
};

TEST_F(SessionTest, LoadingTheSameRowTwiceYieldsTheSameObject) {
    const orm::uuid id = stored_account(10);
    orm::run_transaction(*database, [&](orm::Session& session) {
        models::Account* first = session.get<models::Account>(id);
        models::Account* second = session.get<models::Account>(id);
        ASSERT_NE(first, nullptr);
        EXPECT_EQ(first, second);
        EXPECT_EQ(session.get<models::Account>(orm::uuid::random()), nullptr);
    });
}

TEST_F(SessionTest, ServerAssignedKeysAreFilledInAtFlushAndTheObjectsAreTracked) {
    orm::run_transaction(*database, [&](orm::Session& session) {
        models::Point& point = session.add(models::Point{.x = 1});
        models::Account& account = session.add(models::Account{.balance = 5});
        EXPECT_FALSE(point.id.is_assigned());
        session.flush();
        ASSERT_TRUE(point.id.is_assigned());
        ASSERT_FALSE(account.id.is_nil());
        EXPECT_EQ(session.get<models::Point>(point.id), &point);
        EXPECT_EQ(session.get<models::Account>(account.id), &account);
    });
    EXPECT_EQ(orm::table::select_all<models::Point>(*connection).size(), 1u);
}

TEST_F(SessionTest, TransferUpdatesExactlyTheChangedColumnOfEachChangedObject) {
    const orm::uuid from = stored_account(100);
    const orm::uuid to = stored_account(0);
    const orm::uuid untouched = stored_account(7);
    orm::Database db = echoing();
    orm::run_transaction(db, [&](orm::Session& session) {
        session.get<models::Account>(untouched);  // loaded, never changed: costs no UPDATE
        models::Account* source = session.get<models::Account>(from);
        models::Account* target = session.get<models::Account>(to);
        const std::int64_t amount = source->balance / 2;
        source->balance -= amount;
        target->balance += amount;
    });
    EXPECT_THAT(echoed("UPDATE"), ElementsAre("UPDATE accounts SET balance = $1 WHERE id = $2",
                                              "UPDATE accounts SET balance = $1 WHERE id = $2"));
    EXPECT_EQ(orm::table::find<models::Account>(*connection, from)->balance, 50);
    EXPECT_EQ(orm::table::find<models::Account>(*connection, to)->balance, 50);
}

TEST_F(SessionTest, FlushWritesInsertsThenUpdatesThenDeletes) {
    const orm::uuid changed = stored_account(1);
    const orm::uuid doomed = stored_account(2);
    orm::Database db = echoing();
    orm::run_transaction(db, [&](orm::Session& session) {
        models::Account* to_remove = session.get<models::Account>(doomed);
        models::Account* to_change = session.get<models::Account>(changed);  // loaded before anything is pending
        session.remove(*to_remove);
        to_change->balance = 11;
        session.add(models::Account{.balance = 3});
    });
    std::vector<std::string> writes;
    for (const std::string& statement : echo.statements()) {
        if (statement.starts_with("INSERT") || statement.starts_with("UPDATE") || statement.starts_with("DELETE")) {
            writes.push_back(statement.substr(0, 6));
        }
    }
    EXPECT_THAT(writes, ElementsAre("INSERT", "UPDATE", "DELETE"));
}

TEST_F(SessionTest, RemovedObjectIsDeletedAtFlushAndStaysValidUntilTheSessionEnds) {
    const orm::uuid id = stored_account(9);
    orm::run_transaction(*database, [&](orm::Session& session) {
        models::Account* account = session.get<models::Account>(id);
        session.remove(*account);
        EXPECT_EQ(account->balance, 9);  // still readable
        EXPECT_EQ(session.get<models::Account>(id), nullptr);
    });
    EXPECT_FALSE(orm::table::find<models::Account>(*connection, id).has_value());
}

TEST_F(SessionTest, RawQueriesSeePendingChangesBecauseTheyFlushFirst) {
    orm::run_transaction(*database, [&](orm::Session& session) {
        session.add(models::Account{.balance = 40});
        session.add(models::Account{.balance = 2});
        const auto rows = session.select<std::int64_t, std::int64_t>("SELECT count(*), sum(balance) FROM accounts");
        ASSERT_EQ(rows.size(), 1u);
        EXPECT_EQ(std::get<0>(rows[0]), 2);
        EXPECT_EQ(std::get<1>(rows[0]), 42);
    });
}

TEST_F(SessionTest, ExecuteBindsEveryValueAndReturnsTheAffectedRowCount) {
    const orm::uuid id = stored_account(5);
    orm::run_transaction(*database, [&](orm::Session& session) {
        EXPECT_EQ(session.execute("UPDATE accounts SET balance = balance + $1 WHERE id = $2", std::int64_t{10}, id),
                  1u);
        EXPECT_EQ(session.execute("DELETE FROM accounts WHERE id = $1", orm::uuid::random()), 0u);
    });
    EXPECT_EQ(orm::table::find<models::Account>(*connection, id)->balance, 15);
}

TEST_F(SessionTest, ARetriedAttemptStartsFromAnEmptySession) {
    const orm::uuid id = stored_account(100);
    std::vector<std::int64_t> balances_seen;
    orm::run_transaction(
        *database,
        [&](orm::Session& session) {
            models::Account* account = session.get<models::Account>(id);
            balances_seen.push_back(account->balance);
            account->balance = 1;  // an in-memory change the retry must not see
            if (session.attempt() == 1) {
                const orm::TextValue key[] = {id.to_string()};
                connection->execute("UPDATE accounts SET balance = balance + 5 WHERE id = $1", key);
                session.flush();  // conflicts with the concurrent write: 40001
            }
        },
        orm::TransactionOptions{.backoff_base = std::chrono::milliseconds(1)});
    EXPECT_THAT(balances_seen, ElementsAre(100, 105));
}

TEST_F(SessionTest, ChangingATrackedObjectsKeyIsAnError) {
    const orm::uuid id = stored_account(1);
    EXPECT_THROW(
        orm::run_transaction(
            *database, [&](orm::Session& session) { session.get<models::Account>(id)->id = orm::uuid::random(); }),
        orm::Error);
    EXPECT_TRUE(orm::table::find<models::Account>(*connection, id).has_value());
}

TEST_F(SessionTest, ReadOnlyTransactionRefusesWrites) {
    const orm::uuid id = stored_account(1);
    try {
        orm::run_transaction(
            *database, [&](orm::Session& session) { session.get<models::Account>(id)->balance = 2; },
            orm::TransactionOptions{.read_only = true});
        FAIL() << "expected orm::DatabaseError";
    } catch (const orm::DatabaseError& error) {
        EXPECT_EQ(error.sqlstate(), "25006");  // read_only_sql_transaction
    }
    EXPECT_EQ(orm::table::find<models::Account>(*connection, id)->balance, 1);
}

}  // namespace
