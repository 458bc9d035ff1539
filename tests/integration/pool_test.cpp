// orm::ConnectionPool against the real server: lazy connecting, the max_size limit with a bounded wait,
// discarded and broken connections closed rather than reused, and no leak under many threads.
#include <atomic>
#include <chrono>
#include <future>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <roachorm/orm/execution/connection_pool.hpp>

#include "test_server.hpp"

namespace {

using roachorm_test::query_value;

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using Lease = orm::ConnectionPool::Lease;

// Generous bounds for "this happens soon": only a hung pool could reach them.
constexpr auto kEventually = 10s;

std::string select_one(orm::Connection& connection) {
    return query_value(connection, "SELECT 1", {});
}

class ConnectionPool : public roachorm_test::ServerTest<> {
protected:
    // Opens real connections and counts them.
    orm::ConnectionPool::Connect counting_connect() {
        return [this] {
            ++connects;
            return database->connect();
        };
    }

    std::atomic<int> connects = 0;
};

TEST_F(ConnectionPool, ConnectsLazilyAndReusesAReturnedConnection) {
    orm::ConnectionPool pool(counting_connect(), 4, 5s);
    EXPECT_EQ(pool.open_count(), 0u);
    EXPECT_EQ(connects.load(), 0);

    const orm::Connection* first = nullptr;
    {
        Lease lease = pool.acquire();
        first = &*lease;
        EXPECT_EQ(select_one(*lease), "1");
        EXPECT_EQ(pool.open_count(), 1u);
        EXPECT_EQ(pool.idle_count(), 0u);
    }
    EXPECT_EQ(pool.open_count(), 1u);
    EXPECT_EQ(pool.idle_count(), 1u);

    Lease again = pool.acquire();
    EXPECT_EQ(&*again, first);
    EXPECT_EQ(connects.load(), 1);
    EXPECT_EQ(pool.idle_count(), 0u);
}

TEST_F(ConnectionPool, OpensAtMostMaxSizeAndAWaiterGetsTheNextReturnedConnection) {
    orm::ConnectionPool pool(counting_connect(), 2, 60s);
    std::optional<Lease> a{pool.acquire()};
    std::optional<Lease> b{pool.acquire()};
    const orm::Connection* a_connection = &**a;
    EXPECT_EQ(pool.open_count(), 2u);

    auto third = std::async(std::launch::async, [&] {
        Lease lease = pool.acquire();
        return &*lease;
    });
    // Not a correctness wait: the third acquire must still be waiting while both leases are held.
    EXPECT_EQ(third.wait_for(100ms), std::future_status::timeout);
    EXPECT_EQ(pool.open_count(), 2u);

    a.reset();
    // Well before its 60 s timeout: the returned connection went to the waiter.
    ASSERT_EQ(third.wait_for(kEventually), std::future_status::ready);
    EXPECT_EQ(third.get(), a_connection);
    EXPECT_EQ(connects.load(), 2);
    EXPECT_EQ(pool.open_count(), 2u);
}

TEST_F(ConnectionPool, AcquireTimesOutWithAConnectionErrorNamingTheLimit) {
    orm::ConnectionPool pool(counting_connect(), 1, 200ms);
    std::optional<Lease> held{pool.acquire()};

    const auto start = std::chrono::steady_clock::now();
    try {
        pool.acquire();
        FAIL() << "expected orm::ConnectionError";
    } catch (const orm::ConnectionError& error) {
        EXPECT_GE(std::chrono::steady_clock::now() - start, 200ms);
        EXPECT_THAT(error.what(), HasSubstr("within 200 ms"));
        EXPECT_THAT(error.what(), HasSubstr("all 1 are in use"));
        EXPECT_THAT(error.what(), HasSubstr("pool size"));
    }
    // The held lease is untouched, and once it ends the connection is available at once.
    EXPECT_EQ(select_one(**held), "1");
    held.reset();
    EXPECT_EQ(select_one(*pool.acquire()), "1");
    EXPECT_EQ(connects.load(), 1);
}

TEST_F(ConnectionPool, DiscardedConnectionIsClosedInsteadOfReturned) {
    orm::ConnectionPool pool(counting_connect(), 2, 5s);
    std::optional<Lease> kept{pool.acquire()};
    std::optional<Lease> discarded{pool.acquire()};
    EXPECT_EQ(pool.open_count(), 2u);

    discarded->discard();
    discarded.reset();
    EXPECT_EQ(pool.open_count(), 1u);
    EXPECT_EQ(pool.idle_count(), 0u);

    kept.reset();
    EXPECT_EQ(pool.open_count(), 1u);
    EXPECT_EQ(pool.idle_count(), 1u);
}

// pg_terminate_backend and real backend pids are PostgreSQL's; scripts/test runs PostgreSQLOnly* suites there only.
using PostgreSQLOnlyConnectionPool = ConnectionPool;

TEST_F(PostgreSQLOnlyConnectionPool, ConnectionWhoseServerSessionEndedIsClosedAndNotReused) {
    orm::ConnectionPool pool(counting_connect(), 2, 5s);
    {
        Lease lease = pool.acquire();
        const std::string pid = query_value(*lease, "SELECT pg_backend_pid()", {});
        // From the fixture's own connection; the timeout makes the server wait until that backend has exited.
        EXPECT_EQ(query_value(*connection, "SELECT pg_terminate_backend($1, 10000)", {pid}), "t");

        EXPECT_TRUE(lease->is_usable());  // nothing has touched the socket yet
        EXPECT_THROW(select_one(*lease), orm::ConnectionError);
        EXPECT_FALSE(lease->is_usable());
        EXPECT_EQ(pool.open_count(), 1u);
    }
    EXPECT_EQ(pool.open_count(), 0u);
    EXPECT_EQ(pool.idle_count(), 0u);

    Lease next = pool.acquire();
    EXPECT_EQ(select_one(*next), "1");
    EXPECT_EQ(connects.load(), 2);
    EXPECT_EQ(pool.open_count(), 1u);
}

TEST_F(ConnectionPool, ManyThreadsShareASmallPoolWithoutLeaking) {
    constexpr int kThreads = 16;
    constexpr int kRounds = 200;
    orm::ConnectionPool pool(counting_connect(), 4, 60s);
    std::atomic<int> successes = 0;
    std::atomic<int> failures = 0;
    {
        std::vector<std::jthread> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&] {
                for (int i = 0; i < kRounds; ++i) {
                    try {
                        Lease lease = pool.acquire();
                        if (select_one(*lease) == "1") {
                            ++successes;
                        }
                    } catch (const orm::Error&) {
                        ++failures;
                    }
                }
            });
        }
    }
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(successes.load(), kThreads * kRounds);
    EXPECT_LE(pool.open_count(), 4u);
    EXPECT_EQ(pool.idle_count(), pool.open_count());
    EXPECT_EQ(connects.load(), static_cast<int>(pool.open_count()));
}

}  // namespace
