// SQL injection cannot happen by construction: a workload of every statement kind never puts a value into
// statement text (the echo proves it, and with echo_parameters shows the same values as bound parameters), and
// identifiers that are reserved words work end to end.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_server.hpp"

namespace {

using orm::col;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

struct Secret {
    static constexpr std::string_view table_name = "secrets";
    std::int64_t id = 0;
    std::string label{};
    std::int64_t amount = 0;
    double ratio = 0;
    std::optional<std::string> note{};
};

// Values nobody would write into SQL by accident: if one shows up in statement text, a value was spliced in.
constexpr std::int64_t kId1 = 987654321001, kId2 = 987654321002, kId3 = 987654321003;
constexpr std::int64_t kAmounts[] = {987654321987, 987654321988, 987654321989, 987654321990,
                                     987654321991, 987654321992, 987654321993, 987654321994};
constexpr double kRatios[] = {0.123456789012, 1234567.891011, 0.000987654321987, 98765.4321987};
constexpr std::int64_t kLimit = 987654301, kOffset = 987654302;

std::string label(int n) {
    return "SENTINEL_" + std::to_string(n) + "_LABEL";
}
std::string note(int n) {
    return "SENTINEL_" + std::to_string(n) + "_NOTE";
}

// The text form of every value the workload binds.
std::vector<std::string> sentinels() {
    std::vector<std::string> all;
    for (const std::int64_t id : {kId1, kId2, kId3, kLimit, kOffset}) {
        all.push_back(std::to_string(id));
    }
    for (const std::int64_t amount : kAmounts) {
        all.push_back(std::to_string(amount));
    }
    for (const double ratio : kRatios) {
        all.push_back(orm::text::format_double(ratio));
    }
    for (int n = 1; n <= 9; ++n) {
        all.push_back(label(n));
    }
    for (int n = 1; n <= 3; ++n) {
        all.push_back(note(n));
    }
    return all;
}

// Every kind of statement the library sends, each binding some of the sentinels; returns the messages of the
// errors it provokes on purpose.
std::vector<std::string> run_workload(orm::Database& db) {
    db.drop_all<Secret>();
    db.create_all<Secret>();
    orm::run_transaction(db, [](orm::Session& session) {
        session.add_all(std::vector<Secret>{
            {.id = kId1, .label = label(1), .amount = kAmounts[0], .ratio = kRatios[0], .note = note(1)},
            {.id = kId2, .label = label(2), .amount = kAmounts[1], .ratio = kRatios[1], .note = std::nullopt}});
        session.upsert(Secret{.id = kId3, .label = label(3), .amount = kAmounts[2], .ratio = kRatios[2]});
    });
    orm::run_transaction(db, [](orm::Session& session) {
        Secret* first = session.get<Secret>(kId1);
        first->label = label(4);  // an UPDATE of the changed column, flushed before the next query
        session.query<Secret>().filter(col(&Secret::label) == label(2)).one();
        session.query<Secret>().filter(col(&Secret::label).in(std::vector{label(3), label(5)})).all();
        session.query<Secret>()
            .filter(col(&Secret::amount) + kAmounts[3] > kAmounts[4])
            .order_by(col(&Secret::ratio), orm::desc)
            .limit(kLimit)
            .offset(kOffset)
            .all();
        session.query<Secret>().filter(col(&Secret::ratio) * kRatios[3] < kRatios[3]).count();
        session.query<Secret>().filter(col(&Secret::note) == note(2)).exists();
        session.query<Secret>()
            .filter(col(&Secret::id) == kId2)
            .update(orm::set(&Secret::amount, col(&Secret::amount) - kAmounts[5]), orm::set(&Secret::label, label(6)));
        session.query<Secret>().filter(col(&Secret::label) == label(7)).remove();
        session.remove(*first);
        session.execute("UPDATE secrets SET note = $1 WHERE id = $2", note(3), kId3);
        session.select<std::int64_t, std::string>("SELECT id, label FROM secrets WHERE amount <> $1 AND label <> $2",
                                                  kAmounts[6], label(8));
    });
    db.table_names();
    db.columns("secrets");
    db.check_schema<Secret>();

    std::vector<std::string> errors;
    try {
        orm::run_transaction(db, [](orm::Session& session) {
            session.execute("INSERT INTO secrets (id, label, amount, ratio) VALUES ($1, $2, $3, $4)", kId3, label(9),
                            kAmounts[7], kRatios[0]);
        });
        ADD_FAILURE() << "the duplicate key was accepted";
    } catch (const orm::DatabaseError& error) {
        EXPECT_EQ(error.sqlstate(), "23505");
        errors.emplace_back(error.what());
    }
    db.drop_all<Secret>();
    return errors;
}

class Echoed {
public:
    orm::DatabaseOptions options(bool with_parameters) {
        return {.echo = true, .echo_parameters = with_parameters, .log_sink = [this](std::string_view line) {
                    lines.emplace_back(line);
                }};
    }
    std::vector<std::string> lines;
};

class NoValuesInSql : public roachorm_test::ServerTest<> {};

TEST_F(NoValuesInSql, NoBoundValueEverAppearsInStatementTextOrErrorMessages) {
    Echoed echo;
    orm::Database db(roachorm_test::server_url(), echo.options(false));
    const std::vector<std::string> errors = run_workload(db);
    ASSERT_GT(echo.lines.size(), 20u);
    for (const std::string& sentinel : sentinels()) {
        for (const std::string& line : echo.lines) {
            EXPECT_THAT(line, Not(HasSubstr(sentinel))) << "a value was formatted into SQL";
        }
        for (const std::string& error : errors) {
            EXPECT_THAT(error, Not(HasSubstr(sentinel))) << "an error message carries a bound value";
        }
    }
}

TEST_F(NoValuesInSql, WithEchoParametersEveryValueAppearsAsABoundParameterAndOnlyThere) {
    // The positive control: the capture does see the values, exactly where parameters are shown.
    Echoed echo;
    orm::Database db(roachorm_test::server_url(), echo.options(true));
    run_workload(db);
    std::vector<std::string> statement_parts;
    std::string parameter_parts;
    for (const std::string& line : echo.lines) {
        const std::size_t parameters = line.find(" -- $1=");
        statement_parts.push_back(line.substr(0, parameters));
        if (parameters != std::string::npos) {
            parameter_parts += line.substr(parameters) + "\n";
        }
    }
    for (const std::string& sentinel : sentinels()) {
        EXPECT_THAT(parameter_parts, HasSubstr(sentinel)) << "the workload never bound this value";
        for (const std::string& statement : statement_parts) {
            EXPECT_THAT(statement, Not(HasSubstr(sentinel)));
        }
    }
}

// ---- identifiers that are reserved words (and a mixed-case one) ----

struct Group {
    static constexpr std::string_view table_name = "group";
    static constexpr std::string_view primary_key = "select";
    std::int64_t select = 0;
    std::string from{};
    std::optional<std::int32_t> where{};
    std::int64_t order = 0;
    std::string user{};
    bool Limit = false;
};

class ReservedWordsEndToEnd : public roachorm_test::ServerTest<Group> {};

TEST_F(ReservedWordsEndToEnd, CreateInsertQueryUpdateUpsertDeleteAndReflectionAllWork) {
    EXPECT_NO_THROW(database->check_schema<Group>());
    EXPECT_THAT(database->table_names(), Contains("group"));
    std::vector<std::string> column_names;
    for (const orm::ColumnDescription& column : database->columns("group")) {
        column_names.push_back(column.name);
    }
    EXPECT_THAT(column_names, ElementsAre("select", "from", "where", "order", "user", "Limit"));

    orm::run_transaction(*database, [](orm::Session& session) {
        session.add_all(std::vector<Group>{{.select = 1, .from = "a", .where = 5, .order = 10, .user = "x"},
                                           {.select = 2, .from = "b", .where = 5, .order = 20, .Limit = true},
                                           {.select = 3, .from = "c", .order = 30, .user = "x", .Limit = true}});
        session.upsert(Group{.select = 4, .from = "d", .where = 7, .order = 40});
    });
    orm::run_transaction(*database, [](orm::Session& session) {
        session.get<Group>(1)->from = "changed";
        const std::vector<Group*> limited = session.query<Group>()
                                                .filter(col(&Group::Limit) && col(&Group::order) < 100)
                                                .order_by(col(&Group::order), orm::desc)
                                                .limit(1)
                                                .all();
        ASSERT_EQ(limited.size(), 1u);
        EXPECT_EQ(limited[0]->select, 3);
        EXPECT_EQ(session.query<Group>().filter(col(&Group::where) == 5).count(), 2);
        EXPECT_EQ(session.query<Group>()
                      .filter(col(&Group::user) == "x")
                      .update(orm::set(&Group::order, col(&Group::order) + 1)),
                  2u);
        session.upsert(Group{.select = 4, .from = "upserted", .order = 41});
        EXPECT_EQ(session.query<Group>().filter(col(&Group::where).is_null() && col(&Group::select) == 3).remove(), 1u);
        session.remove(*session.get<Group>(2));
    });

    const std::vector<Group> rows = orm::table::select_all<Group>(*connection);
    std::vector<std::string> seen;
    for (const Group& row : rows) {
        seen.push_back(std::to_string(row.select) + ":" + row.from + ":" + std::to_string(row.order));
    }
    std::sort(seen.begin(), seen.end());
    EXPECT_THAT(seen, ElementsAre("1:changed:11", "4:upserted:41"));
    database->drop_all<Group>();
    EXPECT_THAT(database->table_names(), Not(Contains("group")));
}

}  // namespace
