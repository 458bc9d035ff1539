// ConnectionPool: one mutex guards the idle list and the count of open connections; connecting and closing
// happen outside it, since both can take a network round trip and other threads must not wait on them.
#include <roachorm/orm/execution/connection_pool.hpp>

#include <algorithm>
#include <iterator>
#include <utility>

#include <fmt/format.h>

#include <roachorm/orm/core/error.hpp>

namespace orm {

ConnectionPool::ConnectionPool(Connect connect, std::size_t max_size, std::chrono::milliseconds acquire_timeout)
    : connect_(std::move(connect)), max_size_(max_size), acquire_timeout_(acquire_timeout) {
    // The idle list never holds more than max_size, so give_back's push_back cannot allocate (it is noexcept).
    idle_.reserve(max_size_);
}

// By contract every lease has ended, so all open connections are idle; idle_'s destructor closes them.
ConnectionPool::~ConnectionPool() = default;

ConnectionPool::Lease ConnectionPool::acquire() {
    const auto deadline = std::chrono::steady_clock::now() + acquire_timeout_;
    std::unique_lock lock(mutex_);
    for (;;) {
        if (!idle_.empty()) {
            std::unique_ptr<Connection> connection = std::move(idle_.back());
            idle_.pop_back();
            if (connection->is_usable()) {
                return Lease(*this, std::move(connection));
            }
            // It broke while it was idle: close it (its slot stays counted until then), then look again.
            lock.unlock();
            connection.reset();
            lock.lock();
            --open_;
            returned_.notify_one();  // its slot is free for a waiter, should this call find another idle one
            continue;
        }
        if (open_ < max_size_) {
            ++open_;  // reserves the slot, so the connection is counted while it is being opened
            lock.unlock();
            try {
                return Lease(*this, connect_());
            } catch (...) {
                lock.lock();
                --open_;
                returned_.notify_one();  // a waiter may take the slot and try for itself
                throw;
            }
        }
        // A timeout throws only if nothing came free meanwhile; if something did, the next pass takes it.
        if (returned_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() && open_ >= max_size_) {
            throw ConnectionError(fmt::format(
                "no database connection came free within {} ms: all {} are in use; raise the pool size (pool_size) "
                "or hold connections for less time",
                acquire_timeout_.count(), max_size_));
        }
    }
}

void ConnectionPool::give_back(std::unique_ptr<Connection> connection, bool discard) noexcept {
    if (discard || !connection->is_usable()) {
        // Closed before its slot is released, so no more than max_size connections ever exist at once.
        connection.reset();
        std::lock_guard lock(mutex_);
        --open_;
    } else {
        std::lock_guard lock(mutex_);
        idle_.push_back(std::move(connection));
    }
    returned_.notify_one();
}

void ConnectionPool::close_idle_to(const std::string& server) {
    std::vector<std::unique_ptr<Connection>> closing;
    {
        std::lock_guard lock(mutex_);
        const auto to_server =
            std::ranges::partition(idle_, [&](const auto& idle) { return idle->server() != server; });
        std::ranges::move(to_server, std::back_inserter(closing));
        idle_.erase(to_server.begin(), to_server.end());
    }
    if (closing.empty()) {
        return;
    }
    const std::size_t closed = closing.size();
    closing.clear();  // closed before their slots are released, as in give_back
    {
        std::lock_guard lock(mutex_);
        open_ -= closed;
    }
    returned_.notify_all();
}

std::size_t ConnectionPool::idle_count() const {
    std::lock_guard lock(mutex_);
    return idle_.size();
}

std::size_t ConnectionPool::open_count() const {
    std::lock_guard lock(mutex_);
    return open_;
}

ConnectionPool::Lease::Lease(ConnectionPool& pool, std::unique_ptr<Connection> connection)
    : pool_(&pool), connection_(std::move(connection)) {}

ConnectionPool::Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_), connection_(std::move(other.connection_)), discard_(other.discard_) {}

ConnectionPool::Lease::~Lease() {
    if (connection_) {
        pool_->give_back(std::move(connection_), discard_);
    }
}

}  // namespace orm
