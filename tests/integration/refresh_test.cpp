// The identity map after raw SQL: session.execute expires what the session tracks, so the next load reads the row's
// values; refresh() re-reads one object now, expire()/expire_all() mark objects for their next load.
#include <cstdint>
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

class RefreshTest : public roachorm_test::ServerTest<Account> {
protected:
    orm::Database echoing() { return orm::Database(roachorm_test::server_url(), echo.options()); }

    orm::uuid stored_account(std::int64_t balance) {
        std::vector<Account> accounts{{.balance = balance}};
        orm::table::insert<Account>(*connection, accounts);
        return accounts[0].id;
    }

    roachorm_test::EchoCapture echo;
};

// The reported bug: a raw UPDATE, then the ORM query returned the tracked object with its old balance.
TEST_F(RefreshTest, AQueryAfterARawUpdateReturnsTheNewValues) {
    const orm::uuid id = stored_account(100);
    orm::run_transaction(*database, [&](orm::Session& session) {
        Account& account = session.query<Account>().filter(orm::col(&Account::id) == id).one();
        EXPECT_EQ(account.balance, 100);
        EXPECT_EQ(session.execute("UPDATE accounts SET balance = balance + 50 WHERE id = $1", id), 1u);
        Account& again = session.query<Account>().filter(orm::col(&Account::id) == id).one();
        EXPECT_EQ(&again, &account) << "still one object per row";
        EXPECT_EQ(again.balance, 150);
        EXPECT_EQ(session.get<Account>(id)->balance, 150);
    });
}

TEST_F(RefreshTest, GetOfAnObjectExpiredByRawSqlReadsItsRowAgain) {
    const orm::uuid id = stored_account(100);
    orm::Database echoed = echoing();
    orm::run_transaction(echoed, [&](orm::Session& session) {
        Account* account = session.get<Account>(id);
        EXPECT_EQ(session.get<Account>(id), account);  // tracked: no statement
        session.execute("UPDATE accounts SET balance = 7 WHERE id = $1", id);
        EXPECT_EQ(account->balance, 100) << "expiring sends nothing and changes nothing by itself";
        EXPECT_EQ(session.get<Account>(id), account);
        EXPECT_EQ(account->balance, 7);
        EXPECT_EQ(session.get<Account>(id), account);  // fresh again: no statement
    });
    EXPECT_THAT(echo.statements("SELECT"),
                ElementsAre(roachorm_test::as_sent(echoed, "SELECT id, balance FROM accounts WHERE id = $1"),
                            roachorm_test::as_sent(echoed, "SELECT id, balance FROM accounts WHERE id = $1")));
}

TEST_F(RefreshTest, GetOfAnObjectWhoseRowRawSqlDeletedIsNull) {
    const orm::uuid id = stored_account(100);
    orm::run_transaction(*database, [&](orm::Session& session) {
        ASSERT_NE(session.get<Account>(id), nullptr);
        session.execute("DELETE FROM accounts WHERE id = $1", id);
        EXPECT_EQ(session.get<Account>(id), nullptr);
    });
}

TEST_F(RefreshTest, RefreshReadsTheRowNowAndDropsUnflushedChanges) {
    const orm::uuid id = stored_account(100);
    orm::Database echoed = echoing();
    orm::run_transaction(echoed, [&](orm::Session& session) {
        Account& account = *session.get<Account>(id);
        session.execute("UPDATE accounts SET balance = 250 WHERE id = $1", id);
        session.refresh(account);
        EXPECT_EQ(account.balance, 250);
        account.balance = 999;  // not flushed: refresh drops it, as SQLAlchemy's does
        session.refresh(account);
        EXPECT_EQ(account.balance, 250);
    });
    EXPECT_THAT(echo.statements("UPDATE"), ElementsAre("UPDATE accounts SET balance = 250 WHERE id = $1"))
        << "the dropped change was never written";
    EXPECT_EQ(roachorm_test::query_value(*connection, "SELECT balance FROM accounts"), "250");
}

TEST_F(RefreshTest, RefreshOfADeletedRowThrowsNoResultFoundNamingTableAndKeyColumns) {
    const orm::uuid id = stored_account(4242);
    orm::run_transaction(*database, [&](orm::Session& session) {
        Account& account = *session.get<Account>(id);
        session.execute("DELETE FROM accounts WHERE id = $1", id);
        try {
            session.refresh(account);
            ADD_FAILURE() << "refresh of a deleted row did not throw";
        } catch (const orm::NoResultFound& error) {
            EXPECT_THAT(error.what(), ::testing::HasSubstr("accounts row with this object's key (id) is gone"));
            EXPECT_THAT(error.what(), ::testing::Not(::testing::HasSubstr("4242")));
            EXPECT_THAT(error.what(), ::testing::Not(::testing::HasSubstr(id.to_string())));
        }
        EXPECT_EQ(session.get<Account>(id), nullptr) << "no longer tracked";
        EXPECT_THROW(session.refresh(account), orm::Error);
    });
}

// session.select runs a statement the session takes for a read: it expires nothing, so an UPDATE ... RETURNING sent
// through it leaves tracked objects stale until expire() or refresh().
TEST_F(RefreshTest, ExpireMakesTheNextQueryOverwriteTheObject) {
    const orm::uuid id = stored_account(100);
    orm::run_transaction(*database, [&](orm::Session& session) {
        Account& account = session.query<Account>().one();
        session.select<std::int64_t>("UPDATE accounts SET balance = 5 WHERE id = $1 RETURNING balance", id);
        EXPECT_EQ(session.query<Account>().one().balance, 100) << "select expires nothing";
        session.expire(account);
        EXPECT_EQ(session.query<Account>().one().balance, 5);
        EXPECT_EQ(&session.query<Account>().one(), &account);
    });
}

TEST_F(RefreshTest, ExpireKeepsAChangeMadeBeforeTheNextLoad) {
    const orm::uuid id = stored_account(100);
    orm::run_transaction(*database, [&](orm::Session& session) {
        Account& account = *session.get<Account>(id);
        session.expire(account);
        account.balance = 42;  // flushed by the next load, before it reads the row
        EXPECT_EQ(session.get<Account>(id)->balance, 42);
    });
    EXPECT_EQ(roachorm_test::query_value(*connection, "SELECT balance FROM accounts"), "42");
}

TEST_F(RefreshTest, ExpireAllExpiresEveryTrackedObject) {
    const orm::uuid first = stored_account(1);
    const orm::uuid second = stored_account(2);
    orm::Database echoed = echoing();
    orm::run_transaction(echoed, [&](orm::Session& session) {
        Account* a = session.get<Account>(first);
        Account* b = session.get<Account>(second);
        session.select<std::int64_t>("UPDATE accounts SET balance = balance * 10 RETURNING balance");
        session.expire_all();
        EXPECT_EQ(session.get<Account>(first), a);
        EXPECT_EQ(session.get<Account>(second), b);
        EXPECT_EQ(a->balance, 10);
        EXPECT_EQ(b->balance, 20);
    });
    EXPECT_THAT(echo.statements("SELECT"), ::testing::SizeIs(4)) << "two gets, then each expired object read again";
}

TEST_F(RefreshTest, ARollbackToASavepointKeepsAnObjectExpiredBeforeIt) {
    const orm::uuid id = stored_account(100);
    orm::run_transaction(*database, [&](orm::Session& session) {
        Account* account = session.get<Account>(id);
        session.execute("UPDATE accounts SET balance = 7 WHERE id = $1", id);
        EXPECT_THROW(session.savepoint([] { throw std::runtime_error("undone"); }), std::runtime_error);
        EXPECT_EQ(session.get<Account>(id), account);
        EXPECT_EQ(account->balance, 7);
    });
}

TEST_F(RefreshTest, ExpireAndRefreshRefuseAnObjectTheSessionDoesNotTrackAsAStoredRow) {
    orm::run_transaction(*database, [&](orm::Session& session) {
        Account outside{.id = orm::uuid::random(), .balance = 1};
        EXPECT_THROW(session.expire(outside), orm::Error);
        Account& added = session.add(Account{.balance = 1});
        EXPECT_THROW(session.refresh(added), orm::Error) << "not written yet: flush first";
        session.flush();
        session.refresh(added);
        EXPECT_EQ(added.balance, 1);
    });
}

}  // namespace
