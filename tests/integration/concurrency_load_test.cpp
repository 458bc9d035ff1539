// Load: 16 threads share a pool of 8 for 10,000 mixed transactions (lookups, transfers, inserts). It must finish
// (a watchdog aborts a deadlocked run), leak no connection, and keep the bank's invariants. The suite is named
// Concurrency* so that the ThreadSanitizer run can select it.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include <gtest/gtest.h>

#include <roachorm/models/account.hpp>

#include "bank.hpp"
#include "test_server.hpp"

namespace {

using models::Account;
using roachorm_test::create_accounts;
using roachorm_test::Ledger;

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr int kThreads = 16;
constexpr std::size_t kPoolSize = 8;
constexpr int kTransactions = 10'000;
constexpr int kAccounts = 100;
constexpr std::int64_t kBalance = 1000;

// Sanitizers slow the client several times over; only a hung run may reach the limit.
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
constexpr auto kWatchdog = 600s;
#else
constexpr auto kWatchdog = 120s;
#endif

// Aborts the process (a deadlocked worker cannot be joined, so the test cannot just fail) unless disarmed in time.
class Watchdog {
public:
    explicit Watchdog(std::chrono::seconds limit)
        : thread_([this, limit] {
              std::unique_lock lock(mutex_);
              if (!disarmed_.wait_for(lock, limit, [this] { return done_; })) {
                  std::fprintf(stderr, "ConcurrencyLoad: not finished within %llds: a deadlock or a hung connection\n",
                               static_cast<long long>(limit.count()));
                  std::abort();
              }
          }) {}
    ~Watchdog() {
        {
            std::lock_guard lock(mutex_);
            done_ = true;
        }
        disarmed_.notify_one();
    }
    Watchdog(const Watchdog&) = delete;
    Watchdog& operator=(const Watchdog&) = delete;

private:
    std::mutex mutex_;
    std::condition_variable disarmed_;
    bool done_ = false;
    std::jthread thread_;  // last: started once the members it uses exist, joined before they go
};

class ConcurrencyLoad : public roachorm_test::ServerTest<Account, Ledger> {};

TEST_F(ConcurrencyLoad, SixteenThreadsOnAPoolOfEightRunTenThousandMixedTransactionsWithoutDeadlockOrLeak) {
    const std::vector<orm::uuid> ids = create_accounts(*connection, kAccounts, kBalance);
    orm::Database db(roachorm_test::server_url(), {.pool_size = kPoolSize, .acquire_timeout = 60s});
    orm::TransactionOptions options{.max_retries = 50, .backoff_base = 1ms, .backoff_cap = 50ms};
    std::atomic<int> retries = 0;
    options.on_retry = [&](const orm::RetryEvent&) { ++retries; };

    std::atomic<int> next = 0;
    std::atomic<int> lookups = 0, inserts = 0, failures = 0;
    std::vector<std::vector<orm::uuid>> transfers(kThreads);  // per thread: the ids of committed transfers
    std::mutex first_failure_mutex;
    std::string first_failure;

    const auto start = Clock::now();
    {
        const Watchdog watchdog(kWatchdog);
        std::vector<std::jthread> workers;
        for (int t = 0; t < kThreads; ++t) {
            workers.emplace_back([&, t] {
                std::mt19937 random(static_cast<unsigned>(t) + 1);
                std::uniform_int_distribution<std::size_t> pick(0, ids.size() - 1);
                std::uniform_int_distribution<int> kind(0, 99);
                while (next.fetch_add(1) < kTransactions) {
                    const int roll = kind(random);
                    const orm::uuid from = ids[pick(random)];
                    orm::uuid to = ids[pick(random)];
                    while (to == from) {
                        to = ids[pick(random)];
                    }
                    try {
                        if (roll < 50) {
                            orm::run_transaction(
                                db, [&](orm::Session& session) { return session.get<Account>(from)->balance; },
                                options);
                            ++lookups;
                        } else if (roll < 85) {
                            const orm::uuid transfer = orm::uuid::random();
                            const std::int64_t amount = static_cast<std::int64_t>(pick(random)) + 1;
                            orm::run_transaction(
                                db,
                                [&](orm::Session& session) {
                                    session.get<Account>(from)->balance -= amount;
                                    session.get<Account>(to)->balance += amount;
                                    session.add(Ledger{
                                        .id = transfer, .from_account = from, .to_account = to, .amount = amount});
                                },
                                options);
                            transfers[static_cast<std::size_t>(t)].push_back(transfer);
                        } else {
                            orm::run_transaction(
                                db, [](orm::Session& session) { session.add(Account{.balance = 0}); }, options);
                            ++inserts;
                        }
                    } catch (const std::exception& error) {
                        ++failures;
                        const std::lock_guard lock(first_failure_mutex);
                        if (first_failure.empty()) {
                            first_failure = error.what();
                        }
                    }
                }
            });
        }
    }
    const auto elapsed = std::chrono::duration<double>(Clock::now() - start).count();

    std::unordered_set<orm::uuid> committed;
    for (const auto& ids_of_thread : transfers) {
        committed.insert(ids_of_thread.begin(), ids_of_thread.end());
    }
    std::cout << "ConcurrencyLoad: " << kTransactions << " transactions in " << elapsed << " s ("
              << kTransactions / elapsed << "/s): " << lookups << " lookups, " << committed.size() << " transfers, "
              << inserts << " inserts, " << failures << " failures, " << retries << " retries\n";

    EXPECT_EQ(failures.load(), 0) << "first failure: " << first_failure;
    EXPECT_EQ(lookups + static_cast<int>(committed.size()) + inserts + failures, kTransactions);
    EXPECT_LE(db.pool().open_count(), kPoolSize);
    EXPECT_EQ(db.pool().idle_count(), db.pool().open_count()) << "a connection was never given back";

    const std::vector<Ledger> ledger = orm::table::select_all<Ledger>(*connection);
    std::unordered_set<orm::uuid> landed;
    for (const Ledger& row : ledger) {
        landed.insert(row.id);
    }
    EXPECT_EQ(ledger.size(), committed.size());
    EXPECT_TRUE(landed == committed) << "the ledger differs from the transfers run_transaction reported committed";
    const std::vector<Account> accounts = orm::table::select_all<Account>(*connection);
    std::int64_t sum = 0;
    for (const Account& account : accounts) {
        sum += account.balance;
    }
    EXPECT_EQ(sum, kAccounts * kBalance);
    EXPECT_EQ(accounts.size(), static_cast<std::size_t>(kAccounts + inserts));
}

}  // namespace
