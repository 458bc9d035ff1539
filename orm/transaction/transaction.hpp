// orm::run_transaction: the one way to run a unit of work. It begins a SERIALIZABLE transaction, hands the callback
// a fresh orm::Session, flushes and commits, and runs the whole callback again when the server asks for a retry.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <type_traits>

#include <roachorm/orm/execution/database.hpp>
#include <roachorm/orm/options/transaction_options.hpp>
#include <roachorm/orm/session/session.hpp>
#include <roachorm/orm/transaction/refers_into_session.hpp>

namespace orm {
namespace detail {

// Runs `body` in attempts until one commits; see run_transaction.
void run_attempts(Database& database, const TransactionOptions& options, const std::function<void(Session&)>& body);

// The sleep before retry `retry` (1 for the first): uniform in [0, min(backoff_cap, backoff_base * 2^(retry-1))],
// "full jitter", so that clients that conflicted once do not collide again in step. Declared here to be tested.
std::chrono::milliseconds backoff_before_retry(int retry, const TransactionOptions& options);

// Builds each attempt's Session: the only code that can (Session's constructor is private to it), and only for
// run_attempts.
class TransactionAttempt {
    friend void run_attempts(Database&, const TransactionOptions&, const std::function<void(Session&)>&);

    static void run(Connection& connection, int attempt, const std::function<void(Session&)>& body) {
        Session session(connection, attempt);
        body(session);
        session.queue_pending_writes();
    }
};

}  // namespace detail

// Runs fn(session) in a transaction and returns what fn returns (or nothing, for a void fn).
//
// On a retryable error (SQLSTATE 40001, and 40P01 on PostgreSQL) from any statement, the flush or the commit, and
// when the connection is lost before COMMIT was sent, the attempt is rolled back, its Session and every object it
// tracked are dropped, and fn runs again with a new Session after an exponential backoff with full jitter. So fn
// must be safe to run more than once: no side effects outside the session (or only idempotent ones), and no
// reliance on objects from an earlier attempt. After options.max_retries retries: orm::RetryLimitExceeded.
//
// A commit whose outcome is unknown (connection lost during COMMIT, 40003) throws orm::AmbiguousCommitError and
// is never retried. Any other exception from fn or the server rolls back and propagates unchanged. Calling
// run_transaction inside a callback throws orm::Error: there are no nested transactions.
//
// The Session and every object it tracked end with the transaction, so what fn returns must not point into them.
// That is checked at compile time: fn may not return a reference (of any type), nor a type that
// detail::refers_into_session_v flags: a pointer, reference_wrapper, span or Query of the session's, or an optional,
// pair, tuple, variant, container or lazy view holding one (orm/transaction/refers_into_session.hpp says what it cannot
// see). Return values: copies of the objects, std::vector<T>, their ids.
template <class Fn>
auto run_transaction(Database& database, Fn&& fn, const TransactionOptions& options) {
    using Result = std::invoke_result_t<Fn&, Session&>;
    static_assert(!std::is_reference_v<Result>,
                  "run_transaction's callback must return a value: the session's objects end with the transaction "
                  "(return copies of the objects, std::vector<T>, their ids)");
    if constexpr (std::is_void_v<Result>) {
        detail::run_attempts(database, options, [&](Session& session) { fn(session); });
    } else if constexpr (!std::is_reference_v<Result>) {  // (the static_assert above explains a reference)
        // The note under this assertion names the returned type.
        static_assert(!detail::refers_into_session_v<Result>,
                      "run_transaction's callback returns a type that points into the Session (see the note below), "
                      "which ends with the transaction: return values (copies of the objects, std::vector<T>, their "
                      "ids)");
        std::optional<Result> result;
        detail::run_attempts(database, options, [&](Session& session) { result.emplace(fn(session)); });
        return std::move(*result);
    }
}

template <class Fn>
auto run_transaction(Database& database, Fn&& fn) {
    return run_transaction(database, std::forward<Fn>(fn), database.options().transaction);
}

}  // namespace orm
