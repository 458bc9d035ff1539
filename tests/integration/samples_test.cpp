// The bundled samples (samples/*.cpp) run as separate processes against the test server: what each leaves in the
// database and prints, their one-line errors for a bad URL or an unreachable server, --echo and --help.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <roachorm/models/account.hpp>
#include <roachorm/models/point.hpp>

#include "test_server.hpp"

extern char** environ;

namespace {

using ::testing::ContainsRegex;
using ::testing::ElementsAre;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

struct Sample {
    std::string name;
    std::string path;
};

// Paths of the built samples, from samples/CMakeLists.txt.
const std::vector<Sample> all_samples{{"bank", ROACHORM_SAMPLE_BANK},
                                      {"basic", ROACHORM_SAMPLE_BASIC},
                                      {"points", ROACHORM_SAMPLE_POINTS},
                                      {"retry", ROACHORM_SAMPLE_RETRY}};

struct Finished {
    int status = -1;  // the exit status, or 128 + the signal that killed it
    std::string out;
    std::string err;

    std::vector<std::string> out_lines() const {
        std::vector<std::string> lines;
        std::istringstream in(out);
        for (std::string line; std::getline(in, line);) {
            lines.push_back(line);
        }
        return lines;
    }
};

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream contents;
    contents << in.rdbuf();
    return contents.str();
}

// Runs `path` with `args` and waits for it. The child's DATABASE_URL is `database_url` (unset when empty), so a
// test decides where a sample without --url would go, whatever the environment of the suite.
Finished run(const std::string& path, const std::vector<std::string>& args,
             const std::optional<std::string>& database_url = std::nullopt) {
    static int runs = 0;
    const std::string prefix = fmt::format("{}sample-{}-{}", ::testing::TempDir(), getpid(), ++runs);
    const std::string out_path = prefix + ".out";
    const std::string err_path = prefix + ".err";

    std::vector<std::string> environment;
    for (char** variable = environ; *variable != nullptr; ++variable) {
        if (!std::string_view(*variable).starts_with("DATABASE_URL=")) {
            environment.emplace_back(*variable);
        }
    }
    if (database_url) {
        environment.push_back("DATABASE_URL=" + *database_url);
    }
    std::vector<std::string> arguments{path};
    arguments.insert(arguments.end(), args.begin(), args.end());
    const auto pointers = [](std::vector<std::string>& strings) {
        std::vector<char*> result;
        for (std::string& s : strings) {
            result.push_back(s.data());
        }
        result.push_back(nullptr);
        return result;
    };
    std::vector<char*> argv = pointers(arguments);
    std::vector<char*> envp = pointers(environment);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, path.c_str(), &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    Finished finished;
    if (spawned != 0) {
        ADD_FAILURE() << "cannot start " << path << ": " << std::strerror(spawned);
        return finished;
    }
    int wait_status = 0;
    waitpid(pid, &wait_status, 0);
    finished.status = WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : 128 + WTERMSIG(wait_status);
    finished.out = read_file(out_path);
    finished.err = read_file(err_path);
    std::remove(out_path.c_str());
    std::remove(err_path.c_str());
    return finished;
}

// The submatches of the only line of `lines` that matches `pattern` (the whole line).
std::vector<std::string> the_line(const std::vector<std::string>& lines, const std::string& pattern) {
    const std::regex expression(pattern);
    std::vector<std::string> found;
    int matches = 0;
    for (const std::string& line : lines) {
        std::smatch match;
        if (std::regex_match(line, match, expression)) {
            ++matches;
            found.assign(match.begin() + 1, match.end());
        }
    }
    EXPECT_EQ(matches, 1) << "lines matching " << pattern;
    return found;
}

// The submatches of every line that matches `pattern`, in order.
std::vector<std::vector<std::string>> every_line(const std::vector<std::string>& lines, const std::string& pattern) {
    const std::regex expression(pattern);
    std::vector<std::vector<std::string>> found;
    for (const std::string& line : lines) {
        std::smatch match;
        if (std::regex_match(line, match, expression)) {
            found.emplace_back(match.begin() + 1, match.end());
        }
    }
    return found;
}

std::int64_t number(const std::string& text) {
    return std::stoll(text);
}

class Samples : public roachorm_test::ServerTest<models::Account, models::Point> {
protected:
    Finished run_sample(const std::string& path, std::vector<std::string> args = {}) {
        args.insert(args.begin(), {"--url", roachorm_test::server_url()});
        return run(path, args);
    }

    std::int64_t value(const std::string& sql, const std::vector<orm::TextValue>& params = {}) {
        return number(roachorm_test::query_value(*connection, sql, params));
    }
};

TEST_F(Samples, BankLeaves95AccountsWithTheTransferAppliedAndTheDeletedOnesGone) {
    const Finished bank = run_sample(ROACHORM_SAMPLE_BANK);
    ASSERT_EQ(bank.status, 0) << bank.err;
    EXPECT_EQ(bank.err, "");
    const auto lines = bank.out_lines();

    std::map<std::string, std::int64_t> expected;
    for (const auto& created : every_line(lines, "created account (\\S+) with balance (\\d+)")) {
        expected[created[0]] = number(created[1]);
    }
    ASSERT_EQ(expected.size(), 100u);

    const auto before = the_line(lines, "before: account (\\S+) has (\\d+), account (\\S+) has (\\d+)");
    const auto moved = the_line(lines, "moved (\\d+) from account (\\S+) to account (\\S+)");
    const auto after = the_line(lines, "after: account (\\S+) has (\\d+), account (\\S+) has (\\d+)");
    ASSERT_EQ(before.size(), 4u);
    ASSERT_EQ(moved.size(), 3u);
    ASSERT_EQ(after.size(), 4u);
    const std::string source = before[0];
    const std::string target = before[2];
    EXPECT_NE(source, target);
    EXPECT_EQ(number(before[1]), expected.at(source));
    EXPECT_EQ(number(before[3]), expected.at(target));
    EXPECT_EQ(number(moved[0]), expected.at(source) / 2);
    EXPECT_THAT((std::vector{moved[1], moved[2], after[0], after[2]}), ElementsAre(source, target, source, target));
    EXPECT_EQ(number(after[1]), expected.at(source) - number(moved[0]));
    EXPECT_EQ(number(after[3]), expected.at(target) + number(moved[0]));
    expected[source] = number(after[1]);
    expected[target] = number(after[3]);

    std::set<std::string> deleted;
    for (const auto& line : every_line(lines, "deleted account (\\S+)")) {
        deleted.insert(line[0]);
        EXPECT_EQ(expected.erase(line[0]), 1u) << line[0] << " was not created by this run";
    }
    EXPECT_EQ(deleted.size(), 5u);
    the_line(lines, "deleted 5 accounts");
    the_line(lines, "accounts in the table: 95");

    std::map<std::string, std::int64_t> stored;
    for (const models::Account& account : orm::table::select_all<models::Account>(*connection)) {
        stored[account.id.to_string()] = account.balance;
    }
    EXPECT_EQ(stored.size(), 95u);
    EXPECT_EQ(stored, expected);
}

TEST_F(Samples, BasicGrowsBy100PerRunAndItsTransferMovesMoneyWithoutMakingAny) {
    connection->execute_unprepared("DROP TABLE IF EXISTS basic_accounts");
    std::int64_t sum = 0;
    for (std::int64_t round = 1; round <= 2; ++round) {
        SCOPED_TRACE(fmt::format("run {}", round));
        const Finished basic = run_sample(ROACHORM_SAMPLE_BASIC);
        ASSERT_EQ(basic.status, 0) << basic.err;
        EXPECT_EQ(basic.err, "");
        const auto lines = basic.out_lines();

        const auto added = the_line(lines,
                                    "found (\\d+) accounts; added 100 \\(ids (\\d+)\\.\\.(\\d+)\\) holding "
                                    "(\\d+) in total");
        ASSERT_EQ(added.size(), 4u);
        const std::int64_t stored_before = (round - 1) * 100;
        EXPECT_EQ(number(added[0]), stored_before);
        EXPECT_EQ(number(added[1]), stored_before + 1);
        EXPECT_EQ(number(added[2]), stored_before + 100);
        EXPECT_EQ(value("SELECT count(*) FROM basic_accounts"), round * 100);
        EXPECT_EQ(value("SELECT max(id) FROM basic_accounts"), round * 100);
        // The new balances arrived and the transfer neither created nor destroyed money.
        sum += number(added[3]);
        EXPECT_EQ(value("SELECT sum(balance) FROM basic_accounts"), sum);

        const auto moved = the_line(lines,
                                    "moved (\\d+) from account (\\d+) \\((\\d+) -> (\\d+)\\) to account "
                                    "(\\d+) \\((\\d+) -> (\\d+)\\)");
        ASSERT_EQ(moved.size(), 7u);
        const std::int64_t amount = number(moved[0]);
        EXPECT_NE(moved[1], moved[4]);
        EXPECT_EQ(amount, number(moved[2]) / 2);
        EXPECT_EQ(number(moved[3]), number(moved[2]) - amount);
        EXPECT_EQ(number(moved[6]), number(moved[5]) + amount);
        EXPECT_EQ(value("SELECT balance FROM basic_accounts WHERE id = $1", {moved[1]}), number(moved[3]));
        EXPECT_EQ(value("SELECT balance FROM basic_accounts WHERE id = $1", {moved[4]}), number(moved[6]));
        the_line(lines, fmt::format("accounts in the table: {}", round * 100));
    }
    connection->execute_unprepared("DROP TABLE basic_accounts");
}

TEST_F(Samples, PointsAddsExactlyTheRowsAskedForUnderDistinctServerKeysAndReportsProgress) {
    std::vector<models::Point> earlier(3);  // rows it must leave alone
    orm::table::insert<models::Point>(*connection, earlier);
    const Finished points = run_sample(ROACHORM_SAMPLE_POINTS, {"--rows", "2000", "--chunk", "500"});
    ASSERT_EQ(points.status, 0) << points.err;
    EXPECT_EQ(points.err, "");
    EXPECT_EQ(value("SELECT count(*) FROM points"), 2003);
    EXPECT_EQ(value("SELECT count(DISTINCT id) FROM points"), 2003);

    // Not a terminal, so plain progress lines, one per committed chunk.
    const auto lines = points.out_lines();
    EXPECT_THAT(every_line(lines, "(\\d+/2000)"), ElementsAre(ElementsAre("500/2000"), ElementsAre("1000/2000"),
                                                              ElementsAre("1500/2000"), ElementsAre("2000/2000")));
    const auto summary = the_line(
        lines, "inserted 2000 points in [0-9.]+ s \\((\\d+) rows/s\\); the server assigned (\\d+) distinct ids");
    ASSERT_EQ(summary.size(), 2u);
    EXPECT_GT(number(summary[0]), 0);
    EXPECT_EQ(number(summary[1]), 2000);
}

TEST_F(Samples, RetryIsRetriedAtLeastOnceEndsAt900And350AndRemovesItsRows) {
    const Finished retry = run_sample(ROACHORM_SAMPLE_RETRY);
    ASSERT_EQ(retry.status, 0) << retry.out << retry.err;
    EXPECT_EQ(retry.err, "");
    const auto lines = retry.out_lines();
    the_line(lines, "balances before: account 1: 1000, account 2: 250");
    EXPECT_THAT(retry.out, ContainsRegex("attempt 1 failed, retrying in [0-9]+ ms: .*" +
                                         roachorm_test::conflict_sqlstate(*database)));
    const auto moved = the_line(lines, "moved 100 from account 1 to account 2 after (\\d+) retr(y|ies)");
    ASSERT_EQ(moved.size(), 2u);
    EXPECT_GE(number(moved[0]), 1);
    the_line(lines, "balances after: account 1: 900, account 2: 350");
    EXPECT_EQ(value("SELECT count(*) FROM retry_accounts"), 0);
}

TEST_F(Samples, DatabaseUrlIsTheDefaultUrl) {
    const Finished retry = run(ROACHORM_SAMPLE_RETRY, {}, roachorm_test::server_url());
    EXPECT_EQ(retry.status, 0) << retry.err;
    EXPECT_THAT(retry.out, HasSubstr("balances after: account 1: 900, account 2: 350"));
}

TEST_F(Samples, EchoPrintsEveryStatementWithItsDurationOnStderr) {
    const Finished points = run_sample(ROACHORM_SAMPLE_POINTS, {"--rows", "10", "--chunk", "5", "--echo"});
    ASSERT_EQ(points.status, 0) << points.err;
    std::vector<std::string> statements;
    std::istringstream err(points.err);
    for (std::string line; std::getline(err, line);) {
        std::smatch match;
        if (std::regex_match(
                line, match,
                std::regex("roachorm: \\[attempt 1\\] (\\[pipeline [0-9]+: [0-9]+ of [0-9]+\\] )?[0-9.]+ ms (.*)"))) {
            statements.push_back(match[2]);
        }
    }
    // Each chunk is a transaction of one key reservation (sent with BEGIN) and one multi-row INSERT.
    const std::string reservation = orm::statements<models::Point>(database->dialect()).reserve_serial_keys;
    EXPECT_THAT(statements,
                ElementsAre(StartsWith("BEGIN"), reservation, StartsWith("INSERT INTO points"), EndsWith("COMMIT"),
                            StartsWith("BEGIN"), reservation, StartsWith("INSERT INTO points"), EndsWith("COMMIT")));
    EXPECT_THAT(points.out, Not(HasSubstr("INSERT")));  // stdout stays the sample's own output
}

// One line on stderr, naming the program, with nothing of the password.
void expect_one_line_error(const Finished& finished, const std::string& start) {
    EXPECT_NE(finished.status, 0);
    EXPECT_EQ(finished.out, "");
    EXPECT_THAT(finished.err, StartsWith(start));
    EXPECT_EQ(std::count(finished.err.begin(), finished.err.end(), '\n'), 1) << finished.err;
    EXPECT_TRUE(finished.err.ends_with("\n")) << finished.err;
    EXPECT_THAT(finished.err, Not(HasSubstr("hunter2")));
}

// The command-line tests need no server: every sample fails before it would use one.
TEST(SampleCommandLine, ABadUrlIsOneLineOnStderrAndAFailureStatus) {
    for (const Sample& sample : all_samples) {
        SCOPED_TRACE(sample.name);
        expect_one_line_error(run(sample.path, {"--url", "mysql://app:hunter2@localhost/bank"}),
                              sample.name + ": invalid database URL");
    }
}

TEST(SampleCommandLine, AnUnreachableServerIsOneLineOnStderrAndAFailureStatus) {
    for (const Sample& sample : all_samples) {
        SCOPED_TRACE(sample.name);
        expect_one_line_error(run(sample.path, {"--url", "postgresql://app:hunter2@127.0.0.1:1/bank"}),
                              sample.name + ": cannot connect");
    }
}

TEST(SampleCommandLine, WithoutAUrlTheyAskForOne) {
    for (const Sample& sample : all_samples) {
        SCOPED_TRACE(sample.name);
        expect_one_line_error(run(sample.path, {}), sample.name + ": no database URL: pass --url or set DATABASE_URL");
    }
}

TEST(SampleCommandLine, HelpNamesTheOptions) {
    for (const Sample& sample : all_samples) {
        SCOPED_TRACE(sample.name);
        const Finished finished = run(sample.path, {"--help"});
        EXPECT_EQ(finished.status, 0);
        EXPECT_THAT(finished.out, HasSubstr("--url"));
        EXPECT_THAT(finished.out, HasSubstr("DATABASE_URL"));
        EXPECT_THAT(finished.out, HasSubstr("--echo"));
    }
    const std::string points_help = run(ROACHORM_SAMPLE_POINTS, {"--help"}).out;
    EXPECT_THAT(points_help, HasSubstr("--rows"));
    EXPECT_THAT(points_help, HasSubstr("--chunk"));
}

}  // namespace
