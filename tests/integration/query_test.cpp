// Query<T> and the unit of work against the real server: the seed flows as users write them, identity map through
// queries, autoflush, bulk writes that bring tracked objects in line, upsert, chunked loads, and round-trip counts.
#include <algorithm>
#include <numeric>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <roachorm/models/account.hpp>
#include <roachorm/models/point.hpp>

#include "test_server.hpp"

namespace {

using models::Account;
using models::Point;
using orm::col;
using ::testing::ElementsAre;
using ::testing::SizeIs;

// A model whose key the application chooses, with a nullable column.
struct Customer {
    static constexpr std::string_view table_name = "customers";
    std::int64_t id = 0;
    std::string name;
    std::optional<std::string> email;
};

class QueryTest : public roachorm_test::ServerTest<Account, Point, Customer> {
protected:
    orm::Database echoing() { return orm::Database(roachorm_test::server_url(), echo.options()); }

    std::vector<orm::uuid> accounts_with(const std::vector<std::int64_t>& balances) {
        std::vector<Account> accounts;
        for (const std::int64_t balance : balances) {
            accounts.push_back({.balance = balance});
        }
        orm::table::insert<Account>(*connection, accounts);
        std::vector<orm::uuid> ids;
        for (const Account& account : accounts) {
            ids.push_back(account.id);
        }
        return ids;
    }

    std::int64_t stored_balance(const orm::uuid& id) { return orm::table::find<Account>(*connection, id)->balance; }
    std::int64_t row_count(std::string_view table) {
        return std::stoll(roachorm_test::query_value(*connection, fmt::format("SELECT count(*) FROM {}", table)));
    }

    roachorm_test::EchoCapture echo;
};

// Seed 000's bank flow: 100 accounts with random UUIDs, half a balance moved by tracked mutation, 5 deleted by in.
TEST_F(QueryTest, TheBankSeedFlowReadsAsWrittenAndCostsTwoOneColumnUpdates) {
    std::mt19937_64 random(42);
    const std::vector<orm::uuid> ids = orm::run_transaction(*database, [&](orm::Session& session) {
        std::vector<orm::uuid> created;
        for (int i = 0; i < 100; ++i) {
            created.push_back(orm::uuid::random());
            session.add(Account{.id = created.back(), .balance = static_cast<std::int64_t>(random() % 1'000'000)});
        }
        return created;
    });
    ASSERT_EQ(row_count("accounts"), 100);
    const std::int64_t source_before = stored_balance(ids[3]);
    const std::int64_t target_before = stored_balance(ids[7]);

    orm::Database db = echoing();
    const std::int64_t moved = orm::run_transaction(db, [&](orm::Session& session) {
        Account& source = session.query<Account>().filter(col(&Account::id) == ids[3]).one();
        Account* target = session.query<Account>().filter(col(&Account::id) == ids[7]).first();
        const std::int64_t amount = source.balance / 2;
        source.balance -= amount;
        target->balance += amount;
        return amount;
    });
    EXPECT_EQ(moved, source_before / 2);
    EXPECT_EQ(stored_balance(ids[3]), source_before - moved);
    EXPECT_EQ(stored_balance(ids[7]), target_before + moved);
    EXPECT_THAT(echo.statements("UPDATE"),
                ElementsAre(roachorm_test::as_sent(db, "UPDATE accounts SET balance = $1 WHERE id = $2"),
                            roachorm_test::as_sent(db, "UPDATE accounts SET balance = $1 WHERE id = $2")));

    const std::vector<orm::uuid> doomed(ids.begin() + 10, ids.begin() + 15);
    const std::uint64_t deleted = orm::run_transaction(*database, [&](orm::Session& session) {
        return session.query<Account>().filter(col(&Account::id).in(doomed)).remove();
    });
    EXPECT_EQ(deleted, 5u);
    EXPECT_EQ(row_count("accounts"), 95);
    for (const orm::uuid& id : doomed) {
        EXPECT_FALSE(orm::table::find<Account>(*connection, id).has_value());
    }
}

// The transfer costs exactly what hand-written SQL would: BEGIN, two SELECTs, two UPDATEs, COMMIT.
TEST_F(QueryTest, TransferCostsTheMinimumRoundTrips) {
    const std::vector<orm::uuid> ids = accounts_with({100, 0});
    orm::Database db = echoing();
    orm::run_transaction(db, [&](orm::Session& session) {
        Account& source = session.query<Account>().filter(col(&Account::id) == ids[0]).one();
        Account& target = session.query<Account>().filter(col(&Account::id) == ids[1]).one();
        source.balance -= 10;
        target.balance += 10;
    });
    const std::string select = roachorm_test::as_sent(db, "SELECT id, balance FROM accounts WHERE id = $1");
    const std::string update = roachorm_test::as_sent(db, "UPDATE accounts SET balance = $1 WHERE id = $2");
    EXPECT_THAT(echo.statements(), ElementsAre(db.dialect().begin_transaction({}), select, select, update, update,
                                               db.dialect().commit_transaction({})));
}

// The serial keys are reserved in one statement and written with the rows, so nothing is matched by position.
TEST_F(QueryTest, AddAllOf1000SerialRowsIsOneKeyReservationAndOneInsert) {
    orm::Database db = echoing();
    const std::vector<Point> points(1000, Point{.x = 1, .y = 2, .z = 3});
    orm::run_transaction(db, [&](orm::Session& session) {
        const std::vector<Point*> added = session.add_all(points);
        session.flush();
        EXPECT_TRUE(std::all_of(added.begin(), added.end(), [](const Point* p) { return p->id.is_assigned(); }));
    });
    EXPECT_THAT(
        echo.statements(),
        ElementsAre(db.dialect().begin_transaction({}), orm::statements<Point>(db.dialect()).reserve_serial_keys,
                    orm::statements<Point>(db.dialect()).insert(1000), db.dialect().commit_transaction({})));
    EXPECT_EQ(row_count("points"), 1000);
}

// Keys the client chose are written as given; a nil key gets a random one from the client, so nothing comes back.
TEST_F(QueryTest, UuidKeysAreInsertedAsGivenOrChosenByTheClientWithoutReturning) {
    orm::Database db = echoing();
    std::vector<Account> chosen{{.id = orm::uuid::random(), .balance = 1}, {.id = orm::uuid::random(), .balance = 2}};
    std::vector<Account> mixed{{.id = orm::uuid::random(), .balance = 3}, {.balance = 4}};
    orm::run_transaction(db, [&](orm::Session& session) { session.add_all(chosen); });
    orm::run_transaction(db, [&](orm::Session& session) {
        const std::vector<Account*> added = session.add_all(mixed);
        session.flush();
        mixed[1].id = added[1]->id;
    });
    const orm::TableStatements& statements = orm::statements<Account>(db.dialect());
    EXPECT_THAT(echo.statements("INSERT"), ElementsAre(statements.insert(2), statements.insert(2)));
    EXPECT_FALSE(mixed[1].id.is_nil());
    for (const Account& account : {chosen[0], chosen[1], mixed[0], mixed[1]}) {
        EXPECT_EQ(stored_balance(account.id), account.balance);
    }
}

TEST_F(QueryTest, AddAllSplitsOnlyAtTheParameterLimit) {
    orm::Database db = echoing();
    const std::size_t per_statement = orm::sql::max_rows_per_write(db.dialect(), orm::model_traits<Point>::table);
    const std::vector<Point> points(per_statement + 1);
    orm::run_transaction(db, [&](orm::Session& session) { session.add_all(points); });
    EXPECT_THAT(echo.statements("INSERT"), SizeIs(2));
    EXPECT_EQ(row_count("points"), static_cast<std::int64_t>(per_statement + 1));
}

// Seed 000/001's bulk load: 10,000 points, a transaction per 1000 rows, every server-assigned id filled in.
TEST_F(QueryTest, InsertChunkedLoads10000PointsInTransactionsOf1000WithEveryIdFilledIn) {
    std::vector<Point> points(10'000);
    for (std::size_t i = 0; i < points.size(); ++i) {
        points[i].x = static_cast<double>(i);
    }
    orm::Database db = echoing();
    std::vector<std::size_t> progress;
    const std::size_t written = orm::insert_chunked<Point>(db, points, 1000, [&](const orm::ChunkProgress& chunk) {
        EXPECT_EQ(chunk.rows_total, 10'000u);
        progress.push_back(chunk.rows_written);
    });
    EXPECT_EQ(written, 10'000u);
    EXPECT_THAT(progress, SizeIs(10));
    EXPECT_EQ(progress.back(), 10'000u);
    EXPECT_THAT(echo.statements("INSERT"), SizeIs(10));
    EXPECT_THAT(echo.statements(db.dialect().commit_transaction({})), SizeIs(10));
    EXPECT_EQ(row_count("points"), 10'000);
    std::set<std::int64_t> ids;
    for (const Point& point : points) {
        ASSERT_TRUE(point.id.is_assigned());
        ids.insert(point.id.value);
    }
    EXPECT_EQ(ids.size(), 10'000u);
    // Each id came back to the object that was written with it.
    EXPECT_EQ(roachorm_test::query_value(*connection, "SELECT x FROM points WHERE id = $1",
                                         {std::to_string(points[4321].id.value)}),
              "4321");
}

TEST_F(QueryTest, QueriedRowsAreTheSessionsTrackedObjects) {
    const std::vector<orm::uuid> ids = accounts_with({1, 2, 3});
    orm::run_transaction(*database, [&](orm::Session& session) {
        Account* by_key = session.get<Account>(ids[1]);
        const std::vector<Account*> all = session.query<Account>().order_by(col(&Account::balance)).all();
        ASSERT_THAT(all, SizeIs(3));
        EXPECT_EQ(all[1], by_key);
        EXPECT_EQ(&session.query<Account>().filter(col(&Account::balance) == 2).one(), by_key);
        EXPECT_EQ(session.get<Account>(ids[2]), all[2]);  // answered from the identity map
    });
}

TEST_F(QueryTest, QueriesSeePendingChangesBecauseTheyFlushFirst) {
    const std::vector<orm::uuid> ids = accounts_with({5});
    orm::run_transaction(*database, [&](orm::Session& session) {
        session.add(Account{.balance = 500});
        session.get<Account>(ids[0])->balance = 600;
        EXPECT_EQ(session.query<Account>().filter(col(&Account::balance) >= 500).count(), 2);
        EXPECT_FALSE(session.query<Account>().filter(col(&Account::balance) == 5).exists());
    });
}

TEST_F(QueryTest, UnchangedObjectsCostNoUpdate) {
    accounts_with({1, 2, 3});
    orm::Database db = echoing();
    orm::run_transaction(db, [&](orm::Session& session) {
        for (Account* account : session.query<Account>().all()) {
            account->balance += 0;
        }
    });
    EXPECT_THAT(echo.statements("UPDATE"), SizeIs(0));
}

TEST_F(QueryTest, FiltersOrderLimitOffsetCountAndExists) {
    accounts_with({50, 10, 40, 20, 30});
    orm::run_transaction(*database, [&](orm::Session& session) {
        auto balances = [](const std::vector<Account*>& accounts) {
            std::vector<std::int64_t> result;
            for (const Account* account : accounts) {
                result.push_back(account->balance);
            }
            return result;
        };
        EXPECT_THAT(balances(session.query<Account>().order_by(col(&Account::balance), orm::desc).all()),
                    ElementsAre(50, 40, 30, 20, 10));
        EXPECT_THAT(balances(session.query<Account>().order_by(col(&Account::balance)).limit(2).offset(1).all()),
                    ElementsAre(20, 30));
        auto middle = session.query<Account>()
                          .filter(col(&Account::balance) > 10)
                          .filter(col(&Account::balance) < 50 && !(col(&Account::balance) == 30));
        EXPECT_THAT(balances(middle.order_by(col(&Account::balance)).all()), ElementsAre(20, 40));
        EXPECT_EQ(middle.count(), 2);
        EXPECT_EQ(session.query<Account>().order_by(col(&Account::balance)).limit(3).count(), 3);
        EXPECT_TRUE(session.query<Account>().filter(col(&Account::balance) * 2 == 100).exists());
        EXPECT_FALSE(session.query<Account>().filter(col(&Account::balance) == 11).exists());
        EXPECT_EQ(session.query<Account>().order_by(col(&Account::balance)).first()->balance, 10);
        EXPECT_EQ(session.query<Account>().filter(col(&Account::balance) < 0).first(), nullptr);
    });
}

// Each filter() adds to the condition of every statement the query runs: the SELECT, the count, the bulk UPDATE and
// the bulk DELETE, as the server received them (the echo) and as the rows show.
TEST_F(QueryTest, EveryFilterIsAndedIntoEachStatementTheQueryRuns) {
    const std::vector<orm::uuid> ids = accounts_with({5, 15, 25, 35, 45});
    orm::Database db = echoing();
    orm::run_transaction(db, [&](orm::Session& session) {
        auto between = session.query<Account>().filter(col(&Account::balance) > 10).filter(col(&Account::balance) < 40);
        EXPECT_EQ(between.count(), 3);
        EXPECT_EQ(between.filter(col(&Account::balance) != 25).all().size(), 2u);  // a third filter narrows again
        EXPECT_EQ(between.update(orm::set(&Account::balance, col(&Account::balance) + 1)), 2u);
        EXPECT_EQ(
            session.query<Account>().filter(col(&Account::balance) > 10).filter(col(&Account::balance) < 20).remove(),
            1u);
    });
    EXPECT_EQ(stored_balance(ids[0]), 5);
    EXPECT_EQ(orm::table::find<Account>(*connection, ids[1]), std::nullopt);  // 15 + 1, then deleted
    EXPECT_EQ(stored_balance(ids[2]), 25);
    EXPECT_EQ(stored_balance(ids[3]), 36);
    EXPECT_EQ(stored_balance(ids[4]), 45);
    using roachorm_test::per_dialect;
    EXPECT_THAT(echo.statements("SELECT"),
                ElementsAre(per_dialect(db, "SELECT count(*) FROM accounts WHERE (balance > $1) AND (balance < $2)",
                                        "SELECT count(*) FROM accounts WHERE (balance > CAST(?1 AS INTEGER)) AND "
                                        "(balance < CAST(?2 AS INTEGER))"),
                            per_dialect(db,
                                        "SELECT id, balance FROM accounts WHERE (balance > $1) AND (balance < $2) AND "
                                        "(balance <> $3)",
                                        "SELECT id, balance FROM accounts WHERE (balance > CAST(?1 AS INTEGER)) AND "
                                        "(balance < CAST(?2 AS INTEGER)) AND (balance <> CAST(?3 AS INTEGER))")));
    EXPECT_THAT(echo.statements("UPDATE"),
                ElementsAre(per_dialect(db,
                                        "UPDATE accounts SET balance = balance + $1 WHERE (balance > $2) AND "
                                        "(balance < $3) AND (balance <> $4) RETURNING id, balance",
                                        "UPDATE accounts SET balance = balance + CAST(?1 AS INTEGER) WHERE (balance > "
                                        "CAST(?2 AS INTEGER)) AND (balance < CAST(?3 AS INTEGER)) AND (balance <> "
                                        "CAST(?4 AS INTEGER)) RETURNING id, balance")));
    EXPECT_THAT(echo.statements("DELETE"),
                ElementsAre(per_dialect(db, "DELETE FROM accounts WHERE (balance > $1) AND (balance < $2) RETURNING id",
                                        "DELETE FROM accounts WHERE (balance > CAST(?1 AS INTEGER)) AND (balance < "
                                        "CAST(?2 AS INTEGER)) RETURNING id")));
}

TEST_F(QueryTest, InWithAnEmptyRangeMatchesNothingAndInMatchesAnyCount) {
    const std::vector<orm::uuid> ids = accounts_with({1, 2, 3});
    orm::run_transaction(*database, [&](orm::Session& session) {
        EXPECT_EQ(session.query<Account>().filter(col(&Account::id).in(std::vector<orm::uuid>{})).count(), 0);
        EXPECT_EQ(session.query<Account>().filter(col(&Account::id).in(ids)).count(), 3);
        const std::vector<std::int64_t> balances{3, 1, 99};
        EXPECT_EQ(session.query<Account>().filter(col(&Account::balance).in(balances)).count(), 2);
    });
}

TEST_F(QueryTest, NullTestsAndStringsWithQuotesInIn) {
    orm::run_transaction(*database, [&](orm::Session& session) {
        session.add(Customer{.id = 1, .name = "O'Brien \"Bob\" \\", .email = std::nullopt});
        session.add(Customer{.id = 2, .name = "plain", .email = "p@example.com"});
        EXPECT_EQ(session.query<Customer>().filter(col(&Customer::email).is_null()).one().id, 1);
        EXPECT_EQ(session.query<Customer>().filter(col(&Customer::email).is_not_null()).one().id, 2);
        const std::vector<std::string> names{"O'Brien \"Bob\" \\", "nobody"};
        EXPECT_EQ(session.query<Customer>().filter(col(&Customer::name).in(names)).one().id, 1);
        EXPECT_EQ(session.query<Customer>().filter(col(&Customer::email) == "p@example.com").one().id, 2);
    });
}

TEST_F(QueryTest, OneThrowsNoResultFoundAndMultipleResultsFound) {
    accounts_with({7, 7});
    orm::run_transaction(*database, [&](orm::Session& session) {
        EXPECT_THROW(session.query<Account>().filter(col(&Account::balance) == 8).one(), orm::NoResultFound);
        EXPECT_THROW(session.query<Account>().filter(col(&Account::balance) == 7).one(), orm::MultipleResultsFound);
    });
}

TEST_F(QueryTest, BulkUpdateChangesRowsAndBringsTrackedObjectsInLine) {
    const std::vector<orm::uuid> ids = accounts_with({10, 20, 30});
    orm::Database db = echoing();
    orm::run_transaction(db, [&](orm::Session& session) {
        Account* tracked = session.get<Account>(ids[0]);
        const std::uint64_t changed = session.query<Account>()
                                          .filter(col(&Account::balance) < 25)
                                          .update(orm::set(&Account::balance, col(&Account::balance) + 5));
        EXPECT_EQ(changed, 2u);
        EXPECT_EQ(tracked->balance, 15);  // in line with the row, and not dirty: no UPDATE follows
    });
    EXPECT_EQ(stored_balance(ids[0]), 15);
    EXPECT_EQ(stored_balance(ids[1]), 25);
    EXPECT_EQ(stored_balance(ids[2]), 30);
    EXPECT_THAT(echo.statements("UPDATE"),
                ElementsAre(roachorm_test::per_dialect(
                    db, "UPDATE accounts SET balance = balance + $1 WHERE balance < $2 RETURNING id, balance",
                    "UPDATE accounts SET balance = balance + CAST(?1 AS INTEGER) WHERE balance < CAST(?2 AS INTEGER) "
                    "RETURNING id, balance")));
}

TEST_F(QueryTest, BulkUpdateWithoutTrackedObjectsReturnsNothing) {
    accounts_with({10});
    orm::Database db = echoing();
    orm::run_transaction(db, [&](orm::Session& session) {
        EXPECT_EQ(session.query<Account>().update(orm::set(&Account::balance, 0)), 1u);
    });
    EXPECT_THAT(echo.statements("UPDATE"),
                ElementsAre(roachorm_test::per_dialect(db, "UPDATE accounts SET balance = $1",
                                                       "UPDATE accounts SET balance = CAST(?1 AS INTEGER)")));
}

TEST_F(QueryTest, BulkRemoveDeletesRowsAndTheirObjectsLeaveTheSession) {
    const std::vector<orm::uuid> ids = accounts_with({1, 2, 3});
    orm::run_transaction(*database, [&](orm::Session& session) {
        Account* doomed = session.get<Account>(ids[0]);
        Account* kept = session.get<Account>(ids[2]);
        EXPECT_EQ(session.query<Account>().filter(col(&Account::balance) <= 2).remove(), 2u);
        EXPECT_EQ(doomed->balance, 1);  // still valid until the session ends
        EXPECT_EQ(session.get<Account>(ids[0]), nullptr);
        EXPECT_EQ(session.get<Account>(ids[2]), kept);
        doomed->balance = 99;  // no longer tracked: no UPDATE for a deleted row
    });
    EXPECT_EQ(row_count("accounts"), 1);
}

// Row locks (FOR UPDATE ... NOWAIT): SQLite has none and refuses for_update() (SQLiteOnlyTransactions).
class ServerOnlyQueryTest : public QueryTest {};

TEST_F(ServerOnlyQueryTest, ForUpdateLocksTheRowsRead) {
    const std::vector<orm::uuid> ids = accounts_with({10});
    orm::run_transaction(*database, [&](orm::Session& session) {
        Account& account = session.query<Account>().filter(col(&Account::id) == ids[0]).for_update().one();
        account.balance += 1;
        // Another connection cannot take the lock while this transaction holds it.
        EXPECT_THROW(
            roachorm_test::query_value(*connection, "SELECT balance FROM accounts WHERE id = $1 FOR UPDATE NOWAIT",
                                       {ids[0].to_string()}),
            orm::DatabaseError);
    });
    EXPECT_EQ(stored_balance(ids[0]), 11);
}

TEST_F(QueryTest, UpsertInsertsNewRowsAndOverwritesExistingOnes) {
    orm::run_transaction(*database, [&](orm::Session& session) {
        session.add(Customer{.id = 1, .name = "one", .email = "1@example.com"});
    });
    orm::Database db = echoing();
    orm::run_transaction(db, [&](orm::Session& session) {
        session.upsert_all(std::vector<Customer>{{.id = 1, .name = "uno", .email = std::nullopt},
                                                 {.id = 2, .name = "two", .email = std::nullopt}});
        Customer& again = session.upsert(Customer{.id = 2, .name = "dos", .email = "2@example.com"});
        EXPECT_EQ(&session.query<Customer>().filter(col(&Customer::id) == 2).one(), &again);
    });
    EXPECT_THAT(echo.statements("UPSERT").size() + echo.statements("INSERT").size(), 1u);
    orm::run_transaction(*database, [&](orm::Session& session) {
        EXPECT_EQ(session.query<Customer>().filter(col(&Customer::id) == 1).one().name, "uno");
        EXPECT_FALSE(session.query<Customer>().filter(col(&Customer::id) == 1).one().email.has_value());
        EXPECT_EQ(session.query<Customer>().filter(col(&Customer::id) == 2).one().name, "dos");
    });
}

TEST_F(QueryTest, UpsertOfATrackedRowBecomesAnUpdateOfWhatChanged) {
    const std::vector<orm::uuid> ids = accounts_with({10});
    orm::Database db = echoing();
    orm::run_transaction(db, [&](orm::Session& session) {
        Account* tracked = session.get<Account>(ids[0]);
        EXPECT_EQ(&session.upsert(Account{.id = ids[0], .balance = 77}), tracked);
        EXPECT_EQ(tracked->balance, 77);
    });
    EXPECT_THAT(echo.statements("UPDATE"),
                ElementsAre(roachorm_test::as_sent(db, "UPDATE accounts SET balance = $1 WHERE id = $2")));
    EXPECT_EQ(stored_balance(ids[0]), 77);
}

TEST_F(QueryTest, UpsertWithANilUuidKeyGetsAGeneratedKey) {
    orm::run_transaction(*database, [&](orm::Session& session) {
        Account& account = session.upsert(Account{.balance = 3});
        session.flush();
        EXPECT_FALSE(account.id.is_nil());
    });
    EXPECT_EQ(row_count("accounts"), 1);
}

TEST_F(QueryTest, AnExceptionInTheCallbackDiscardsEveryChange) {
    const std::vector<orm::uuid> ids = accounts_with({10, 20});
    EXPECT_THROW(orm::run_transaction(*database,
                                      [&](orm::Session& session) {
                                          session.get<Account>(ids[0])->balance = 0;
                                          session.add(Account{.balance = 5});
                                          session.query<Account>().filter(col(&Account::id) == ids[1]).remove();
                                          session.flush();
                                          throw std::runtime_error("changed my mind");
                                      }),
                 std::runtime_error);
    EXPECT_EQ(row_count("accounts"), 2);
    EXPECT_EQ(stored_balance(ids[0]), 10);
    EXPECT_EQ(stored_balance(ids[1]), 20);
}

}  // namespace
