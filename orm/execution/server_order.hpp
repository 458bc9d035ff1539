// The order in which a new connection tries the servers of a multi-host URL: each connection starts one server
// further along the list, so connections spread over them, and a server that failed recently is tried last.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace orm {

class ServerOrder {
public:
    using Clock = std::chrono::steady_clock;
    // How long a server that failed stays at the back of the order, unless it answers again sooner.
    static constexpr std::chrono::seconds kFailureMemory{10};

    // `servers`: each server's "host:port" (Endpoint::name), in the URL's order.
    explicit ServerOrder(std::vector<std::string> servers);

    // Indexes into the servers, each once: the order for the next connection. Thread-safe.
    std::vector<std::size_t> next(Clock::time_point at = Clock::now());

    // A connection tried `order` and was accepted by `server`: the servers before it in `order` refused, were down or
    // did not qualify (a read-only standby under target_session_attrs=read-write), so they go to the back.
    void connected(std::span<const std::size_t> order, std::string_view server, Clock::time_point at = Clock::now());
    // A connection to `server` was lost.
    void failed(std::string_view server, Clock::time_point at = Clock::now());

private:
    bool failed_recently(std::size_t server, Clock::time_point at) const;

    std::mutex mutex_;
    const std::vector<std::string> servers_;
    std::vector<Clock::time_point> failed_at_;  // per server; the epoch when it never failed
    std::size_t next_first_ = 0;
};

}  // namespace orm
