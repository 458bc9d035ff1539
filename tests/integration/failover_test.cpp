// Node loss under load: a PostgreSQL primary killed and its synchronous standby promoted (scripts/cluster) while
// threads run transfers through a URL naming both. No transaction may fail, nothing acknowledged may be lost.
// PostgreSQLOnly: it starts PostgreSQL servers of its own with pg_ctl and pg_basebackup, whatever the test server is.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <roachorm/models/account.hpp>

#include "bank.hpp"
#include "test_server.hpp"
#include "transfer_workload.hpp"

namespace {

using roachorm_test::Ledger;
using roachorm_test::TransferOutcome;
using roachorm_test::TransferTally;
using roachorm_test::TransferWorkload;
using Clock = roachorm_test::WorkloadClock;
using namespace std::chrono_literals;

constexpr const char* kNotPostgreSQL =
    "PostgreSQLOnly suites need PostgreSQL (this one starts a primary and a standby with pg_ctl and pg_basebackup); "
    "scripts/test runs them only against the throwaway PostgreSQL";

// A primary (node 1) and its synchronous standby (node 2) of the test's own, in a temp dir that TearDown removes.
class PostgreSQLOnlyFailover : public ::testing::Test {
protected:
    void SetUp() override {
        const std::string server = roachorm_test::shared_server_url();
        ASSERT_FALSE(server.empty()) << "ROACHORM_TEST_URL is not set: run the suite with ./scripts/test";
        ASSERT_EQ(orm::Database(server).dialect().kind(), orm::DialectKind::postgresql) << kNotPostgreSQL;

        // In memory when /dev/shm is there, like scripts/db's servers: the data is thrown away.
        const char* tmpdir = std::getenv("TMPDIR");
        std::string pattern =
            std::string(tmpdir != nullptr && *tmpdir != '\0' ? tmpdir : "/dev/shm") + "/roachorm-failover.XXXXXX";
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr) << "could not create a directory from " << pattern;
        dir = pattern;

        const std::string start = fmt::format("'{}' postgresql start '{}'", ROACHORM_CLUSTER_SCRIPT, dir);
        FILE* output = ::popen(start.c_str(), "r");
        ASSERT_NE(output, nullptr) << "could not run " << start;
        char line[4096];
        while (std::fgets(line, sizeof line, output) != nullptr) {
            const std::string text(line);
            const std::size_t equals = text.find('=');
            if (equals != std::string::npos) {
                cluster[text.substr(0, equals)] = text.substr(equals + 1, text.find_last_not_of('\n') - equals);
            }
        }
        ASSERT_EQ(::pclose(output), 0) << "'" << start << "' failed (its errors are above)";
        ASSERT_TRUE(cluster.contains("url") && cluster.contains("node2_url")) << start << " printed no URLs";
    }

    void TearDown() override {
        database.reset();  // its connections close before the servers go
        if (!dir.empty()) {
            EXPECT_EQ(cluster_command("stop"), 0) << "scripts/cluster could not stop the cluster in " << dir;
        }
    }

    // scripts/cluster postgresql COMMAND DIR [NODE]; its exit status.
    int cluster_command(const std::string& command, const std::string& node = "") const {
        return std::system(
            fmt::format("'{}' postgresql {} '{}' {}", ROACHORM_CLUSTER_SCRIPT, command, dir, node).c_str());
    }

    std::string dir;
    std::map<std::string, std::string> cluster;  // what start printed: url, node1, node1_url, node2, node2_url
    std::unique_ptr<orm::Database> database;
};

TEST_F(PostgreSQLOnlyFailover, PrimaryKilledAndStandbyPromotedUnderTransfersFailsNoTransaction) {
    constexpr int kAccounts = 8;
    constexpr std::int64_t kBalance = 1000;
    constexpr int kSuccessesBeforeKill = 20;  // in all threads together
    constexpr int kPromoted = 2;              // the workload's phase once node 2 is the primary (1: node 1 killed)
    // Fewer connections than threads, as in a web application: a thread waits for one, and when one comes free by
    // being discarded (its server died) the thread opens a fresh one on its transaction's first attempt, during the
    // failover. With a connection per thread every thread would only ever reconnect on a retry.
    database = std::make_unique<orm::Database>(cluster.at("url"), orm::DatabaseOptions{.pool_size = 2});
    database->create_all<models::Account, Ledger>();
    const auto ids = roachorm_test::create_accounts(*database->connect(), kAccounts, kBalance);

    std::optional<TransferTally> tally;
    Clock::time_point killed_at, promoted_at;
    std::optional<Clock::time_point> first_success_after_kill;
    {
        TransferWorkload workload(*database, ids,
                                  {.threads = 4,
                                   .last_phase = kPromoted,
                                   .successes_in_last_phase = 20,  // per thread
                                   .max_transfers_per_thread = 20'000,
                                   .deadline = Clock::now() + 40s,  // bounds the whole test, whatever the servers do
                                   .options = {}});                 // the defaults: what an application gets
        ASSERT_TRUE(workload.wait_for_successes(kSuccessesBeforeKill))
            << "the transfers did not get going before the deadline";
        ASSERT_EQ(cluster_command("kill", "1"), 0) << "scripts/cluster could not kill node 1";
        killed_at = workload.advance_phase();  // node 1 is gone: every server process has exited
        std::this_thread::sleep_for(200ms);    // the time a failover manager takes to decide (short here)
        ASSERT_EQ(cluster_command("promote", "2"), 0) << "scripts/cluster could not promote node 2";
        promoted_at = workload.advance_phase();
        workload.join();

        // The standby, now the primary, holds everything that was acknowledged: it was synchronous.
        orm::Database promoted(cluster.at("node2_url"), {.pool_size = 1});
        tally.emplace(workload.results(), *promoted.connect(), ids, kBalance);
        tally->print(std::cout, "failover", "promotion", kPromoted, workload);
        EXPECT_EQ(workload.successes(), tally->succeeded);
        for (const auto& thread_results : workload.results()) {
            for (const auto& transfer : thread_results) {
                // Whenever it began: a transfer caught by the kill may be the first to get through.
                if (transfer.outcome == TransferOutcome::success && transfer.ended > killed_at &&
                    (!first_success_after_kill || transfer.ended < *first_success_after_kill)) {
                    first_success_after_kill = transfer.ended;
                }
                // The last run of its callback ended in the COMMIT whose outcome is unknown: no retry came after it.
                if (transfer.outcome == TransferOutcome::ambiguous) {
                    EXPECT_EQ(transfer.retries_after_last_call, 0)
                        << "an ambiguous transfer was retried after its COMMIT was lost";
                }
            }
        }
    }
    const auto milliseconds = [](Clock::duration span) {
        return std::chrono::duration_cast<std::chrono::milliseconds>(span).count();
    };
    std::cout << "  promotion done " << milliseconds(promoted_at - killed_at) << " ms after the kill; first success "
              << "after the kill: "
              << (first_success_after_kill ? fmt::format("{} ms", milliseconds(*first_success_after_kill - killed_at))
                                           : std::string("none"))
              << "\n";

    EXPECT_EQ(tally->failed, 0) << "transactions failed during the failover (kinds and first messages above)";
    EXPECT_GT(tally->succeeded_in_phase[kPromoted], 0) << "no transfer succeeded after the promotion";

    // The same Database, never recreated, runs a transfer again, and it lands on the promoted standby.
    const orm::uuid healed_id = orm::uuid::random();
    EXPECT_NO_THROW(orm::run_transaction(*database, [&](orm::Session& session) {
        session.get<models::Account>(ids[0])->balance -= 1;
        session.get<models::Account>(ids[1])->balance += 1;
        session.add(Ledger{.id = healed_id, .from_account = ids[0], .to_account = ids[1], .amount = 1});
    }));
    orm::Database promoted(cluster.at("node2_url"), {.pool_size = 1});
    EXPECT_TRUE(orm::table::find<Ledger>(*promoted.connect(), healed_id).has_value());
}

}  // namespace
