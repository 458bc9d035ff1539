// Unit tests for orm::ServerOrder: how new connections are spread over a multi-host URL's servers, and how servers
// that failed are tried last until they answer again or enough time has passed. No server needed.
#include <roachorm/orm/execution/server_order.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <cstddef>
#include <vector>

namespace {

using ::testing::ElementsAre;
using Clock = orm::ServerOrder::Clock;

orm::ServerOrder three_servers() {
    return orm::ServerOrder({"n1:26257", "n2:26257", "n3:26257"});
}

TEST(ServerOrder, EachNewConnectionStartsOneServerFurtherAlong) {
    orm::ServerOrder order = three_servers();
    EXPECT_THAT(order.next(), ElementsAre(0, 1, 2));
    EXPECT_THAT(order.next(), ElementsAre(1, 2, 0));
    EXPECT_THAT(order.next(), ElementsAre(2, 0, 1));
    EXPECT_THAT(order.next(), ElementsAre(0, 1, 2));
}

TEST(ServerOrder, OneServerIsAlwaysFirst) {
    orm::ServerOrder order({"db:5432"});
    EXPECT_THAT(order.next(), ElementsAre(0));
    EXPECT_THAT(order.next(), ElementsAre(0));
}

TEST(ServerOrder, AServerWhoseConnectionWasLostIsTriedLast) {
    orm::ServerOrder order = three_servers();
    const Clock::time_point now = Clock::now();
    order.failed("n1:26257", now);
    EXPECT_THAT(order.next(now), ElementsAre(1, 2, 0));
    EXPECT_THAT(order.next(now), ElementsAre(1, 2, 0)) << "the rotation goes on among the healthy servers";
    EXPECT_THAT(order.next(now), ElementsAre(2, 1, 0));
}

TEST(ServerOrder, ServersBeforeTheOneThatAcceptedAreTriedLast) {
    orm::ServerOrder order = three_servers();
    const Clock::time_point now = Clock::now();
    const std::vector<std::size_t> tried = order.next(now);  // 0, 1, 2
    order.connected(tried, "n3:26257", now);                 // n1 and n2 refused, or were read-only
    EXPECT_THAT(order.next(now), ElementsAre(2, 1, 0)) << "the rotation starts at n2, which failed like n1";
}

TEST(ServerOrder, AFailedServerThatAcceptsAConnectionIsTrustedAgain) {
    orm::ServerOrder order = three_servers();
    const Clock::time_point now = Clock::now();
    order.failed("n2:26257", now);
    const std::array<std::size_t, 1> only_n2{1};
    order.connected(only_n2, "n2:26257", now);
    EXPECT_THAT(order.next(now), ElementsAre(0, 1, 2));
}

TEST(ServerOrder, AFailureIsForgottenAfterTheFailureMemory) {
    orm::ServerOrder order = three_servers();
    const Clock::time_point then = Clock::now();
    order.failed("n1:26257", then);
    EXPECT_THAT(order.next(then + orm::ServerOrder::kFailureMemory - std::chrono::milliseconds(1)),
                ElementsAre(1, 2, 0));
    EXPECT_THAT(order.next(then + orm::ServerOrder::kFailureMemory), ElementsAre(1, 2, 0))
        << "n1 is back in the rotation, which has moved on to start at n2";
    EXPECT_THAT(order.next(then + orm::ServerOrder::kFailureMemory), ElementsAre(2, 0, 1));
}

TEST(ServerOrder, AServerNamedOtherwiseThanInTheUrlChangesNothing) {
    orm::ServerOrder order = three_servers();
    const Clock::time_point now = Clock::now();
    const std::vector<std::size_t> tried = order.next(now);
    order.connected(tried, "10.0.0.3:26257", now);
    order.failed("10.0.0.1:26257", now);
    EXPECT_THAT(order.next(now), ElementsAre(1, 2, 0));
}

}  // namespace
