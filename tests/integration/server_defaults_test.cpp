// Server defaults against the real server: an INSERT leaves an unset orm::defaulted member to the column's DEFAULT
// and reads the value the server chose back into its own object (matched by key, whatever order the rows come
// back in); a set member is written as given; an upsert keeps an existing row's value.
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_server.hpp"

namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

struct Note {
    static constexpr std::string_view table_name = "notes";
    orm::serial id{};
    std::string text;
    orm::defaulted<std::string, orm::literal{"draft"}> status{};
    orm::defaulted<orm::timestamp, orm::now> created_at{};
    orm::defaulted<std::int32_t, 7> priority{};
};

struct Label {
    static constexpr std::string_view table_name = "labels";
    std::string name;
    orm::defaulted<std::string, orm::literal{"it's grey"}> colour{};
    static constexpr std::string_view primary_key = "name";
};

class ServerDefaults : public roachorm_test::ServerTest<Note, Label> {
protected:
    orm::Database echoing() { return orm::Database(roachorm_test::server_url(), echo.options()); }

    roachorm_test::EchoCapture echo;
};

TEST_F(ServerDefaults, AnUnsetMemberTakesTheColumnDefaultAndTheObjectReadsItBack) {
    // SQLite has no clock per transaction, only one per statement, in milliseconds (lang_datefunc.html): there the
    // default is the INSERT's own time, between the C++ clock read before and after the transaction.
    const bool sqlite = database->dialect().kind() == orm::DialectKind::sqlite;
    const auto before = std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now());
    const auto [note, now] = orm::run_transaction(*database, [&](orm::Session& session) {
        Note& added = session.add(Note{.text = "first"});
        session.flush();
        const orm::timestamp server_now =
            sqlite ? orm::timestamp{} : std::get<0>(session.select<orm::timestamp>("SELECT now()").at(0));
        return std::pair{added, server_now};
    });
    const auto after = std::chrono::system_clock::now();
    EXPECT_TRUE(note.id.is_assigned());
    EXPECT_EQ(note.status, "draft");
    if (sqlite) {
        ASSERT_TRUE(note.created_at.has_value());
        EXPECT_GE(*note.created_at, before);
        EXPECT_LE(*note.created_at, after);
    } else {
        EXPECT_EQ(note.created_at, now) << "now() is the transaction's start, in the INSERT and in the SELECT alike";
    }
    EXPECT_EQ(note.priority, 7);
}

TEST_F(ServerDefaults, ASetMemberIsWrittenAsGiven) {
    const Note note = orm::run_transaction(*database, [](orm::Session& session) {
        Note& added = session.add(Note{.text = "urgent", .status = "published", .priority = 1});
        session.flush();
        return added;
    });
    EXPECT_EQ(note.status, "published");
    EXPECT_EQ(note.priority, 1);
    EXPECT_TRUE(note.created_at.has_value());
    const std::string stored = roachorm_test::query_value(
        *connection, "SELECT status || ' ' || priority FROM notes WHERE id = $1", {std::to_string(note.id.value)});
    EXPECT_EQ(stored, "published 1");
}

TEST_F(ServerDefaults, RowsThatLeaveDifferentColumnsGoInOneStatementPerKindAndEachObjectGetsItsOwnRow) {
    orm::Database db = echoing();
    const std::vector<Note> notes = orm::run_transaction(db, [](orm::Session& session) {
        std::vector<Note*> added;
        for (int i = 0; i < 6; ++i) {
            Note note{.text = "note " + std::to_string(i), .priority = i};
            if (i % 2 == 1) {
                note.status = "status " + std::to_string(i);
            }
            added.push_back(&session.add(std::move(note)));
        }
        session.flush();
        std::vector<Note> copies;
        for (const Note* note : added) {
            copies.push_back(*note);
        }
        return copies;
    });
    EXPECT_EQ(echo.statements("INSERT").size(), 2u) << "one INSERT leaves status to the server, one writes it";
    for (std::size_t i = 0; i < notes.size(); ++i) {
        EXPECT_EQ(notes[i].status, i % 2 == 1 ? "status " + std::to_string(i) : "draft");
        EXPECT_EQ(notes[i].priority, static_cast<std::int32_t>(i));
        const std::string stored = roachorm_test::query_value(
            *connection, "SELECT text || '|' || status FROM notes WHERE id = $1", {std::to_string(notes[i].id.value)});
        EXPECT_EQ(stored, notes[i].text + "|" + *notes[i].status) << "each object holds its own row's values";
    }
}

TEST_F(ServerDefaults, AQuotedTextDefaultIsKeptExactly) {
    const Label label = orm::run_transaction(*database, [](orm::Session& session) {
        Label& added = session.add(Label{.name = "a"});
        session.flush();
        return added;
    });
    EXPECT_EQ(label.colour, "it's grey");
}

TEST_F(ServerDefaults, AnUpsertLeavesAnExistingRowsValueAndGivesANewRowTheDefault) {
    orm::run_transaction(*database,
                         [](orm::Session& session) { session.add(Label{.name = "kept", .colour = "blue"}); });
    const auto [kept, fresh] = orm::run_transaction(*database, [](orm::Session& session) {
        Label& existing = session.upsert(Label{.name = "kept"});
        Label& added = session.upsert(Label{.name = "fresh"});
        session.flush();
        return std::pair{existing, added};
    });
    EXPECT_EQ(kept.colour, "blue");
    EXPECT_EQ(fresh.colour, "it's grey");
}

TEST_F(ServerDefaults, UnsettingALoadedMemberIsRefusedWhenItWouldBeWritten) {
    orm::run_transaction(*database, [](orm::Session& session) { session.add(Label{.name = "x", .colour = "red"}); });
    EXPECT_THAT(
        [&] {
            orm::run_transaction(*database, [](orm::Session& session) { session.get<Label>("x")->colour.reset(); });
        },
        ::testing::ThrowsMessage<orm::MappingError>(HasSubstr("column labels.colour")));
}

}  // namespace
