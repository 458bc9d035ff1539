// A thread-safe pool of server connections: connects lazily, hands out one connection per lease, discards
// connections that broke, and makes a caller wait (bounded) when every connection is in use.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include <roachorm/orm/execution/connection.hpp>

namespace orm {

class ConnectionPool {
public:
    using Connect = std::function<std::unique_ptr<Connection>()>;

    // `connect` opens one new connection (it may throw orm::ConnectionError). At most `max_size` connections exist
    // at once; acquire() waits up to `acquire_timeout` for one to come free.
    ConnectionPool(Connect connect, std::size_t max_size, std::chrono::milliseconds acquire_timeout);
    ~ConnectionPool();
    ConnectionPool(const ConnectionPool&) = delete;
    ConnectionPool& operator=(const ConnectionPool&) = delete;

    // Exclusive use of one connection until the lease ends. A connection that is no longer usable, or that the
    // holder discards, is closed instead of going back to the pool.
    class Lease {
    public:
        Lease(Lease&& other) noexcept;
        Lease& operator=(Lease&&) = delete;
        Lease(const Lease&) = delete;
        ~Lease();

        Connection& operator*() const noexcept { return *connection_; }
        Connection* operator->() const noexcept { return connection_.get(); }
        // Closes the connection when the lease ends (e.g. its transaction state is unknown).
        void discard() noexcept { discard_ = true; }

    private:
        friend class ConnectionPool;
        Lease(ConnectionPool& pool, std::unique_ptr<Connection> connection);
        ConnectionPool* pool_;
        std::unique_ptr<Connection> connection_;
        bool discard_ = false;
    };

    // An idle connection, or a new one while fewer than max_size exist. Throws orm::ConnectionError when none
    // comes free within acquire_timeout (the message says how many are in use and how to raise the limit), or
    // when connecting fails.
    Lease acquire();

    // Closes the idle connections to `server` (Connection::server()): its connection was lost, so theirs likely is.
    void close_idle_to(const std::string& server);

    std::size_t max_size() const noexcept { return max_size_; }
    std::size_t idle_count() const;  // open connections waiting in the pool
    std::size_t open_count() const;  // open connections, idle or leased

private:
    void give_back(std::unique_ptr<Connection> connection, bool discard) noexcept;

    Connect connect_;
    const std::size_t max_size_;
    const std::chrono::milliseconds acquire_timeout_;
    mutable std::mutex mutex_;
    std::condition_variable returned_;
    std::vector<std::unique_ptr<Connection>> idle_;
    std::size_t open_ = 0;
};

}  // namespace orm
