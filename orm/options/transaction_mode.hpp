// How one transaction runs on the server: isolation level, access mode, priority and historical timestamp. The
// dialect spells it, and refuses with an orm::Error what the server has no equivalent for.
#pragma once

#include <chrono>
#include <optional>

#include <roachorm/orm/core/types.hpp>

namespace orm {

// The isolation level every BEGIN names, so that a role's, database's or connection's
// default_transaction_isolation never changes what roachorm runs. read_committed is an explicit opt-in: statements
// see rows other transactions committed meanwhile (non-repeatable reads, lost updates and write skew are possible).
enum class Isolation { serializable, read_committed };

// CockroachDB's transaction priority: under contention a higher-priority transaction wins and the other one
// retries. server_default leaves it to the server (NORMAL unless the session says otherwise).
enum class TransactionPriority { server_default, low, normal, high };

// A time in the past to read at (CockroachDB's AS OF SYSTEM TIME). Made only from typed values, so the SQL it
// becomes never carries user text.
class HistoricalTime {
public:
    enum class Kind { follower_read, ago, at };

    // follower_read_timestamp(): recent enough to be useful, old enough for any replica to serve the read.
    static HistoricalTime follower_read() { return HistoricalTime(Kind::follower_read, {}, {}); }
    // `age` before the time the transaction starts.
    static HistoricalTime ago(std::chrono::microseconds age) { return HistoricalTime(Kind::ago, age, {}); }
    static HistoricalTime at(timestamp time) { return HistoricalTime(Kind::at, {}, time); }

    Kind kind() const noexcept { return kind_; }
    std::chrono::microseconds age() const noexcept { return age_; }
    timestamp time() const noexcept { return time_; }

private:
    HistoricalTime(Kind kind, std::chrono::microseconds age, timestamp time) : kind_(kind), age_(age), time_(time) {}

    Kind kind_;
    std::chrono::microseconds age_;
    timestamp time_;
};

struct TransactionMode {
    Isolation isolation = Isolation::serializable;
    bool read_only = false;
    TransactionPriority priority = TransactionPriority::server_default;
    std::optional<HistoricalTime> as_of{};  // a historical read: read-only by nature
};

}  // namespace orm
