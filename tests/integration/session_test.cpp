// The Session's unit of work against the real server: identity map, keys filled in at flush, change tracking
// that UPDATEs only changed columns (seen in the echo), removal, autoflush, fresh sessions on retry, read-only.
#include <algorithm>
#include <optional>
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
    EXPECT_THAT(echoed("UPDATE"),
                ElementsAre(roachorm_test::as_sent(db, "UPDATE accounts SET balance = $1 WHERE id = $2"),
                            roachorm_test::as_sent(db, "UPDATE accounts SET balance = $1 WHERE id = $2")));
    EXPECT_EQ(orm::table::find<models::Account>(*connection, from)->balance, 50);
    EXPECT_EQ(orm::table::find<models::Account>(*connection, to)->balance, 50);
}

// A model of several columns, where "the changed columns" and "every column" are different statements: writing
// every column would put back the z this object was loaded with, over the z another statement wrote since.
TEST_F(SessionTest, UpdateWritesOnlyTheChangedColumnsSoAnotherStatementsWriteSurvives) {
    std::vector<models::Point> points{{.x = 1, .y = 2, .z = 3}};
    orm::table::insert<models::Point>(*connection, points);
    const orm::serial id = points[0].id;
    orm::Database db = echoing();
    orm::run_transaction(db, [&](orm::Session& session) {
        models::Point* point = session.get<models::Point>(id);
        point->y = 20;
        // A raw statement flushes the change of y first, then writes z behind the object's back.
        EXPECT_EQ(session.execute("UPDATE points SET z = $1 WHERE id = $2", 30.0, id), 1u);
        EXPECT_EQ(point->z, 3);  // the object still holds the z it was loaded with
        point->x = 10;
    });
    const std::optional<models::Point> stored = orm::table::find<models::Point>(*connection, id);
    ASSERT_TRUE(stored.has_value());
    EXPECT_EQ(stored->x, 10);
    EXPECT_EQ(stored->y, 20);
    EXPECT_EQ(stored->z, 30) << "the flush wrote the stale z back";
    EXPECT_THAT(echoed("UPDATE"), ElementsAre(roachorm_test::as_sent(db, "UPDATE points SET y = $1 WHERE id = $2"),
                                              "UPDATE points SET z = $1 WHERE id = $2",  // raw SQL: sent as written
                                              roachorm_test::as_sent(db, "UPDATE points SET x = $1 WHERE id = $2")));
}

TEST_F(SessionTest, SeveralChangedColumnsOfOneObjectAreOneUpdateOfThoseColumns) {
    std::vector<models::Point> points{{.x = 1, .y = 2, .z = 3}};
    orm::table::insert<models::Point>(*connection, points);
    orm::Database db = echoing();
    orm::run_transaction(db, [&](orm::Session& session) {
        models::Point* point = session.get<models::Point>(points[0].id);
        point->x = -1;
        point->z = -3;
    });
    EXPECT_THAT(echoed("UPDATE"),
                ElementsAre(roachorm_test::as_sent(db, "UPDATE points SET x = $1, z = $2 WHERE id = $3")));
    const std::optional<models::Point> stored = orm::table::find<models::Point>(*connection, points[0].id);
    ASSERT_TRUE(stored.has_value());
    EXPECT_EQ(stored->x, -1);
    EXPECT_EQ(stored->y, 2);
    EXPECT_EQ(stored->z, -3);
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
    // On SQLite this transaction holds the write lock, so the concurrent write is the one refused (SQLITE_BUSY)
    // and never lands; the retry reads the row afresh, not the 1 the first attempt left in memory.
    const std::int64_t concurrent = database->dialect().kind() == orm::DialectKind::sqlite ? 0 : 5;
    EXPECT_THAT(balances_seen, ElementsAre(100, 100 + concurrent));
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

// The flush order as the server saw it, independent of the echo: a row trigger on each table records every row it
// wrote, numbered by a sequence. PostgreSQL fires AFTER ROW triggers at the end of each statement, so the numbers
// follow the order of the statements. Triggers and plpgsql make this PostgreSQLOnly.
class PostgreSQLOnlyFlushOrder : public roachorm_test::ServerTest<models::Account, models::Point> {
protected:
    void SetUp() override {
        ServerTest::SetUp();
        if (HasFatalFailure()) {
            return;
        }
        ASSERT_EQ(database->dialect().kind(), orm::DialectKind::postgresql)
            << "PostgreSQLOnly suites need PostgreSQL (plpgsql, triggers); scripts/test runs them only against the "
               "throwaway PostgreSQL";
        drop_server_objects(*connection);
        connection->execute_unprepared("CREATE TABLE flush_order_log (n BIGSERIAL PRIMARY KEY, write TEXT NOT NULL)");
        connection->execute_unprepared(
            "CREATE FUNCTION flush_order_record() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "INSERT INTO flush_order_log (write) VALUES (TG_OP || ' ' || TG_TABLE_NAME); RETURN NULL; END $$");
        for (const char* table : {"accounts", "points"}) {
            connection->execute_unprepared(
                fmt::format("CREATE TRIGGER flush_order AFTER INSERT OR UPDATE OR DELETE "
                            "ON {} FOR EACH ROW EXECUTE FUNCTION flush_order_record()",
                            table));
        }
    }

    void TearDown() override {
        if (database) {
            drop_server_objects(*database->connect());
        }
        ServerTest::TearDown();
    }

    static void drop_server_objects(orm::Connection& on) {
        on.execute_unprepared("DROP TRIGGER IF EXISTS flush_order ON accounts");
        on.execute_unprepared("DROP TRIGGER IF EXISTS flush_order ON points");
        on.execute_unprepared("DROP FUNCTION IF EXISTS flush_order_record()");
        on.execute_unprepared("DROP TABLE IF EXISTS flush_order_log");
    }

    std::vector<std::string> logged_writes() {
        std::vector<std::string> writes;
        connection->execute("SELECT write FROM flush_order_log ORDER BY n", {}, 1,
                            [&](orm::TextRow row) { writes.emplace_back(*row[0]); });
        return writes;
    }
};

TEST_F(PostgreSQLOnlyFlushOrder, InsertsAndUpsertsThenUpdatesThenDeletesEachOverTheModelsInFirstUseOrder) {
    std::vector<models::Account> accounts{{.balance = 1}, {.balance = 2}, {.balance = 3}};
    orm::table::insert<models::Account>(*connection, accounts);
    std::vector<models::Point> points{{.x = 1}, {.x = 2}};
    orm::table::insert<models::Point>(*connection, points);
    connection->execute_unprepared("TRUNCATE flush_order_log");
    orm::run_transaction(*database, [&](orm::Session& session) {
        // Accounts are used first, then points; the writes are queued in the reverse of the order they run in.
        models::Account* doomed_account = session.get<models::Account>(accounts[1].id);
        models::Point* doomed_point = session.get<models::Point>(points[1].id);
        models::Point* changed_point = session.get<models::Point>(points[0].id);
        models::Account* changed_account = session.get<models::Account>(accounts[0].id);
        session.remove(*doomed_point);
        session.remove(*doomed_account);
        changed_point->y = 5;
        changed_account->balance = 11;
        session.add(models::Point{.x = 3});
        session.upsert(models::Account{.id = accounts[2].id, .balance = 40});  // a stored row the session never loaded
        session.add(models::Account{.balance = 4});
    });
    EXPECT_THAT(logged_writes(), ElementsAre("INSERT accounts",  // the added account
                                             "UPDATE accounts",  // the upsert, whose key exists (ON CONFLICT DO UPDATE)
                                             "INSERT points",    //
                                             "UPDATE accounts",  // changed columns
                                             "UPDATE points",    //
                                             "DELETE accounts",  // removed objects
                                             "DELETE points"));
    EXPECT_EQ(orm::table::find<models::Account>(*connection, accounts[2].id)->balance, 40);
    EXPECT_EQ(orm::table::find<models::Account>(*connection, accounts[0].id)->balance, 11);
    EXPECT_EQ(orm::table::select_all<models::Account>(*connection).size(), 3u);
    EXPECT_EQ(orm::table::select_all<models::Point>(*connection).size(), 2u);
}

}  // namespace
