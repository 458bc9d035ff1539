// The echo lines orm::StatementLog writes: attempt, duration, statement text, the bound values only when asked,
// the error of a failed statement, and passwords masked wherever they appear. Dry: nothing here reaches a server.
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <roachorm/orm/core/connection_types.hpp>
#include <roachorm/orm/execution/statement_log.hpp>

namespace {

using namespace std::chrono_literals;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::string_view kPassword = "hunter2";

class StatementLogTest : public ::testing::Test {
protected:
    orm::StatementLog log(bool with_parameters) {
        return orm::StatementLog([this](std::string_view line) { lines.emplace_back(line); }, with_parameters);
    }
    std::vector<std::string> lines;
};

TEST_F(StatementLogTest, LineHasTheAttemptTheDurationInMillisecondsAndTheStatement) {
    log(false).record("SELECT 1", 1500us, 2, {}, "");
    EXPECT_THAT(lines, ElementsAre("roachorm: [attempt 2] 1.500 ms SELECT 1"));
}

TEST_F(StatementLogTest, AStatementThatSharedItsRoundTripNamesItsPipelineAndPlaceInIt) {
    const orm::StatementLog echo = log(false);
    echo.record("UPDATE t SET x = $1", 1ms, 1, {}, "", orm::PipelinePlace{.number = 7, .position = 2, .size = 3});
    echo.record("COMMIT", 1ms, 0, {}, "not run: an earlier statement in its pipeline failed",
                orm::PipelinePlace{.number = 7, .position = 3, .size = 3});
    echo.record("SELECT 1", 1ms, 1, {}, "", orm::PipelinePlace{.number = 8, .position = 1, .size = 1});
    EXPECT_THAT(lines, ElementsAre("roachorm: [attempt 1] [pipeline 7: 2 of 3] 1.000 ms UPDATE t SET x = $1",
                                   "roachorm: [pipeline 7: 3 of 3] 1.000 ms COMMIT (failed: not run: an earlier "
                                   "statement in its pipeline failed)",
                                   "roachorm: [attempt 1] 1.000 ms SELECT 1"));
}

TEST_F(StatementLogTest, EachAttemptNumberIsShownAsItIs) {
    const orm::StatementLog echo = log(false);
    for (const int attempt : {1, 7, 12}) {
        echo.record("COMMIT", 1ms, attempt, {}, "");
    }
    EXPECT_THAT(lines, ElementsAre("roachorm: [attempt 1] 1.000 ms COMMIT", "roachorm: [attempt 7] 1.000 ms COMMIT",
                                   "roachorm: [attempt 12] 1.000 ms COMMIT"));
}

TEST_F(StatementLogTest, NoAttemptLabelOutsideATransaction) {
    log(false).record("CREATE TABLE t (id INT8 PRIMARY KEY)", 250us, 0, {}, "");
    EXPECT_THAT(lines, ElementsAre("roachorm: 0.250 ms CREATE TABLE t (id INT8 PRIMARY KEY)"));
}

TEST_F(StatementLogTest, DurationIsRoundedToMicroseconds) {
    log(false).record("SELECT 1", 1'234'567ns, 1, {}, "");
    log(false).record("SELECT 1", 2s, 1, {}, "");
    EXPECT_THAT(lines,
                ElementsAre("roachorm: [attempt 1] 1.235 ms SELECT 1", "roachorm: [attempt 1] 2000.000 ms SELECT 1"));
}

TEST_F(StatementLogTest, ParametersAreLeftOutUnlessAskedFor) {
    const orm::TextValue parameters[] = {std::string("100"), std::nullopt};
    log(false).record("UPDATE accounts SET balance = $1 WHERE id = $2", 100us, 1, parameters, "");
    EXPECT_THAT(lines, ElementsAre("roachorm: [attempt 1] 0.100 ms UPDATE accounts SET balance = $1 WHERE id = $2"));
    EXPECT_THAT(lines[0], Not(HasSubstr("100\"")));
    EXPECT_THAT(lines[0], Not(HasSubstr("NULL")));
}

TEST_F(StatementLogTest, ParametersWhenAskedForWithNullAsNull) {
    const orm::TextValue parameters[] = {std::string("100"), std::nullopt};
    log(true).record("UPDATE accounts SET balance = $1 WHERE id = $2", 100us, 1, parameters, "");
    EXPECT_THAT(lines, ElementsAre("roachorm: [attempt 1] 0.100 ms UPDATE accounts SET balance = $1 WHERE "
                                   "id = $2 -- $1=\"100\" $2=NULL"));
}

TEST_F(StatementLogTest, AnEmptyStringIsShownApartFromNull) {
    const orm::TextValue parameters[] = {std::string(), std::nullopt, std::string("NULL")};
    log(true).record("SELECT $1, $2, $3", 1ms, 0, parameters, "");
    EXPECT_THAT(lines, ElementsAre(R"(roachorm: 1.000 ms SELECT $1, $2, $3 -- $1="" $2=NULL $3="NULL")"));
}

TEST_F(StatementLogTest, ParameterTextIsEscapedSoTheLineStaysOneLine) {
    const orm::TextValue parameters[] = {std::string("two\nlines \"quoted\"")};
    log(true).record("SELECT $1", 1ms, 0, parameters, "");
    EXPECT_THAT(lines, ElementsAre(R"(roachorm: 1.000 ms SELECT $1 -- $1="two\nlines \"quoted\"")"));
}

TEST_F(StatementLogTest, NoParameterListWhenThereAreNone) {
    log(true).record("SELECT 1", 1ms, 0, {}, "");
    EXPECT_THAT(lines, ElementsAre("roachorm: 1.000 ms SELECT 1"));
}

TEST_F(StatementLogTest, FailedStatementNamesItsSqlstate) {
    const orm::TextValue parameters[] = {std::string("7")};
    log(true).record("UPDATE accounts SET balance = $1", 2ms, 3, parameters, "40001");
    EXPECT_THAT(lines, ElementsAre("roachorm: [attempt 3] 2.000 ms UPDATE accounts SET balance = $1 -- "
                                   "$1=\"7\" (failed: 40001)"));
}

TEST_F(StatementLogTest, FailedStatementWithoutParametersOrTransaction) {
    const orm::TextValue parameters[] = {std::string("7")};
    log(false).record("CREATE TABLE t ()", 1ms, 0, parameters, "42P07");
    EXPECT_THAT(lines, ElementsAre("roachorm: 1.000 ms CREATE TABLE t () (failed: 42P07)"));
}

TEST_F(StatementLogTest, StatementLostWithItsConnection) {
    log(false).record("COMMIT", 1ms, 1, {}, "connection lost");
    EXPECT_THAT(lines, ElementsAre("roachorm: [attempt 1] 1.000 ms COMMIT (failed: connection lost)"));
}

TEST_F(StatementLogTest, ConnectionEventsAreCommentLinesWithTheirPasswordsMasked) {
    log(false).record_event(
        "could not connect to postgresql://app:hunter2@db:5432/shop: password authentication failed");
    EXPECT_THAT(lines, ElementsAre("roachorm: -- could not connect to postgresql://app:***@db:5432/shop: password "
                                   "authentication failed"));
    EXPECT_TRUE(lines[0].starts_with(orm::StatementLog::kEventPrefix));
}

TEST_F(StatementLogTest, OneLinePerStatementInTheOrderRecorded) {
    const orm::StatementLog echo = log(false);
    echo.record("BEGIN", 1ms, 1, {}, "");
    echo.record("SELECT 1", 1ms, 1, {}, "");
    echo.record("COMMIT", 1ms, 1, {}, "");
    EXPECT_THAT(lines, ElementsAre(HasSubstr("BEGIN"), HasSubstr("SELECT 1"), HasSubstr("COMMIT")));
}

TEST_F(StatementLogTest, PasswordsInTheStatementAreRedacted) {
    log(false).record("CREATE SUBSCRIPTION s CONNECTION 'host=h password=secret' PUBLICATION p", 1ms, 0, {}, "");
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_THAT(lines[0], Not(HasSubstr("secret")));
    EXPECT_THAT(lines[0], HasSubstr("password=***"));
    EXPECT_THAT(lines[0], HasSubstr("PUBLICATION p"));
}

TEST_F(StatementLogTest, SqlPasswordLiteralsAreRedacted) {
    log(false).record("CREATE ROLE app LOGIN PASSWORD 'hunter2'", 1ms, 0, {}, "");
    log(false).record("ALTER USER app WITH PASSWORD 'it''s hunter2'", 1ms, 0, {}, "42501");
    ASSERT_EQ(lines.size(), 2u);
    for (const std::string& line : lines) {
        EXPECT_THAT(line, Not(HasSubstr(kPassword)));
        EXPECT_THAT(line, HasSubstr("PASSWORD ***"));
    }
    EXPECT_THAT(lines[1], HasSubstr("(failed: 42501)"));
}

TEST_F(StatementLogTest, PasswordsInParametersAreRedacted) {
    const orm::TextValue parameters[] = {std::string("postgresql://app:hunter2@db.example/bank")};
    log(true).record("INSERT INTO links (url) VALUES ($1)", 1ms, 0, parameters, "");
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_THAT(lines[0], Not(HasSubstr(kPassword)));
    EXPECT_THAT(lines[0], HasSubstr("app:***@db.example"));
}

TEST_F(StatementLogTest, WithoutASinkLinesGoToStandardError) {
    const orm::StatementLog echo(nullptr, false);
    ::testing::internal::CaptureStderr();
    echo.record("SELECT 1", 1ms, 0, {}, "");
    EXPECT_EQ(::testing::internal::GetCapturedStderr(), "roachorm: 1.000 ms SELECT 1\n");
}

}  // namespace
