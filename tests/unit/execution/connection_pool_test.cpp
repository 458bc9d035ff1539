// Unit tests for orm::ConnectionPool that need no server: an orm::Connection exists only once connected, so
// these cover what the pool does when connecting fails or is still under way. Its behaviour with live
// connections is in tests/integration/pool_test.cpp.
#include <roachorm/orm/execution/connection_pool.hpp>

#include <roachorm/orm/core/error.hpp>
#include <roachorm/orm/execution/database.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>

namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;

// Generous bounds for "this happens soon": only a hung pool could reach them.
constexpr auto kEventually = 10s;

TEST(ConnectionPoolSlots, FailedConnectPropagatesItsErrorAndFreesTheSlot) {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    const orm::Database unreachable{"postgresql://u@127.0.0.1:1/x?connect_timeout=2"};
    int attempts = 0;
    orm::ConnectionPool pool(
        [&] {
            ++attempts;
            return unreachable.connect();
        },
        1, 5s);

    for (int expected_attempts = 1; expected_attempts <= 2; ++expected_attempts) {
        try {
            pool.acquire();
            FAIL() << "expected orm::ConnectionError";
        } catch (const orm::ConnectionError& error) {
            // The connect error itself, not a timeout: a leaked slot would make the second call wait instead.
            EXPECT_THAT(error.what(), HasSubstr("127.0.0.1:1"));
            EXPECT_THAT(error.what(), Not(HasSubstr("came free")));
        }
        EXPECT_EQ(attempts, expected_attempts);
        EXPECT_EQ(pool.open_count(), 0u);
        EXPECT_EQ(pool.idle_count(), 0u);
    }
}

// A connect that blocks until the test lets it fail, so a connection can be kept "being opened".
class BlockedConnect {
public:
    orm::ConnectionPool::Connect connect() {
        return [this]() -> std::unique_ptr<orm::Connection> {
            if (attempts_++ == 0) {
                entered_.set_value();
                // Bounded, so a test that fails before fail() cannot hang on the acquire it left behind.
                release_.get_future().wait_for(kEventually);
            }
            throw orm::ConnectionError("fake connect failed");
        };
    }
    bool wait_until_connecting() { return entered_.get_future().wait_for(kEventually) == std::future_status::ready; }
    void fail() { release_.set_value(); }
    int attempts() const { return attempts_; }

private:
    std::promise<void> entered_;
    std::promise<void> release_;
    std::atomic<int> attempts_ = 0;
};

TEST(ConnectionPoolSlots, ConnectionBeingOpenedCountsTowardMaxSizeWithoutHoldingTheLock) {
    BlockedConnect blocked;
    orm::ConnectionPool pool(blocked.connect(), 1, 200ms);
    auto first = std::async(std::launch::async, [&] { pool.acquire(); });
    ASSERT_TRUE(blocked.wait_until_connecting());

    // These return while the first acquire is still connecting: connect runs outside the pool's lock.
    EXPECT_EQ(pool.open_count(), 1u);
    try {
        pool.acquire();
        ADD_FAILURE() << "expected orm::ConnectionError";
    } catch (const orm::ConnectionError& error) {
        EXPECT_THAT(error.what(), HasSubstr("all 1 are in use"));
    }
    EXPECT_EQ(blocked.attempts(), 1);

    blocked.fail();
    EXPECT_THROW(first.get(), orm::ConnectionError);
    EXPECT_EQ(pool.open_count(), 0u);
}

TEST(ConnectionPoolSlots, WaiterTakesTheSlotOfAConnectThatFailed) {
    BlockedConnect blocked;
    orm::ConnectionPool pool(blocked.connect(), 1, 60s);
    auto first = std::async(std::launch::async, [&] { pool.acquire(); });
    ASSERT_TRUE(blocked.wait_until_connecting());
    auto second = std::async(std::launch::async, [&] { pool.acquire(); });
    // Not a correctness wait: only gives the second acquire time to start waiting on the full pool.
    EXPECT_EQ(second.wait_for(100ms), std::future_status::timeout);

    blocked.fail();
    ASSERT_EQ(first.wait_for(kEventually), std::future_status::ready);
    // Well before its 60 s timeout, the waiter got the freed slot and connected for itself.
    ASSERT_EQ(second.wait_for(kEventually), std::future_status::ready);
    try {
        second.get();
        FAIL() << "expected orm::ConnectionError";
    } catch (const orm::ConnectionError& error) {
        EXPECT_STREQ(error.what(), "fake connect failed");
    }
    EXPECT_EQ(blocked.attempts(), 2);
    EXPECT_EQ(pool.open_count(), 0u);
}

}  // namespace
