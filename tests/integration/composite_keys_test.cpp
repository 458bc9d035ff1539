// Composite primary keys against the real server: rows that share a key column are separate tracked objects, get
// takes the key as a tuple or column by column, and every statement that finds a row by its key (UPDATE, DELETE,
// upsert, bulk writes that keep the identity map right) names every key column.
#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_server.hpp"

namespace {

using orm::col;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// A post's tags, as models::blog::PostTag: rows of one post share post_id.
struct Placement {
    static constexpr std::string_view table_name = "placements";
    std::int64_t post_id = 0;
    std::string tag;
    std::int32_t position = 0;

    static constexpr auto primary_key = orm::key(&Placement::post_id, &Placement::tag);
};

// Its key columns in another order than they are declared, after a non-key column.
struct Shelf {
    static constexpr std::string_view table_name = "shelves";
    std::string label;
    std::int32_t row = 0;
    std::string room;

    static constexpr auto primary_key = orm::key(&Shelf::room, &Shelf::row);
};

using Row = std::tuple<std::int64_t, std::string, std::int32_t>;

class CompositeKeys : public ::testing::Test {
protected:
    // The tables are written by hand: sql::create_table is not what this suite tests.
    void SetUp() override {
        const std::string url = roachorm_test::server_url();
        ASSERT_FALSE(url.empty()) << "ROACHORM_TEST_URL is not set: run the suite with ./scripts/test";
        database = std::make_unique<orm::Database>(url, echo.options());
        connection = database->connect();
        connection->execute_unprepared(
            "CREATE TABLE placements (post_id INT8 NOT NULL, tag TEXT NOT NULL, position INT4 NOT NULL, "
            "CONSTRAINT placements_pkey PRIMARY KEY (post_id, tag))");
        connection->execute_unprepared(
            "CREATE TABLE shelves (label TEXT NOT NULL, \"row\" INT4 NOT NULL, room TEXT NOT NULL, "
            "CONSTRAINT shelves_pkey PRIMARY KEY (room, \"row\"))");
        orm::run_transaction(*database, [](orm::Session& session) {
            session.add(Placement{.post_id = 7, .tag = "cpp", .position = 1});
            session.add(Placement{.post_id = 7, .tag = "db", .position = 2});
            session.add(Placement{.post_id = 7, .tag = "sql", .position = 3});
            session.add(Placement{.post_id = 8, .tag = "cpp", .position = 1});
        });
        echo.clear();
    }

    // Every row of placements, in key order.
    std::vector<Row> stored() {
        std::vector<Row> rows;
        for (const Placement& p : orm::table::select_all<Placement>(*connection)) {
            rows.emplace_back(p.post_id, p.tag, p.position);
        }
        std::sort(rows.begin(), rows.end());
        return rows;
    }

    roachorm_test::EchoCapture echo;
    std::unique_ptr<orm::Database> database;
    std::unique_ptr<orm::Connection> connection;
};

TEST_F(CompositeKeys, RowsSharingAKeyColumnAreSeparateObjects) {
    orm::run_transaction(*database, [](orm::Session& session) {
        const std::vector<Placement*> tags =
            session.query<Placement>().filter(col(&Placement::post_id) == 7).order_by(col(&Placement::tag)).all();
        ASSERT_EQ(tags.size(), 3u);
        EXPECT_NE(tags[0], tags[1]);
        EXPECT_NE(tags[1], tags[2]);
        EXPECT_NE(tags[0], tags[2]);
        EXPECT_EQ(tags[0]->tag, "cpp");
        EXPECT_EQ(tags[1]->tag, "db");
        EXPECT_EQ(tags[2]->tag, "sql");
        // Read again, each row comes back as its own tracked object.
        const std::vector<Placement*> again = session.query<Placement>().filter(col(&Placement::post_id) == 7).all();
        for (const Placement* p : again) {
            EXPECT_NE(std::find(tags.begin(), tags.end(), p), tags.end());
        }
    });
}

TEST_F(CompositeKeys, GetTakesTheKeyAsATupleOrColumnByColumn) {
    orm::run_transaction(*database, [](orm::Session& session) {
        Placement* by_tuple = session.get<Placement>({7, "db"});
        ASSERT_NE(by_tuple, nullptr);
        EXPECT_EQ(by_tuple->position, 2);
        EXPECT_EQ(session.get<Placement>(7, "db"), by_tuple);
        EXPECT_EQ(session.get<Placement>(std::tuple<std::int64_t, std::string>{7, "db"}), by_tuple);
        Placement* other_post = session.get<Placement>(8, "cpp");
        ASSERT_NE(other_post, nullptr);
        EXPECT_NE(other_post, session.get<Placement>(7, "cpp"));
        EXPECT_EQ(session.query<Placement>().filter(col(&Placement::tag) == "db").one().position, 2);
        EXPECT_EQ(&session.query<Placement>().filter(col(&Placement::tag) == "db").one(), by_tuple);
        EXPECT_EQ(session.get<Placement>(7, "rust"), nullptr);
        EXPECT_EQ(session.get<Placement>(9, "db"), nullptr);
    });
}

TEST_F(CompositeKeys, ChangingANonKeyColumnUpdatesThatRowOnly) {
    orm::run_transaction(*database, [](orm::Session& session) {
        for (Placement* p : session.query<Placement>().all()) {
            (void)p;  // every row tracked, so that only the changed one may cost an UPDATE
        }
        session.get<Placement>(7, "db")->position = 20;
    });
    EXPECT_THAT(echo.statements("UPDATE"),
                ElementsAre(roachorm_test::as_sent(
                    *database, "UPDATE placements SET \"position\" = $1 WHERE post_id = $2 AND tag = $3")));
    EXPECT_THAT(stored(), ElementsAre(Row{7, "cpp", 1}, Row{7, "db", 20}, Row{7, "sql", 3}, Row{8, "cpp", 1}));
}

TEST_F(CompositeKeys, ChangingAnyKeyColumnIsRefused) {
    for (const bool second_column : {false, true}) {
        SCOPED_TRACE(second_column ? "tag" : "post_id");
        try {
            orm::run_transaction(*database, [&](orm::Session& session) {
                Placement* p = session.get<Placement>(7, "cpp");
                if (second_column) {
                    p->tag = "rust";
                } else {
                    p->post_id = 9;
                }
            });
            ADD_FAILURE() << "expected an orm::Error";
        } catch (const orm::DatabaseError& error) {
            ADD_FAILURE() << "the change reached the server: " << error.what();
        } catch (const orm::Error& error) {
            EXPECT_THAT(error.what(), HasSubstr("the primary key of a tracked placements object was changed"));
        }
    }
    EXPECT_TRUE(echo.statements("UPDATE").empty());
    EXPECT_THAT(stored(), ElementsAre(Row{7, "cpp", 1}, Row{7, "db", 2}, Row{7, "sql", 3}, Row{8, "cpp", 1}));
}

TEST_F(CompositeKeys, RemoveDeletesThatRowOnly) {
    orm::run_transaction(*database, [](orm::Session& session) {
        Placement* db = session.get<Placement>(7, "db");
        session.remove(*db);
        session.flush();
        EXPECT_EQ(session.get<Placement>(7, "db"), nullptr);
        EXPECT_NE(session.get<Placement>(7, "cpp"), nullptr);
    });
    EXPECT_THAT(echo.statements("DELETE"), ElementsAre(roachorm_test::as_sent(
                                               *database, "DELETE FROM placements WHERE post_id = $1 AND tag = $2")));
    EXPECT_THAT(stored(), ElementsAre(Row{7, "cpp", 1}, Row{7, "sql", 3}, Row{8, "cpp", 1}));
}

TEST_F(CompositeKeys, UpsertOverwritesTheRowWithTheSameKey) {
    orm::run_transaction(*database, [](orm::Session& session) {
        session.upsert(Placement{.post_id = 7, .tag = "cpp", .position = 10});
        session.upsert(Placement{.post_id = 8, .tag = "db", .position = 11});  // a new row
    });
    EXPECT_THAT(stored(),
                ElementsAre(Row{7, "cpp", 10}, Row{7, "db", 2}, Row{7, "sql", 3}, Row{8, "cpp", 1}, Row{8, "db", 11}));
    orm::run_transaction(*database, [](orm::Session& session) {
        Placement* sql = session.get<Placement>(7, "sql");
        // An upsert of a key the session tracks is that object.
        EXPECT_EQ(&session.upsert(Placement{.post_id = 7, .tag = "sql", .position = 30}), sql);
        EXPECT_EQ(sql->position, 30);
    });
    EXPECT_THAT(stored(),
                ElementsAre(Row{7, "cpp", 10}, Row{7, "db", 2}, Row{7, "sql", 30}, Row{8, "cpp", 1}, Row{8, "db", 11}));
}

TEST_F(CompositeKeys, BulkUpdateAndRemoveKeepTheIdentityMapRight) {
    orm::run_transaction(*database, [](orm::Session& session) {
        Placement* cpp = session.get<Placement>(7, "cpp");
        Placement* db = session.get<Placement>(7, "db");
        Placement* sql = session.get<Placement>(7, "sql");
        Placement* other_cpp = session.get<Placement>(8, "cpp");
        // Only rows of post 7 tagged cpp or sql: each returned key finds its own object.
        const std::vector<std::string> tags{"cpp", "sql"};
        EXPECT_EQ(session.query<Placement>()
                      .filter(col(&Placement::post_id) == 7 && col(&Placement::tag).in(tags))
                      .update(orm::set(&Placement::position, col(&Placement::position) + 100)),
                  2u);
        EXPECT_EQ(cpp->position, 101);
        EXPECT_EQ(db->position, 2);
        EXPECT_EQ(sql->position, 103);
        EXPECT_EQ(other_cpp->position, 1);
        // Taken in line, snapshots included: nothing is left for the flush to UPDATE.
        session.flush();
        // Deletes only (8, "cpp"), though (7, "cpp") shares its tag and post 8 shares nothing else.
        EXPECT_EQ(session.query<Placement>().filter(col(&Placement::post_id) == 8).remove(), 1u);
        EXPECT_EQ(session.get<Placement>(8, "cpp"), nullptr);
        EXPECT_EQ(session.get<Placement>(7, "cpp"), cpp);
        EXPECT_EQ(other_cpp->tag, "cpp");  // a forgotten object stays valid
    });
    EXPECT_THAT(echo.statements("UPDATE"), ElementsAre(HasSubstr("RETURNING post_id, tag, \"position\"")));
    EXPECT_THAT(echo.statements("DELETE"), ElementsAre(HasSubstr("RETURNING post_id, tag")));
    EXPECT_THAT(stored(), ElementsAre(Row{7, "cpp", 101}, Row{7, "db", 2}, Row{7, "sql", 103}));
}

// The key in key order (room, row), not declaration order (label, row, room).
TEST_F(CompositeKeys, KeyColumnsAreMatchedInTheirDeclaredKeyOrder) {
    orm::run_transaction(*database, [](orm::Session& session) {
        session.add(Shelf{.label = "a", .row = 1, .room = "attic"});
        session.add(Shelf{.label = "b", .row = 2, .room = "attic"});
        session.add(Shelf{.label = "c", .row = 1, .room = "cellar"});
    });
    orm::run_transaction(*database, [](orm::Session& session) {
        Shelf* shelf = session.get<Shelf>("attic", 2);
        ASSERT_NE(shelf, nullptr);
        EXPECT_EQ(shelf->label, "b");
        EXPECT_EQ(session.get<Shelf>({"cellar", 1})->label, "c");
        shelf->label = "B";
        EXPECT_EQ(session.query<Shelf>().filter(col(&Shelf::row) == 1).update(orm::set(&Shelf::label, "x")), 2u);
        EXPECT_EQ(session.get<Shelf>("attic", 1)->label, "x");
        session.remove(*session.get<Shelf>("cellar", 1));
    });
    EXPECT_THAT(
        echo.statements("UPDATE"),
        ElementsAre(roachorm_test::as_sent(*database, "UPDATE shelves SET label = $1 WHERE room = $2 AND \"row\" = $3"),
                    HasSubstr("RETURNING room, \"row\", label")));
    EXPECT_THAT(echo.statements("DELETE"),
                ElementsAre(roachorm_test::as_sent(*database, "DELETE FROM shelves WHERE room = $1 AND \"row\" = $2")));
    std::vector<std::tuple<std::string, std::int32_t, std::string>> shelves;
    for (const Shelf& s : orm::table::select_all<Shelf>(*connection)) {
        shelves.emplace_back(s.room, s.row, s.label);
    }
    std::sort(shelves.begin(), shelves.end());
    EXPECT_THAT(shelves, ElementsAre(std::tuple<std::string, std::int32_t, std::string>{"attic", 1, "x"},
                                     std::tuple<std::string, std::int32_t, std::string>{"attic", 2, "B"}));
}

}  // namespace
