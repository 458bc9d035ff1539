// The latency proxy against a small TCP server in the same process (no database): its round-trip count, its delay in
// each direction, a large transfer delayed once rather than per chunk, and closing passed on to the other side.
#include "latency_proxy.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace bench {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

void no_delay(int socket) {
    const int on = 1;
    setsockopt(socket, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
}

void send_all(int socket, const std::vector<char>& bytes) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        const ssize_t n = send(socket, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        ASSERT_GT(n, 0);
        sent += static_cast<std::size_t>(n);
    }
}

// Reads exactly `size` bytes; fewer if the peer closes first.
std::vector<char> receive(int socket, std::size_t size) {
    std::vector<char> bytes(size);
    std::size_t got = 0;
    while (got < size) {
        const ssize_t n = recv(socket, bytes.data() + got, size - got, 0);
        if (n <= 0) {
            break;
        }
        got += static_cast<std::size_t>(n);
    }
    bytes.resize(got);
    return bytes;
}

// A server on 127.0.0.1 that accepts one connection and hands it to `serve` on a thread of its own.
class Server {
public:
    explicit Server(std::function<void(int)> serve) {
        listener_ = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        EXPECT_EQ(bind(listener_, reinterpret_cast<const sockaddr*>(&address), sizeof address), 0);
        EXPECT_EQ(listen(listener_, 1), 0);
        EXPECT_EQ(getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length), 0);
        port_ = std::to_string(ntohs(address.sin_port));
        thread_ = std::thread([this, serve = std::move(serve)] {
            const int connection = accept(listener_, nullptr, nullptr);
            no_delay(connection);
            serve(connection);
            close(connection);
        });
    }
    ~Server() {
        thread_.join();
        close(listener_);
    }
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    const std::string& port() const { return port_; }

private:
    int listener_;
    std::string port_;
    std::thread thread_;
};

int connect_to(const LatencyProxy& proxy) {
    const int client = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(proxy.port());
    EXPECT_EQ(connect(client, reinterpret_cast<const sockaddr*>(&address), sizeof address), 0);
    no_delay(client);
    return client;
}

double elapsed_ms(Clock::time_point since) {
    return std::chrono::duration<double, std::milli>(Clock::now() - since).count();
}

TEST(LatencyProxy, CountsOneRoundTripPerReplyAfterARequestHoweverTheReplyIsSplit) {
    constexpr int requests = 5;
    // Each reply in three sends, a little apart, so that the proxy reads it as several chunks.
    Server server([](int connection) {
        for (int i = 0; i < requests; ++i) {
            if (receive(connection, 4).size() != 4) {
                return;
            }
            for (int part = 0; part < 3; ++part) {
                send_all(connection, std::vector<char>(100, 'r'));
                std::this_thread::sleep_for(milliseconds(2));
            }
        }
        receive(connection, 1);  // until the client closes
    });
    {
        LatencyProxy proxy("127.0.0.1", server.port(), std::chrono::microseconds(0));
        const int client = connect_to(proxy);
        for (int i = 0; i < requests; ++i) {
            // The request in two sends: still one round trip.
            send_all(client, {'a', 'b'});
            send_all(client, {'c', 'd'});
            EXPECT_EQ(receive(client, 300).size(), 300u);
        }
        EXPECT_EQ(proxy.round_trips(), static_cast<std::uint64_t>(requests));
        close(client);
    }
}

TEST(LatencyProxy, DelaysEachDirectionByHalfTheRoundTrip) {
    Server server([](int connection) {
        std::vector<char> request;
        while ((request = receive(connection, 1)).size() == 1) {
            send_all(connection, request);
        }
    });
    LatencyProxy proxy("127.0.0.1", server.port(), std::chrono::microseconds(10'000));
    const int client = connect_to(proxy);
    for (int i = 0; i < 3; ++i) {
        const auto start = Clock::now();
        send_all(client, {'x'});
        ASSERT_EQ(receive(client, 1).size(), 1u);
        // Never early; the upper bound catches a delay applied twice in a direction.
        EXPECT_GE(elapsed_ms(start), 20.0);
        EXPECT_LT(elapsed_ms(start), 40.0);
    }
    EXPECT_EQ(proxy.round_trips(), 3u);
    close(client);
}

TEST(LatencyProxy, DelaysALargeReplyOnceNotOncePerChunk) {
    constexpr std::size_t size = 8 * 1024 * 1024;
    std::vector<char> payload(size);
    for (std::size_t i = 0; i < size; ++i) {
        payload[i] = static_cast<char>(i * 7 % 251);
    }
    Server server([&payload](int connection) {
        if (receive(connection, 1).size() == 1) {
            send_all(connection, payload);
        }
        receive(connection, 1);
    });
    LatencyProxy proxy("127.0.0.1", server.port(), std::chrono::microseconds(20'000));
    const int client = connect_to(proxy);
    const auto start = Clock::now();
    send_all(client, {'?'});
    const std::vector<char> reply = receive(client, size);
    // 8 MiB is 128 reads of 64 KiB at least: a delay per chunk would take over 2.5 s.
    EXPECT_LT(elapsed_ms(start), 1'000.0);
    EXPECT_GE(elapsed_ms(start), 40.0);
    EXPECT_TRUE(reply == payload) << "the bytes arrived changed or out of order";
    EXPECT_EQ(proxy.round_trips(), 1u);
    close(client);
}

TEST(LatencyProxy, ClosingTheClientClosesTheServerSide) {
    std::promise<Clock::time_point> server_saw_end;
    auto seen = server_saw_end.get_future();
    Server server([&](int connection) {
        EXPECT_EQ(receive(connection, 1).size(), 0u);
        server_saw_end.set_value(Clock::now());
    });
    LatencyProxy proxy("127.0.0.1", server.port(), std::chrono::microseconds(5'000));
    const int client = connect_to(proxy);
    const auto closed_at = Clock::now();
    close(client);
    ASSERT_EQ(seen.wait_for(std::chrono::seconds(5)), std::future_status::ready);
    // The close travels with the delay, like data.
    const std::chrono::duration<double, std::milli> after = seen.get() - closed_at;
    EXPECT_GE(after.count(), 5.0);
}

TEST(LatencyProxy, ClosingTheServerClosesTheClientSide) {
    Server server([](int) {});  // closes as soon as it has accepted
    LatencyProxy proxy("127.0.0.1", server.port(), std::chrono::microseconds(1'000));
    const int client = connect_to(proxy);
    EXPECT_EQ(receive(client, 1).size(), 0u);
    close(client);
}

TEST(LatencyProxy, StopsWithConnectionsStillOpen) {
    Server server([](int connection) {
        send_all(connection, receive(connection, 1));
        receive(connection, 1);  // until the proxy goes
    });
    int client = -1;
    {
        LatencyProxy proxy("127.0.0.1", server.port(), std::chrono::microseconds(1'000));
        client = connect_to(proxy);
        // A round trip first, so that the proxy has surely accepted the connection and reached the server.
        send_all(client, {'a'});
        ASSERT_EQ(receive(client, 1).size(), 1u);
    }
    EXPECT_EQ(receive(client, 1).size(), 0u);  // the proxy's end closed with it
    close(client);
}

}  // namespace
}  // namespace bench
