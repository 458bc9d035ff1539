// run_transaction against the real server: results and rollback, real serialization conflicts retried until
// they commit once, the retry limit, nested calls, and the exact statements each attempt sends.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <roachorm/models/account.hpp>

#include "bank.hpp"
#include "test_server.hpp"

namespace {

using roachorm_test::create_accounts;
using roachorm_test::Ledger;

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

class Transactions : public roachorm_test::ServerTest<models::Account, Ledger> {
protected:
    std::int64_t balance_sum() {
        std::int64_t sum = 0;
        for (const auto& account : orm::table::select_all<models::Account>(*connection)) {
            sum += account.balance;
        }
        return sum;
    }

    std::size_t ledger_rows() { return orm::table::select_all<Ledger>(*connection).size(); }

    // A concurrent transaction that commits a change to `account` after the caller's snapshot was taken: the
    // caller's next write of that row is a real serialization failure (40001). On SQLite the caller holds the write
    // lock from its BEGIN IMMEDIATE, so this write is the one refused (SQLITE_BUSY after the busy timeout), thrown
    // inside the caller's transaction, which is retried for it.
    void commit_concurrent_write(const orm::uuid& account) {
        const orm::TextValue key[] = {account.to_string()};
        connection->execute("UPDATE accounts SET balance = balance + 0 WHERE id = $1", key);
    }
};

TEST_F(Transactions, ReturnsTheCallbacksResultAndCommitsItsChanges) {
    const auto ids = create_accounts(*connection, 1, 100);
    const std::int64_t before = orm::run_transaction(*database, [&](orm::Session& session) {
        models::Account* account = session.get<models::Account>(ids[0]);
        const std::int64_t balance = account->balance;
        account->balance = 250;
        return balance;
    });
    EXPECT_EQ(before, 100);
    EXPECT_EQ(orm::table::find<models::Account>(*connection, ids[0])->balance, 250);
}

TEST_F(Transactions, ExceptionFromTheCallbackRollsBackAndPropagatesUnchanged) {
    struct Refused : std::runtime_error {
        using std::runtime_error::runtime_error;
    };
    EXPECT_THROW(orm::run_transaction(*database,
                                      [&](orm::Session& session) {
                                          session.add(models::Account{.balance = 5});
                                          session.flush();  // the INSERT reached the server ...
                                          throw Refused("no");
                                      }),
                 Refused);
    EXPECT_EQ(orm::table::select_all<models::Account>(*connection).size(), 0u);  // ... and was rolled back
}

TEST_F(Transactions, ServerErrorRollsBackAndSurfacesAsDatabaseError) {
    const auto ids = create_accounts(*connection, 1, 1);
    try {
        orm::run_transaction(*database, [&](orm::Session& session) {
            session.add(Ledger{.amount = 1});
            session.execute("INSERT INTO accounts (id, balance) VALUES ($1, $2)", ids[0], std::int64_t{2});
        });
        FAIL() << "expected orm::DatabaseError";
    } catch (const orm::DatabaseError& error) {
        EXPECT_EQ(error.sqlstate(), "23505");
    }
    EXPECT_EQ(ledger_rows(), 0u);
}

TEST_F(Transactions, ConnectionErrorFromTheCallbackItselfPropagatesAndIsNotRetried) {
    int calls = 0;
    EXPECT_THROW(orm::run_transaction(*database,
                                      [&](orm::Session& session) {
                                          ++calls;
                                          session.add(Ledger{.amount = 1});
                                          session.flush();
                                          throw orm::ConnectionError("another service the callback uses is down");
                                      }),
                 orm::ConnectionError);
    EXPECT_EQ(calls, 1);
    EXPECT_EQ(ledger_rows(), 0u);
}

TEST_F(Transactions, RunTransactionInsideACallbackIsAnErrorNotADeadlock) {
    try {
        orm::run_transaction(*database, [&](orm::Session&) { orm::run_transaction(*database, [](orm::Session&) {}); });
        FAIL() << "expected orm::Error";
    } catch (const orm::Error& error) {
        EXPECT_THAT(error.what(), HasSubstr("do not nest"));
    }
    // The outer transaction rolled back and the thread can run transactions again.
    EXPECT_NO_THROW(orm::run_transaction(*database, [](orm::Session&) {}));
}

TEST_F(Transactions, RealConflictsAreRetriedAndTheEffectsLandOnce) {
    const auto ids = create_accounts(*connection, 1, 100);
    constexpr int conflicts = 3;
    int calls = 0;
    std::vector<int> observed;
    orm::TransactionOptions options{.max_retries = 5, .backoff_base = std::chrono::milliseconds(1)};
    options.on_retry = [&](const orm::RetryEvent& event) {
        observed.push_back(event.attempt);
        EXPECT_EQ(event.sqlstate, roachorm_test::conflict_sqlstate(*database));
    };
    const int attempt = orm::run_transaction(
        *database,
        [&](orm::Session& session) {
            ++calls;
            models::Account* account = session.get<models::Account>(ids[0]);  // the snapshot starts here
            if (session.attempt() <= conflicts) {
                commit_concurrent_write(ids[0]);
            }
            account->balance -= 10;
            session.add(Ledger{.from_account = ids[0], .amount = 10});
            return session.attempt();
        },
        options);
    EXPECT_EQ(calls, conflicts + 1);
    EXPECT_EQ(attempt, conflicts + 1);
    EXPECT_THAT(observed, ElementsAre(1, 2, 3));
    EXPECT_EQ(orm::table::find<models::Account>(*connection, ids[0])->balance, 90);
    EXPECT_EQ(ledger_rows(), 1u);
}

// Ten real conflicts, each retry reporting the backoff it sleeps. With base 20 ms and cap 50 ms the ceilings are
// 20, 40, then 50 ms, and each backoff is uniform over the whole milliseconds up to its ceiling, so all ten are 0
// with probability 1/21 * 1/41 * (1/51)^8 < 1e-16, and (were the cap ignored, ceilings 80 ms ... 10 s) all eight
// from the third on within 50 ms with probability below 1e-9. std::this_thread::sleep_for blocks for at least the
// given duration, so the call takes at least the sum of the backoffs: a lower bound, not a speed threshold.
TEST_F(Transactions, EachRetrySleepsTheBackoffItReportsWithinBaseAndCap) {
    const auto ids = create_accounts(*connection, 1, 100);
    constexpr int conflicts = 10;
    constexpr auto base = std::chrono::milliseconds(20);
    constexpr auto cap = std::chrono::milliseconds(50);
    std::vector<orm::RetryEvent> retries;
    orm::TransactionOptions options{.max_retries = conflicts, .backoff_base = base, .backoff_cap = cap};
    options.on_retry = [&](const orm::RetryEvent& event) { retries.push_back(event); };

    const auto start = std::chrono::steady_clock::now();
    const int attempt = orm::run_transaction(
        *database,
        [&](orm::Session& session) {
            models::Account* account = session.get<models::Account>(ids[0]);
            if (session.attempt() <= conflicts) {
                commit_concurrent_write(ids[0]);
            }
            account->balance -= 1;
            return session.attempt();
        },
        options);
    const auto elapsed = std::chrono::steady_clock::now() - start;

    EXPECT_EQ(attempt, conflicts + 1);
    ASSERT_EQ(retries.size(), static_cast<std::size_t>(conflicts));
    std::chrono::milliseconds slept{0};
    bool any_above_zero = false;
    for (const orm::RetryEvent& retry : retries) {
        const auto ceiling = std::min(cap, base * (std::int64_t{1} << (retry.attempt - 1)));
        EXPECT_GE(retry.backoff.count(), 0) << "retry after attempt " << retry.attempt;
        EXPECT_LE(retry.backoff, ceiling) << "retry after attempt " << retry.attempt;
        any_above_zero = any_above_zero || retry.backoff.count() > 0;
        slept += retry.backoff;
    }
    EXPECT_TRUE(any_above_zero) << "every retry reported a backoff of 0";
    EXPECT_GE(elapsed, slept) << "run_transaction took less time than the backoffs it reported sleeping";
    EXPECT_EQ(orm::table::find<models::Account>(*connection, ids[0])->balance, 99);
}

TEST_F(Transactions, RetryLimitExceededCarriesAttemptsAndLastErrorAndNothingLands) {
    const auto ids = create_accounts(*connection, 1, 100);
    orm::TransactionOptions options{.max_retries = 2, .backoff_base = std::chrono::milliseconds(1)};
    try {
        orm::run_transaction(
            *database,
            [&](orm::Session& session) {
                models::Account* account = session.get<models::Account>(ids[0]);
                commit_concurrent_write(ids[0]);  // every attempt conflicts
                account->balance -= 10;
                session.add(Ledger{.amount = 10});
            },
            options);
        FAIL() << "expected orm::RetryLimitExceeded";
    } catch (const orm::RetryLimitExceeded& error) {
        EXPECT_EQ(error.attempts(), 3);
        EXPECT_THAT(error.what(), HasSubstr("3 attempts"));
        try {
            std::rethrow_exception(error.last_error());
        } catch (const orm::DatabaseError& cause) {
            EXPECT_EQ(cause.sqlstate(), roachorm_test::conflict_sqlstate(*database));
        }
    }
    EXPECT_EQ(orm::table::find<models::Account>(*connection, ids[0])->balance, 100);
    EXPECT_EQ(ledger_rows(), 0u);
}

TEST_F(Transactions, ConcurrentTransfersEachCommitOnceAndConserveTheTotal) {
    constexpr int threads = 8;
    constexpr int transfers_per_thread = 200;
    const auto ids = create_accounts(*connection, 10, 1000);
    std::atomic<int> retries = 0;
    orm::TransactionOptions options{
        .max_retries = 100, .backoff_base = std::chrono::milliseconds(1), .backoff_cap = std::chrono::milliseconds(50)};
    options.on_retry = [&](const orm::RetryEvent&) { ++retries; };

    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&, t] {
            std::mt19937 random(static_cast<unsigned>(t));
            std::uniform_int_distribution<std::size_t> pick(0, ids.size() - 1);
            for (int i = 0; i < transfers_per_thread; ++i) {
                const orm::uuid from = ids[pick(random)];
                orm::uuid to = ids[pick(random)];
                while (to == from) {
                    to = ids[pick(random)];
                }
                const std::int64_t amount = static_cast<std::int64_t>(pick(random)) + 1;
                orm::run_transaction(
                    *database,
                    [&](orm::Session& session) {
                        session.get<models::Account>(from)->balance -= amount;
                        session.get<models::Account>(to)->balance += amount;
                        session.add(Ledger{.from_account = from, .to_account = to, .amount = amount});
                    },
                    options);
            }
        });
    }
    for (auto& worker : workers) {
        worker.join();
    }
    EXPECT_EQ(ledger_rows(), static_cast<std::size_t>(threads * transfers_per_thread));
    EXPECT_EQ(balance_sum(), 10 * 1000);
    if (database->dialect().kind() == orm::DialectKind::sqlite) {
        // One writer at a time: each waits for the write lock within its busy timeout instead of conflicting
        // (SQLiteOnly tests the retry after a busy timeout runs out).
        EXPECT_EQ(retries.load(), 0);
    } else {
        EXPECT_GT(retries.load(), 0) << "no transfer was retried: the retry path did not run";
    }
}

class Echo : public roachorm_test::ServerTest<models::Account> {
protected:
    // A second Database on the same server whose echo lines land in `lines`.
    orm::Database echoing_database() {
        return orm::Database(roachorm_test::server_url(), orm::DatabaseOptions{.echo = true, .log_sink = sink()});
    }

    // Statement lines go to `lines`, lines about connections to `events`.
    orm::LogSink sink() {
        return [this](std::string_view line) {
            (line.starts_with(orm::StatementLog::kEventPrefix) ? events : lines).emplace_back(line);
        };
    }

    // The statement of each echo line: "roachorm: [attempt 1] 0.123 ms SQL" -> "[attempt 1] SQL".
    std::vector<std::string> statements() const {
        std::vector<std::string> result;
        for (const std::string& line : lines) {
            const std::size_t ms = line.find(" ms ");
            const std::size_t attempt = line.find("[attempt");
            std::string label = attempt == std::string::npos ? "" : line.substr(attempt, line.find(']') - attempt + 2);
            result.push_back(label + line.substr(ms + 4));
        }
        return result;
    }

    std::vector<std::string> lines;
    std::vector<std::string> events;
};

TEST_F(Echo, ShowsEveryStatementOfATransactionWithItsAttemptInProtocolOrder) {
    orm::Database echoing = echoing_database();
    const orm::dialect::Dialect& dialect = echoing.dialect();
    orm::run_transaction(echoing, [](orm::Session& session) { session.add(models::Account{.balance = 7}); });
    const std::string insert = orm::statements<models::Account>(dialect).insert(1);
    EXPECT_THAT(statements(), ElementsAre("[attempt 1] " + dialect.begin_transaction({}), "[attempt 1] " + insert,
                                          "[attempt 1] " + dialect.commit_transaction({})));
    EXPECT_THAT(lines[1], Not(HasSubstr("$1="))) << "values are echoed only when asked";
    // A server's connection names the server it reached; a SQLite URL names a file, and its connection opens it.
    const std::vector<orm::Endpoint> servers = orm::DatabaseUrl::parse(roachorm_test::server_url()).endpoints;
    const std::string first_event = servers.empty() ? "roachorm: -- opened SQLite database "
                                                    : "roachorm: -- connected to " + servers.at(0).name() + " in ";
    EXPECT_THAT(events, ElementsAre(::testing::StartsWith(first_event))) << "the pool's one connection";
}

TEST_F(Echo, ParametersAppearOnlyWhenAsked) {
    orm::Database echoing(roachorm_test::server_url(),
                          orm::DatabaseOptions{.echo_parameters = true, .log_sink = sink()});
    orm::run_transaction(echoing, [](orm::Session& session) { session.add(models::Account{.balance = 4242}); });
    EXPECT_THAT(lines[1], HasSubstr("$2=\"4242\""));
}

}  // namespace
