// A TCP proxy inside the benchmark that delays every chunk by a fixed one-way latency and counts round trips, so
// the benchmark can show what a network between client and server costs each implementation (netem is unavailable).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace bench {

// Listens on 127.0.0.1 (an ephemeral port) and forwards each accepted connection to host:port. Each chunk read in
// either direction reaches the other side `one_way` after it was read, in order; reading goes on meanwhile, so a
// large result is delayed once, not once per chunk. Closing either side closes the other.
class LatencyProxy {
public:
    // Throws orm::ConfigError when host:port does not resolve, std::runtime_error when it cannot listen.
    LatencyProxy(const std::string& host, const std::string& port, std::chrono::microseconds one_way);
    // Closes every connection and joins every thread.
    ~LatencyProxy();
    LatencyProxy(const LatencyProxy&) = delete;
    LatencyProxy& operator=(const LatencyProxy&) = delete;

    std::uint16_t port() const { return port_; }

    // Round trips on all connections so far: one each time server data arrives after client data was sent since
    // the server's previous reply. A reply is counted when the proxy reads it, before the client can see it.
    std::uint64_t round_trips() const { return round_trips_.load(); }

private:
    struct Link;

    void accept_loop();
    void reap_finished_links();

    std::chrono::microseconds one_way_;
    std::string target_host_;
    std::string target_port_;
    int listener_ = -1;
    std::uint16_t port_ = 0;
    std::atomic<bool> stopping_{false};
    std::atomic<std::uint64_t> round_trips_{0};
    std::mutex links_mutex_;
    std::list<std::unique_ptr<Link>> links_;
    std::thread acceptor_;  // last: it starts once everything above is ready
};

}  // namespace bench
