// The retry backoff of run_transaction without a server: every draw of detail::backoff_before_retry lies in
// [0, min(cap, base * 2^(n-1))] ("full jitter") and the draws spread over that whole range.
#include <algorithm>
#include <chrono>
#include <cstdint>

#include <gtest/gtest.h>

#include <roachorm/orm/options/transaction_options.hpp>
#include <roachorm/orm/transaction/transaction.hpp>

namespace {

using namespace std::chrono_literals;
using orm::detail::backoff_before_retry;

constexpr int kDraws = 2000;

struct Spread {
    std::chrono::milliseconds lowest;
    std::chrono::milliseconds highest;
};

// kDraws backoffs before retry `retry`; fails the test for any above `ceiling` or below 0.
Spread draw(int retry, const orm::TransactionOptions& options, std::chrono::milliseconds ceiling) {
    Spread spread{.lowest = std::chrono::milliseconds::max(), .highest = std::chrono::milliseconds::min()};
    for (int i = 0; i < kDraws; ++i) {
        const std::chrono::milliseconds backoff = backoff_before_retry(retry, options);
        EXPECT_GE(backoff, 0ms) << "retry " << retry;
        EXPECT_LE(backoff, ceiling) << "retry " << retry;
        spread.lowest = std::min(spread.lowest, backoff);
        spread.highest = std::max(spread.highest, backoff);
    }
    return spread;
}

// Each draw is uniform over the c + 1 whole milliseconds in [0, c]. All kDraws of them in one half of the range has
// probability below ((c/2 + 1)/(c + 1))^2000, at most (2/3)^2000 < 1e-350 for c >= 2: the assertions on the spread
// fail only when the draws are not spread over the whole range (always 0, always the ceiling, the cap ignored).
TEST(RetryBackoff, EachRetryDrawsFromZeroToTheDoublingCeilingUntilTheCap) {
    const orm::TransactionOptions options{.max_retries = 20, .backoff_base = 10ms, .backoff_cap = 1000ms};
    for (int retry = 1; retry <= 12; ++retry) {
        const std::chrono::milliseconds ceiling = std::min(1000ms, 10ms * (std::int64_t{1} << (retry - 1)));
        const Spread spread = draw(retry, options, ceiling);
        EXPECT_GT(spread.highest, ceiling / 2) << "retry " << retry << ": the backoff never reached its upper half";
        EXPECT_LT(spread.lowest, ceiling / 2) << "retry " << retry << ": the backoff never reached its lower half";
    }
}

TEST(RetryBackoff, TheCapBoundsEveryRetryEvenTheFirst) {
    const orm::TransactionOptions options{.max_retries = 20, .backoff_base = 100ms, .backoff_cap = 30ms};
    for (const int retry : {1, 2, 5, 31, 64, 1000}) {
        const Spread spread = draw(retry, options, 30ms);
        EXPECT_GT(spread.highest, 15ms) << "retry " << retry;
    }
}

TEST(RetryBackoff, ZeroBaseOrCapMeansNoSleep) {
    EXPECT_EQ(draw(3, orm::TransactionOptions{.max_retries = 5, .backoff_base = 0ms, .backoff_cap = 50ms}, 0ms).highest,
              0ms);
    EXPECT_EQ(draw(3, orm::TransactionOptions{.max_retries = 5, .backoff_base = 10ms, .backoff_cap = 0ms}, 0ms).highest,
              0ms);
}

}  // namespace
