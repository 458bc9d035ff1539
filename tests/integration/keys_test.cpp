// Keys of written rows against the real server: every object of a multi-row INSERT or UPSERT holds the key of its own
// row (re-read by key, every column compared), no multi-row statement reads keys back, an upsert without a key is a
// new row, and large rows are split by bytes.
#include <cstdint>
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
using ::testing::Each;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

// A wide text row, for statements that must be split by their size rather than by their parameter count.
struct Document {
    static constexpr std::string_view table_name = "documents";
    orm::uuid id{};
    std::string body;
};

class Keys : public roachorm_test::ServerTest<Account, Point, Document> {
protected:
    orm::Database echoing() { return orm::Database(roachorm_test::server_url(), echo.options()); }

    std::int64_t count(const std::string& sql) { return std::stoll(roachorm_test::query_value(*connection, sql)); }

    // Re-reads each object's row by its key and compares every column.
    template <orm::Model T>
    void expect_each_object_in_its_own_row(const std::vector<T>& objects) {
        for (const T& object : objects) {
            const std::optional<T> stored =
                orm::table::find<T>(*connection, boost::pfr::get<orm::model_traits<T>::key_index>(object));
            ASSERT_TRUE(stored.has_value());
            EXPECT_TRUE(boost::pfr::eq(*stored, object));
        }
    }

    // The points' keys, each once: as many as points when every point has its own key.
    static std::set<std::int64_t> distinct_keys(const std::vector<Point>& points) {
        std::set<std::int64_t> keys;
        for (const Point& point : points) {
            keys.insert(point.id.value);
        }
        return keys;
    }

    static std::vector<Point> distinct_points(std::size_t n) {
        std::vector<Point> points;
        for (std::size_t i = 0; i < n; ++i) {
            const double v = static_cast<double>(i);
            points.push_back({.x = v, .y = -v, .z = v * 0.5});
        }
        return points;
    }

    roachorm_test::EchoCapture echo;
};

// The session's objects after a flush (which gives them their keys), copied out of the transaction.
template <orm::Model T>
std::vector<T> flushed_copies(orm::Session& session, const std::vector<T*>& objects) {
    session.flush();
    std::vector<T> copied;
    for (const T* object : objects) {
        copied.push_back(*object);
    }
    return copied;
}

TEST_F(Keys, AMultiRowInsertOfSerialRowsReservesTheKeysFirstAndReadsNothingBack) {
    orm::Database db = echoing();
    const std::vector<Point> points = orm::run_transaction(
        db, [&](orm::Session& session) { return flushed_copies(session, session.add_all(distinct_points(50))); });

    const std::set<std::int64_t> keys = distinct_keys(points);
    EXPECT_EQ(keys.size(), 50u);
    EXPECT_FALSE(keys.contains(0));
    expect_each_object_in_its_own_row(points);
    const orm::TableStatements& statements = orm::statements<Point>(db.dialect());
    EXPECT_THAT(echo.statements(), ElementsAre(db.dialect().begin_transaction({}), statements.reserve_serial_keys,
                                               statements.insert(50), db.dialect().commit_transaction({})));
    EXPECT_THAT(echo.statements(), Each(Not(HasSubstr("RETURNING"))));
}

TEST_F(Keys, AMultiRowInsertOfUuidRowsChoosesTheMissingKeysOnTheClient) {
    orm::Database db = echoing();
    const orm::uuid chosen = orm::uuid::random();
    std::vector<Account> accounts{{.balance = 1}, {.id = chosen, .balance = 2}, {.balance = 3}, {.balance = 4}};
    accounts = orm::run_transaction(
        db, [&](orm::Session& session) { return flushed_copies(session, session.add_all(accounts)); });

    EXPECT_EQ(accounts[1].id, chosen);
    std::set<orm::uuid> keys;
    for (const Account& account : accounts) {
        EXPECT_FALSE(account.id.is_nil());
        EXPECT_EQ(account.id.bytes()[6] >> 4, 4) << "a random (version 4) uuid, as gen_random_uuid() makes";
        keys.insert(account.id);
    }
    EXPECT_EQ(keys.size(), 4u);
    expect_each_object_in_its_own_row(accounts);
    EXPECT_THAT(echo.statements("INSERT"), ElementsAre(orm::statements<Account>(db.dialect()).insert(4)));
    EXPECT_THAT(echo.statements(), Each(Not(HasSubstr("RETURNING"))));
}

// One row cannot be matched to the wrong object, so it saves the reservation's round trip.
TEST_F(Keys, AOneRowInsertOfASerialRowTakesItsKeyFromReturning) {
    orm::Database db = echoing();
    const Point point = orm::run_transaction(db, [](orm::Session& session) {
        Point& added = session.add(Point{.x = 7});
        session.flush();
        return added;
    });
    ASSERT_TRUE(point.id.is_assigned());
    expect_each_object_in_its_own_row(std::vector{point});
    EXPECT_THAT(echo.statements(), ElementsAre(db.dialect().begin_transaction({}),
                                               orm::statements<Point>(db.dialect()).insert_returning_key,
                                               db.dialect().commit_transaction({})));
}

TEST_F(Keys, AMultiRowUpsertOverwritesKeyedRowsAndAddsKeylessOnesUnderFreshKeys) {
    std::vector<Point> stored = distinct_points(3);
    orm::table::insert<Point>(*connection, stored);
    std::vector<Point> upserted{stored[0], stored[2], {.x = 100}, {.x = 200}, {.x = 300}};
    upserted[0].x = -1;
    upserted[1].z = -2;
    upserted = orm::run_transaction(
        *database, [&](orm::Session& session) { return flushed_copies(session, session.upsert_all(upserted)); });

    EXPECT_EQ(upserted[0].id, stored[0].id);
    EXPECT_EQ(upserted[1].id, stored[2].id);
    const std::set<std::int64_t> keys = distinct_keys(upserted);
    EXPECT_EQ(keys.size(), 5u);
    EXPECT_FALSE(keys.contains(0));
    expect_each_object_in_its_own_row(upserted);
    EXPECT_EQ(count("SELECT count(*) FROM points"), 6);
}

TEST_F(Keys, AMultiRowUpsertOfUuidRowsKeepsGivenKeysAndChoosesMissingOnes) {
    std::vector<Account> stored{{.balance = 1}, {.balance = 2}};
    orm::table::insert<Account>(*connection, stored);
    std::vector<Account> upserted{{.id = stored[1].id, .balance = 20}, {.balance = 30}, {.balance = 40}};
    upserted = orm::run_transaction(
        *database, [&](orm::Session& session) { return flushed_copies(session, session.upsert_all(upserted)); });

    EXPECT_EQ(upserted[0].id, stored[1].id);
    EXPECT_FALSE(upserted[1].id.is_nil());
    EXPECT_NE(upserted[1].id, upserted[2].id);
    expect_each_object_in_its_own_row(upserted);
    EXPECT_EQ(count("SELECT count(*) FROM accounts"), 4);
}

// Reproduces the data loss: two upserts of new users, each with an unassigned serial key, used to write key 0 twice
// (one row left) — or, in one session, to collapse into one object.
TEST_F(Keys, UpsertsOfUnassignedSerialKeysAreNewRowsAndNeverWriteKeyZero) {
    orm::run_transaction(*database, [](orm::Session& session) { session.upsert(Point{.x = 1}); });
    orm::run_transaction(*database, [](orm::Session& session) { session.upsert(Point{.x = 2}); });
    const std::vector<Point> same_session = orm::run_transaction(*database, [](orm::Session& session) {
        const std::vector<Point*> points{&session.upsert(Point{.x = 3}), &session.upsert(Point{.x = 4})};
        return flushed_copies(session, points);
    });

    EXPECT_EQ(count("SELECT count(*) FROM points"), 4);
    EXPECT_EQ(count("SELECT count(*) FROM points WHERE id = 0"), 0);
    EXPECT_EQ(count("SELECT count(DISTINCT x) FROM points"), 4);
    EXPECT_NE(same_session[0].id, same_session[1].id);
}

// CockroachDB refuses a wire message over 16 MiB by default: 200 rows of 100 KiB (20 MiB of values) go in three
// statements of at most 8 MiB each, and every row lands whole.
TEST_F(Keys, RowsOfLargeValuesAreSplitIntoStatementsByTheirSize) {
    std::vector<Document> documents;
    for (std::size_t i = 0; i < 200; ++i) {
        documents.push_back({.body = std::string(100 * 1024, static_cast<char>('a' + i % 26)) + std::to_string(i)});
    }
    orm::Database db = echoing();
    documents = orm::run_transaction(
        db, [&](orm::Session& session) { return flushed_copies(session, session.add_all(documents)); });

    const orm::TableStatements& statements = orm::statements<Document>(db.dialect());
    EXPECT_THAT(echo.statements("INSERT"),
                ElementsAre(statements.insert(81), statements.insert(81), statements.insert(38)));
    EXPECT_EQ(count("SELECT count(*) FROM documents"), 200);
    expect_each_object_in_its_own_row(documents);
}

constexpr const char* kNotPostgreSQL = "PostgreSQLOnly suites need PostgreSQL (plpgsql triggers)";

class PostgreSQLOnlyKeys : public Keys {};

// A trigger that silently skips rows makes an INSERT write fewer rows than it was given: that is an error naming the
// table, and nothing of the transaction is committed, rather than objects left with keys of rows that do not exist.
TEST_F(PostgreSQLOnlyKeys, AnInsertThatWritesFewerRowsThanItsObjectsFailsAndCommitsNothing) {
    ASSERT_EQ(database->dialect().kind(), orm::DialectKind::postgresql) << kNotPostgreSQL;
    connection->execute_unprepared(
        "CREATE FUNCTION skip_negative_points() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN IF NEW.x < 0 THEN RETURN NULL; END IF; RETURN NEW; END $$; "
        "CREATE TRIGGER skip_negative_points BEFORE INSERT ON points "
        "FOR EACH ROW EXECUTE FUNCTION skip_negative_points()");
    try {
        orm::run_transaction(*database, [](orm::Session& session) {
            session.add_all(std::vector<Point>{{.x = -1}, {.x = 1}, {.x = 2}});
        });
        ADD_FAILURE() << "an INSERT that wrote 2 of 3 rows was accepted";
    } catch (const orm::Error& error) {
        EXPECT_THAT(error.what(), HasSubstr("INSERT on table points gave 2 rows for 3 objects"));
    }
    connection->execute_unprepared("DROP TRIGGER skip_negative_points ON points; DROP FUNCTION skip_negative_points()");
    EXPECT_EQ(count("SELECT count(*) FROM points"), 0);
}

}  // namespace
