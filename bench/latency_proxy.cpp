// The proxy's threads: one accepting, and per connection a reader and a writer for each direction. A reader stamps
// each chunk with the time it is due and queues it; the writer sleeps until the oldest is due. Chunks read in one
// direction are due in the order they were read, so each queue is in delivery order.
#include "latency_proxy.hpp"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

#include <roachorm/orm/core/error.hpp>

namespace bench {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t read_size = 64 * 1024;

struct Chunk {
    Clock::time_point due;
    std::vector<char> bytes;  // empty: the sender closed its side
};

// One direction of a connection: what was read from `from` and waits to be written to `to`.
struct Direction {
    int from;
    int to;
    std::mutex mutex;
    std::condition_variable changed;
    std::deque<Chunk> queue;
};

// PostgreSQL's protocol is request/reply, so Nagle's algorithm would hold back a small reply while the proxy
// waits for an ACK: the proxy would add delay of its own.
void set_no_delay(int socket) {
    const int on = 1;
    setsockopt(socket, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
}

bool send_all(int socket, const std::vector<char>& bytes) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        const ssize_t n = send(socket, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        sent += static_cast<std::size_t>(n);
    }
    return true;
}

template <class OnChunk>
void read_side(Direction& direction, std::chrono::microseconds one_way, OnChunk on_chunk) {
    std::vector<char> buffer(read_size);
    for (;;) {
        const ssize_t n = recv(direction.from, buffer.data(), buffer.size(), 0);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        Chunk chunk{.due = Clock::now() + one_way, .bytes = {}};
        if (n > 0) {
            on_chunk();
            chunk.bytes.assign(buffer.data(), buffer.data() + n);
        }
        bool was_empty = false;
        {
            const std::lock_guard lock(direction.mutex);
            was_empty = direction.queue.empty();
            direction.queue.push_back(std::move(chunk));
        }
        // A writer with chunks queued already sleeps until one due no later than this one: waking it would only
        // cost a context switch per chunk on the CPU the client and server share.
        if (was_empty) {
            direction.changed.notify_one();
        }
        if (n <= 0) {
            return;
        }
    }
}

void write_side(Direction& direction, const std::atomic<bool>& stopping) {
    // Linux lets a timed wait overrun by the thread's timer slack (50 us by default, prctl(2)). On this VM a 1 ms wait
    // overran by a median of 72-106 us, 14-17 us with a 1 ns slack: without this, every round trip took ~0.2 ms
    // longer than asked.
    prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
    std::unique_lock lock(direction.mutex);
    for (;;) {
        direction.changed.wait(lock, [&] { return stopping.load() || !direction.queue.empty(); });
        if (stopping.load()) {
            return;
        }
        if (direction.changed.wait_until(lock, direction.queue.front().due, [&] { return stopping.load(); })) {
            return;
        }
        Chunk chunk = std::move(direction.queue.front());
        direction.queue.pop_front();
        lock.unlock();
        if (chunk.bytes.empty()) {
            // Passes the close on: the other side's reader then sees the end and closes the way back.
            shutdown(direction.to, SHUT_WR);
            return;
        }
        if (!send_all(direction.to, chunk.bytes)) {
            // The receiver is gone: wake both readers so the whole connection winds down.
            shutdown(direction.from, SHUT_RDWR);
            shutdown(direction.to, SHUT_RDWR);
            return;
        }
        lock.lock();
    }
}

struct Address {
    sockaddr_storage storage{};
    socklen_t length = 0;
    int family = 0;
};

std::vector<Address> resolve(const std::string& host, const std::string& port) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    const int error = getaddrinfo(host.c_str(), port.c_str(), &hints, &found);
    if (error != 0) {
        throw orm::ConfigError(
            fmt::format("--rtt-ms: the latency proxy cannot resolve the server {}:{}: {}; give the "
                        "URL a TCP host and port, e.g. postgresql://user@127.0.0.1:5432/db",
                        host, port, gai_strerror(error)));
    }
    std::vector<Address> addresses;
    for (const addrinfo* a = found; a != nullptr; a = a->ai_next) {
        Address address;
        std::memcpy(&address.storage, a->ai_addr, a->ai_addrlen);
        address.length = a->ai_addrlen;
        address.family = a->ai_family;
        addresses.push_back(address);
    }
    freeaddrinfo(found);
    return addresses;
}

// -1 when no address accepts: the client then sees its connection closed and reports that.
int connect_to(const std::vector<Address>& addresses) {
    for (const Address& address : addresses) {
        const int server = socket(address.family, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (server < 0) {
            continue;
        }
        if (connect(server, reinterpret_cast<const sockaddr*>(&address.storage), address.length) == 0) {
            return server;
        }
        close(server);
    }
    return -1;
}

}  // namespace

struct LatencyProxy::Link {
    Link(int client_socket, int server_socket)
        : client(client_socket),
          server(server_socket),
          up{.from = client, .to = server, .mutex = {}, .changed = {}, .queue = {}},
          down{.from = server, .to = client, .mutex = {}, .changed = {}, .queue = {}} {}

    int client;
    int server;
    Direction up;                           // client to server
    Direction down;                         // server to client
    std::atomic<bool> client_spoke{false};  // since the server's last reply
    std::atomic<int> finished{0};           // threads done
    std::vector<std::thread> threads;
};

LatencyProxy::LatencyProxy(const std::string& host, const std::string& port, std::chrono::microseconds one_way)
    : one_way_(one_way), target_host_(host), target_port_(port) {
    if (resolve(host, port).empty()) {
        throw orm::ConfigError(fmt::format("--rtt-ms: the server {}:{} has no address", host, port));
    }
    listener_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof address;
    if (listener_ < 0 || bind(listener_, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0 ||
        listen(listener_, SOMAXCONN) != 0 ||
        getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        const std::string reason = std::strerror(errno);
        if (listener_ >= 0) {
            close(listener_);
        }
        throw std::runtime_error(fmt::format("latency proxy: cannot listen on 127.0.0.1: {}", reason));
    }
    port_ = ntohs(address.sin_port);
    acceptor_ = std::thread([this] { accept_loop(); });
}

LatencyProxy::~LatencyProxy() {
    stopping_ = true;
    acceptor_.join();
    close(listener_);
    for (const auto& link : links_) {
        shutdown(link->client, SHUT_RDWR);
        shutdown(link->server, SHUT_RDWR);
        for (Direction* direction : {&link->up, &link->down}) {
            // Under the lock, so a writer between checking `stopping_` and waiting cannot miss the wake-up.
            const std::lock_guard lock(direction->mutex);
            direction->changed.notify_all();
        }
    }
    for (const auto& link : links_) {
        for (std::thread& thread : link->threads) {
            thread.join();
        }
        close(link->client);
        close(link->server);
    }
}

void LatencyProxy::accept_loop() {
    std::vector<Address> target;
    try {
        target = resolve(target_host_, target_port_);
    } catch (const orm::ConfigError&) {
        // The constructor resolved it a moment ago. Should it fail now, each connection is closed as it comes, and
        // its client reports that it could not connect.
    }
    while (!stopping_) {
        // A timeout rather than a wake-up pipe: the destructor waits at most this long.
        pollfd ready{.fd = listener_, .events = POLLIN, .revents = 0};
        const int polled = poll(&ready, 1, 50);
        reap_finished_links();
        if (polled <= 0) {
            continue;
        }
        const int client = accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
        if (client < 0) {
            continue;
        }
        const int server = connect_to(target);
        if (server < 0) {
            close(client);
            continue;
        }
        set_no_delay(client);
        set_no_delay(server);
        auto link = std::make_unique<Link>(client, server);
        Link& l = *link;
        const auto finishing = [&l](auto body) {
            return [&l, body] {
                body();
                ++l.finished;
            };
        };
        l.threads.emplace_back(finishing([this, &l] { read_side(l.up, one_way_, [&l] { l.client_spoke = true; }); }));
        l.threads.emplace_back(finishing([this, &l] {
            read_side(l.down, one_way_, [this, &l] {
                if (l.client_spoke.exchange(false)) {
                    ++round_trips_;
                }
            });
        }));
        l.threads.emplace_back(finishing([this, &l] { write_side(l.up, stopping_); }));
        l.threads.emplace_back(finishing([this, &l] { write_side(l.down, stopping_); }));
        const std::lock_guard lock(links_mutex_);
        links_.push_back(std::move(link));
    }
}

// Connections come and go (every contender of every latency opens its own), so finished ones are joined and
// closed as the proxy runs rather than kept until it stops.
void LatencyProxy::reap_finished_links() {
    const std::lock_guard lock(links_mutex_);
    std::erase_if(links_, [](const std::unique_ptr<Link>& link) {
        if (link->finished.load() < static_cast<int>(link->threads.size())) {
            return false;
        }
        for (std::thread& thread : link->threads) {
            thread.join();
        }
        close(link->client);
        close(link->server);
        return true;
    });
}

}  // namespace bench
