// How orm::run_transaction runs one transaction: retry bounds and backoff, read-only, priority, historical reads,
// and a retry observer.
// A Database carries defaults; each run_transaction call may pass its own.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include <orm/transaction_mode.hpp>

namespace orm {

// What the observer learns about each retry, before the backoff sleep.
struct RetryEvent {
    int attempt;                        // the attempt that failed (1 for the first)
    std::string sqlstate;               // "40001", or empty when the connection was lost before COMMIT
    std::string message;                // the server's message (no values)
    std::chrono::milliseconds backoff;  // how long run_transaction sleeps before the next attempt
};

struct TransactionOptions {
    int max_retries = 10;  // attempts = max_retries + 1; then orm::RetryLimitExceeded
    // Exponential backoff with full jitter: before retry n, sleep uniformly in [0, min(cap, base * 2^(n-1))].
    std::chrono::milliseconds backoff_base{10};
    std::chrono::milliseconds backoff_cap{1000};
    bool read_only = false;
    std::function<void(const RetryEvent&)> on_retry{};  // e.g. to count retries; called on the calling thread
    // CockroachDB only (an orm::Error on PostgreSQL): SET TRANSACTION PRIORITY for contended workloads.
    TransactionPriority priority = TransactionPriority::server_default;
    // CockroachDB only (an orm::Error on PostgreSQL): read the database as of this time (AS OF SYSTEM TIME),
    // without conflicting with writers. Such a transaction is read-only.
    std::optional<HistoricalTime> as_of{};

    TransactionMode mode() const { return {.read_only = read_only || as_of, .priority = priority, .as_of = as_of}; }
};

}  // namespace orm
