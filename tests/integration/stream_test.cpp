// query.stream() and keyset pages (query.after) against the real server: every row once and in order, results equal
// to the same SQL by hand, an early stop, an exception, a statement inside a stream, a retry in mid-stream.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_server.hpp"

namespace {

using orm::col;
using ::testing::HasSubstr;

struct Entry {
    static constexpr std::string_view table_name = "stream_entries";
    std::int64_t id = 0;
    std::int64_t created_at = 0;  // repeats: every value is shared by about a hundred rows
    std::string note;
};

// Entry's columns read through a view whose filter fails the first attempt with a 40001 at row 50,000 (a sequence
// counts the failures, since a rollback keeps it).
struct FailingEntry {
    static constexpr std::string_view table_name = "stream_failing";
    std::int64_t id = 0;
    std::int64_t created_at = 0;
    std::string note;
};

using Row = std::tuple<std::int64_t, std::int64_t, std::string>;
constexpr std::int64_t row_count = 100000;

class StreamTest : public roachorm_test::ServerTest<Entry> {
protected:
    void SetUp() override {
        ServerTest::SetUp();
        // A recursive CTE rather than generate_series, which SQLite lacks; every backend takes WITH before INSERT
        // (PostgreSQL sql-insert.html, SQLite lang_insert.html).
        connection->execute_unprepared(
            "WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 100000) "
            "INSERT INTO stream_entries SELECT n, (n * 7919) % 1000, 'note ' || n FROM g");
    }

    std::vector<Row> by_hand(const std::string& sql) {
        std::vector<Row> rows;
        connection->execute(sql, {}, 3, [&](orm::TextRow row) {
            rows.emplace_back(std::stoll(std::string(*row[0])), std::stoll(std::string(*row[1])), std::string(*row[2]));
        });
        return rows;
    }

    std::string note_of(std::int64_t id) {
        return roachorm_test::query_value(*connection, "SELECT note FROM stream_entries WHERE id = $1",
                                          {std::to_string(id)});
    }
};

TEST_F(StreamTest, EveryRowArrivesOnceInOrderAndEqualsTheSqlByHand) {
    const auto [streamed, handed] = orm::run_transaction(*database, [](orm::Session& session) {
        std::vector<Row> rows;
        const std::uint64_t count = session.query<Entry>().order_by(col(&Entry::id)).stream([&](const Entry& entry) {
            rows.emplace_back(entry.id, entry.created_at, entry.note);
        });
        return std::pair(rows, count);
    });
    EXPECT_EQ(handed, static_cast<std::uint64_t>(row_count));
    ASSERT_EQ(streamed.size(), static_cast<std::size_t>(row_count));
    for (std::int64_t id = 1; id <= row_count; ++id) {
        ASSERT_EQ(std::get<0>(streamed[static_cast<std::size_t>(id - 1)]), id);
    }
    EXPECT_EQ(streamed, by_hand("SELECT id, created_at, note FROM stream_entries ORDER BY id"));

    roachorm_test::EchoCapture echo;
    orm::Database echoing(roachorm_test::server_url(), echo.options());
    const std::vector<Row> filtered = orm::run_transaction(echoing, [](orm::Session& session) {
        std::vector<Row> rows;
        session.query<Entry>()
            .filter(col(&Entry::created_at) < 10)
            .order_by(col(&Entry::created_at), orm::desc)
            .order_by(col(&Entry::id))
            .stream([&](const Entry& entry) { rows.emplace_back(entry.id, entry.created_at, entry.note); });
        return rows;
    });
    EXPECT_EQ(filtered, by_hand("SELECT id, created_at, note FROM stream_entries WHERE created_at < 10 "
                                "ORDER BY created_at DESC, id ASC"));
    EXPECT_EQ(filtered.size(), 1000U);
    // The same statement all() sends, prepared once.
    EXPECT_THAT(echo.statements("SELECT"),
                testing::ElementsAre(roachorm_test::per_dialect(
                    *database,
                    "SELECT id, created_at, note FROM stream_entries WHERE created_at < $1 ORDER BY created_at DESC, "
                    "id ASC",
                    "SELECT id, created_at, note FROM stream_entries WHERE created_at < CAST(?1 AS INTEGER) ORDER BY "
                    "created_at DESC, id ASC")));
}

TEST_F(StreamTest, AnEarlyStopLeavesTheSessionUsableAndTheTransactionCommits) {
    const std::uint64_t handed = orm::run_transaction(*database, [](orm::Session& session) {
        session.add(Entry{.id = row_count + 1, .created_at = 5, .note = "added before"});  // autoflushed
        int seen = 0;
        bool saw_added = false;
        const std::uint64_t count =
            session.query<Entry>().order_by(col(&Entry::id), orm::desc).stream([&](const Entry& entry) {
                saw_added = saw_added || entry.id == row_count + 1;
                return ++seen < 10;
            });
        EXPECT_TRUE(saw_added);
        session.execute("UPDATE stream_entries SET note = 'after the stream' WHERE id = 1");
        EXPECT_EQ(session.query<Entry>().count(), row_count + 1);
        return count;
    });
    EXPECT_EQ(handed, 10U);
    EXPECT_EQ(note_of(1), "after the stream");
    EXPECT_EQ(note_of(row_count + 1), "added before");
}

TEST_F(StreamTest, AnExceptionFromTheCallbackRollsBackAndTheNextTransactionRuns) {
    struct Stop : std::runtime_error {
        Stop() : std::runtime_error("stop") {}
    };
    EXPECT_THROW(orm::run_transaction(*database,
                                      [](orm::Session& session) {
                                          session.execute("UPDATE stream_entries SET note = 'lost' WHERE id = 1");
                                          session.query<Entry>().stream([](const Entry& entry) {
                                              if (entry.id == 1000) {
                                                  throw Stop();
                                              }
                                          });
                                      }),
                 Stop);
    EXPECT_EQ(note_of(1), "note 1");

    // Caught inside the callback, the same exception leaves a session that goes on and commits.
    orm::run_transaction(*database, [](orm::Session& session) {
        EXPECT_THROW(session.query<Entry>().stream([](const Entry&) { throw Stop(); }), Stop);
        session.execute("UPDATE stream_entries SET note = 'kept' WHERE id = 1");
    });
    EXPECT_EQ(note_of(1), "kept");
}

TEST_F(StreamTest, AStatementInsideTheStreamIsATypedErrorAndTheStreamEndsCleanly) {
    std::string message;
    orm::run_transaction(*database, [&](orm::Session& session) {
        try {
            session.query<Entry>().stream(
                [&](const Entry&) { session.execute("UPDATE stream_entries SET note = ''"); });
        } catch (const orm::DatabaseError& error) {
            ADD_FAILURE() << "a server error, not the stream's refusal: " << error.what();
        } catch (const orm::ConnectionError& error) {
            ADD_FAILURE() << "a lost connection, not the stream's refusal: " << error.what();
        } catch (const orm::Error& error) {
            message = error.what();
        }
        // Nested in the other direction: a query's count while rows arrive.
        EXPECT_THROW(session.query<Entry>().stream([&](const Entry&) { session.query<Entry>().count(); }), orm::Error);
        session.execute("UPDATE stream_entries SET note = 'after' WHERE id = 2");
    });
    EXPECT_THAT(message, HasSubstr("busy streaming the rows of a query"));
    EXPECT_EQ(note_of(1), "note 1");
    EXPECT_EQ(note_of(2), "after");
}

// A server-side function that raises a retryable error in mid-stream (PL/pgSQL, a sequence to fail once).
class ServerOnlyStreamTest : public StreamTest {};

TEST_F(ServerOnlyStreamTest, ARetryableErrorInMidStreamRunsTheTransactionAgain) {
    connection->execute_unprepared(R"(
        CREATE SEQUENCE stream_failures;
        CREATE FUNCTION stream_fail_once(id INT8) RETURNS BOOL LANGUAGE plpgsql AS $$
        BEGIN
            IF id = 50000 AND nextval('stream_failures') = 1 THEN
                RAISE EXCEPTION 'restart transaction: injected by the test' USING ERRCODE = '40001';
            END IF;
            RETURN true;
        END $$;
        CREATE VIEW stream_failing AS SELECT * FROM stream_entries WHERE stream_fail_once(id))");
    std::vector<std::uint64_t> handed_per_attempt;
    const std::uint64_t handed = orm::run_transaction(*database, [&](orm::Session& session) {
        std::uint64_t seen = 0;
        try {
            session.query<FailingEntry>().stream([&](const FailingEntry&) { ++seen; });
        } catch (...) {
            handed_per_attempt.push_back(seen);
            throw;
        }
        handed_per_attempt.push_back(seen);
        return seen;
    });
    EXPECT_EQ(handed, static_cast<std::uint64_t>(row_count));
    ASSERT_EQ(handed_per_attempt.size(), 2U);
    // Rows had arrived before the error: it came in mid-stream, not before the first row.
    EXPECT_GT(handed_per_attempt[0], 0U);
    EXPECT_LT(handed_per_attempt[0], static_cast<std::uint64_t>(row_count));
}

TEST_F(StreamTest, KeysetPagesOverRepeatedValuesVisitEveryRowOnceInTheOrderOfTheSqlByHand) {
    roachorm_test::EchoCapture echo;
    orm::Database echoing(roachorm_test::server_url(), echo.options());
    std::vector<std::int64_t> visited;
    int pages = 0;
    std::optional<Entry> last;
    for (;;) {
        const std::vector<Entry> page = orm::run_transaction(echoing, [&](orm::Session& session) {
            auto query = session.query<Entry>()
                             .filter(col(&Entry::id) <= 1000)
                             .order_by(col(&Entry::created_at), orm::desc)
                             .order_by(col(&Entry::id), orm::desc);
            if (last) {
                query.after(*last);
            }
            std::vector<Entry> rows;
            for (const Entry* entry : query.limit(50).all()) {
                rows.push_back(*entry);
            }
            return rows;
        });
        if (page.empty()) {
            break;
        }
        ++pages;
        for (const Entry& entry : page) {
            visited.push_back(entry.id);
        }
        last = page.back();
    }
    std::vector<std::int64_t> expected;
    for (const Row& row : by_hand("SELECT id, created_at, note FROM stream_entries WHERE id <= 1000 "
                                  "ORDER BY created_at DESC, id DESC")) {
        expected.push_back(std::get<0>(row));
    }
    EXPECT_EQ(visited, expected);
    EXPECT_EQ(pages, 20);
    EXPECT_THAT(echo.statements("SELECT"),
                testing::Contains(roachorm_test::per_dialect(
                    echoing,
                    "SELECT id, created_at, note FROM stream_entries WHERE (id <= $1) AND ((created_at < $2) OR "
                    "((created_at = $3) AND (id < $4))) ORDER BY created_at DESC, id DESC LIMIT $5",
                    "SELECT id, created_at, note FROM stream_entries WHERE (id <= CAST(?1 AS INTEGER)) AND "
                    "((created_at < ?2) OR ((created_at = ?3) AND (id < ?4))) ORDER BY created_at DESC, id DESC "
                    "LIMIT ?5")));
}

}  // namespace
