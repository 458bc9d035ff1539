// How orm::run_transaction runs one transaction: retry bounds and backoff, isolation level, read-only, priority,
// historical reads, and a retry observer.
// A Database carries defaults; each run_transaction call may pass its own.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include <roachorm/orm/options/transaction_mode.hpp>

namespace orm {

enum class RetryReason {
    server_asked,     // the server asked for a retry (sqlstate says how, e.g. 40001)
    connection_lost,  // the attempt's connection broke before COMMIT was sent
    cannot_connect,   // no server accepted a new connection; the attempt waits for one (see connect_deadline)
};

// What the observer learns about each retry, before the backoff sleep.
struct RetryEvent {
    int attempt;                        // the attempt that failed, or that waits for a connection (1 for the first)
    std::string sqlstate;               // "40001", or empty when the connection was lost or could not be made
    std::string message;                // the server's or libpq's message (no values, no password)
    std::chrono::milliseconds backoff;  // how long run_transaction sleeps before trying again
    RetryReason reason;
    std::string server;  // "host:port" the failed attempt ran on; empty for cannot_connect (message names each)
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
    // SERIALIZABLE (the default) is named in every BEGIN on both servers, whatever the session's
    // default_transaction_isolation says. read_committed asks for READ COMMITTED explicitly; the retry loop still
    // runs, because both servers can still ask for a retry under it: CockroachDB returns 40001 for a deadlock
    // between lock waiters or a statement that already streamed rows and cannot retry itself, PostgreSQL 40P01 for
    // a deadlock. On CockroachDB such a transaction restarts with ROLLBACK and a new BEGIN (no restart savepoint),
    // and the cluster setting sql.txn.read_committed_isolation.enabled (on by default since v24.1) must be on, or
    // the server runs it as SERIALIZABLE. Refused (orm::Error) together with as_of.
    Isolation isolation = Isolation::serializable;

    TransactionMode mode() const {
        return {.isolation = isolation, .read_only = read_only || as_of, .priority = priority, .as_of = as_of};
    }
};

}  // namespace orm
