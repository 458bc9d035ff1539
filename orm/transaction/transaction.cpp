// The retry loop behind run_transaction: begin, run the attempt, commit; on a retryable error restart the
// transaction (the dialect says how), back off with full jitter, and try again within the bounds.
#include <roachorm/orm/transaction/transaction.hpp>

#include <algorithm>
#include <chrono>
#include <optional>
#include <random>
#include <string>
#include <thread>

#include <fmt/format.h>

#include <roachorm/orm/core/error.hpp>

namespace orm::detail {
namespace {

// Per thread, so that a nested run_transaction is caught without locking and other threads are unaffected.
thread_local bool in_transaction_callback = false;

class NestingGuard {
public:
    NestingGuard() {
        if (in_transaction_callback) {
            throw Error(
                "run_transaction was called inside a run_transaction callback: transactions do not nest. Use the "
                "Session the callback was given, or run the second transaction after the first returns");
        }
        in_transaction_callback = true;
    }
    ~NestingGuard() { in_transaction_callback = false; }
    NestingGuard(const NestingGuard&) = delete;
    NestingGuard& operator=(const NestingGuard&) = delete;
};

// Best effort: the transaction is being abandoned, and a connection that cannot roll back is not reused.
// Statements still queued belong to the abandoned transaction and are dropped unsent; a transaction whose BEGIN
// never left the queue has nothing on the server to roll back. One that began and is over already (a raw ROLLBACK
// in the callback, or SQLite rolling back by itself after an error) leaves the connection to be reset.
void roll_back(ConnectionPool::Lease& lease) noexcept {
    // The queue is sent from its front, BEGIN first: once it is empty, BEGIN was sent.
    const bool began = lease->queued() == 0;
    lease->discard_queued();
    const dialect::Dialect& dialect = lease->dialect();
    const std::string statement = lease->in_transaction() ? dialect.rollback_transaction()
                                  : began                 ? dialect.reset_connection()
                                                          : std::string();
    if (statement.empty()) {
        return;
    }
    try {
        lease->execute_unprepared(statement);
    } catch (...) {
        lease.discard();
    }
}

bool is_one_of(const std::string& statement, const std::vector<std::string>& statements) {
    return std::ranges::find(statements, statement) != statements.end();
}

// COMMIT (RELEASE + COMMIT on CockroachDB), sent in one pipeline behind the writes of the last flush. A lost
// connection after COMMIT was sent, or an ambiguous error from it, means the outcome is unknown.
void commit(ConnectionPool::Lease& lease, const std::vector<std::string>& begin_statements,
            const std::vector<std::string>& commit_statements) {
    const dialect::Dialect& dialect = lease->dialect();
    // Nothing reached the server: the transaction's BEGIN waits in the queue with nothing after it to write.
    if (!lease->in_transaction() && lease->queued() == begin_statements.size()) {
        lease->discard_queued();
        return;
    }
    // A server that ended the session before COMMIT was sent cannot have committed: that is a connection lost
    // before COMMIT (retried on a fresh one), not an ambiguous commit.
    if (const std::string reason = lease->closed_by_server(); !reason.empty()) {
        throw ConnectionError(fmt::format(
            "the server ended the session before COMMIT was sent, so the transaction was not applied: {}", reason));
    }
    // A write whose answer is checked (an INSERT's row count) must pass before COMMIT goes out: the server would
    // commit whatever the check found wrong. Those writes take a round trip of their own.
    if (lease->queued_checks()) {
        lease->send_queued();
    }
    for (const std::string& statement : commit_statements) {
        lease->queue({.sql = statement, .prepare = false, .ends_transaction = true});
    }
    try {
        lease->send_queued();
    } catch (const ConnectionError& error) {
        if (!lease->commit_outcome_unknown()) {
            throw;  // lost before COMMIT was sent: nothing was applied, and the transaction runs again
        }
        lease.discard();
        throw AmbiguousCommitError(fmt::format(
            "the connection was lost while committing, so the transaction may or may not have been applied ({}). "
            "Check the data before running it again",
            error.what()));
    } catch (const DatabaseError& error) {
        // A write before COMMIT failed (COMMIT did not run), or COMMIT itself did.
        if (is_one_of(error.statement(), commit_statements) && !dialect.is_retryable(error.sqlstate()) &&
            dialect.commit_failure_is_ambiguous(error.sqlstate())) {
            roll_back(lease);
            throw AmbiguousCommitError(
                fmt::format("the commit failed with {} and the transaction may or may not have been applied ({}). "
                            "Check the data before running it again",
                            error.sqlstate(), error.what()));
        }
        throw;
    }
}

}  // namespace

std::chrono::milliseconds backoff_before_retry(int retry, const TransactionOptions& options) {
    thread_local std::mt19937_64 random{std::random_device{}()};
    const auto ceiling = std::min<std::chrono::milliseconds::rep>(
        options.backoff_cap.count(), options.backoff_base.count() << std::min(retry - 1, 30));
    return std::chrono::milliseconds(
        std::uniform_int_distribution<std::int64_t>(0, std::max<std::int64_t>(0, ceiling))(random));
}

// A connection for `attempt`. When no server accepts one although the database accepted connections before, the
// outage is taken for a passing one (a node restarting, a failover): wait with backoff and try again until the
// connect deadline. A database that never accepted a connection fails at once, as a wrong URL or password should.
// These waits run no callback, so they spend nothing of max_retries.
ConnectionPool::Lease connect_for(Database& database, const TransactionOptions& options, int attempt) {
    using Clock = std::chrono::steady_clock;
    const std::chrono::milliseconds limit = database.options().connect_deadline;
    const Clock::time_point deadline = Clock::now() + limit;
    for (int wait = 1;; ++wait) {
        try {
            return database.pool().acquire();
        } catch (const ConnectFailedError& error) {
            if (!database.was_reachable()) {
                throw;
            }
            const auto remaining = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
            if (remaining <= std::chrono::milliseconds::zero()) {
                throw ConnectFailedError(
                    fmt::format("no server accepted a connection within the connect deadline of {} ms ({} tries); "
                                "the last refusal: {}",
                                limit.count(), wait, error.what()));
            }
            const RetryEvent event{.attempt = attempt,
                                   .sqlstate = {},
                                   .message = error.what(),
                                   .backoff = std::min(backoff_before_retry(wait, options), remaining),
                                   .reason = RetryReason::cannot_connect,
                                   .server = {}};
            if (options.on_retry) {
                options.on_retry(event);
            }
            std::this_thread::sleep_for(event.backoff);
        }
    }
}

// The attempt's connection broke: it is closed, and so are the pool's idle ones to the same server.
void give_up_lost(Database& database, std::optional<ConnectionPool::Lease>& lease) {
    const std::string server = (*lease)->server();
    lease->discard();
    lease.reset();
    database.connection_lost(server);
}

void run_attempts(Database& database, const TransactionOptions& options, const std::function<void(Session&)>& body) {
    const NestingGuard guard;
    const dialect::Dialect& dialect = database.dialect();
    const TransactionMode mode = options.mode();
    // Spelled before anything is sent: a mode the server cannot honour is an orm::Error here.
    const std::vector<std::string> begin = dialect.begin_statements(mode);
    const std::vector<std::string> commit_statements = dialect.commit_statements(mode);
    std::optional<ConnectionPool::Lease> lease;
    // Statements the connection runs after this transaction are no attempt's.
    const struct AttemptLabelReset {
        std::optional<ConnectionPool::Lease>& lease;
        ~AttemptLabelReset() {
            if (lease) {
                (*lease)->set_attempt(0);
            }
        }
    } attempt_label_reset{lease};
    bool transaction_open = false;

    for (int attempt = 1;; ++attempt) {
        if (!lease) {
            lease.emplace(connect_for(database, options, attempt));
        }
        RetryEvent retry{.attempt = attempt,
                         .sqlstate = {},
                         .message = {},
                         .backoff = {},
                         .reason = RetryReason::server_asked,
                         .server = (*lease)->server()};
        std::exception_ptr cause;
        try {
            (*lease)->set_attempt(attempt);
            if (!transaction_open) {
                // BEGIN waits for the transaction's first statement and travels with it.
                for (const std::string& statement : begin) {
                    (*lease)->queue({.sql = statement, .prepare = false});
                }
                transaction_open = true;
            }
            TransactionAttempt::run(**lease, attempt, body);
            commit(*lease, begin, commit_statements);
            return;
        } catch (const DatabaseError& error) {
            if (!dialect.is_retryable(error.sqlstate())) {
                roll_back(*lease);
                throw;
            }
            retry.sqlstate = error.sqlstate();
            retry.message = error.what();
            cause = std::current_exception();
            // A transaction that never began (its BEGIN was refused, as SQLite's BEGIN IMMEDIATE is when another
            // writer holds the lock past the busy timeout) has nothing to rewind: the next attempt begins anew.
            transaction_open = false;
            if ((*lease)->in_transaction()) {
                try {
                    (*lease)->execute_unprepared(dialect.restart_transaction(mode));
                    transaction_open = dialect.restart_keeps_transaction(mode);
                } catch (const ConnectionError&) {
                    give_up_lost(database, lease);
                } catch (const DatabaseError&) {
                    // The server would not rewind: the transaction is gone (a failed COMMIT ends it, savepoint and
                    // all) or so is its restart savepoint (the callback released it). Letting this error out would
                    // lose the retry request and hand the pool a connection stuck in a failed transaction; begin
                    // anew instead.
                    roll_back(*lease);
                }
            }
        } catch (const ConnectionError& error) {
            if ((*lease)->is_usable()) {
                roll_back(*lease);  // the callback threw it, about some other connection
                throw;
            }
            // The session's connection was lost before COMMIT was sent: nothing was applied, so the next attempt
            // runs on a fresh connection.
            retry.reason = RetryReason::connection_lost;
            retry.message = error.what();
            cause = std::current_exception();
            give_up_lost(database, lease);
            transaction_open = false;
        } catch (const AmbiguousCommitError&) {
            throw;  // commit() already dealt with the connection
        } catch (...) {
            if (lease) {
                roll_back(*lease);
            }
            throw;
        }

        if (attempt > options.max_retries) {
            if (lease && transaction_open) {
                roll_back(*lease);
            }
            throw RetryLimitExceeded(attempt, cause, retry.message);
        }
        retry.backoff = backoff_before_retry(attempt, options);
        if (options.on_retry) {
            options.on_retry(retry);
        }
        std::this_thread::sleep_for(retry.backoff);
    }
}

}  // namespace orm::detail
