// A server that cannot be reached when the program starts: a closed port, a port whose listener never answers or
// hangs up, and a TEST-NET address. Each must be an orm::ConnectionError within the URL's connect_timeout.
// The messages must name the host and port and never the password. None of these tests needs the test server.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <stop_token>
#include <string>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <roachorm/orm/orm.hpp>

namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;
using Clock = std::chrono::steady_clock;

constexpr const char* kPassword = "Unreach-S3cret-Pw";

// A TCP socket bound to a free loopback port, closed when it goes out of scope.
class LoopbackSocket {
public:
    LoopbackSocket() : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
        if (fd_ < 0) {
            throw std::runtime_error("socket() failed");
        }
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        if (::bind(fd_, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
            ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
            ::close(fd_);
            throw std::runtime_error("cannot bind a loopback port");
        }
        port_ = ntohs(address.sin_port);
    }
    ~LoopbackSocket() { ::close(fd_); }
    LoopbackSocket(const LoopbackSocket&) = delete;
    LoopbackSocket& operator=(const LoopbackSocket&) = delete;

    int fd() const { return fd_; }
    int port() const { return port_; }

private:
    int fd_;
    int port_ = 0;
};

std::string url_for(const std::string& host, int port) {
    return "postgresql://someone:" + std::string(kPassword) + "@" + host + ":" + std::to_string(port) +
           "/nowhere?sslmode=disable&connect_timeout=1";
}

struct Outcome {
    std::string message;
    Clock::duration elapsed;
};

// Runs a transaction on a fresh Database at `url`; it must fail with orm::ConnectionError, without retrying, and
// leave no connection open.
Outcome first_transaction_fails(const std::string& url) {
    orm::Database database(url);
    int calls = 0;
    const auto start = Clock::now();
    try {
        orm::run_transaction(database, [&](orm::Session&) { ++calls; });
    } catch (const orm::ConnectionError& error) {
        const auto elapsed = Clock::now() - start;
        EXPECT_EQ(calls, 0);
        EXPECT_EQ(database.pool().open_count(), 0u);
        return {error.what(), elapsed};
    } catch (const std::exception& error) {
        ADD_FAILURE() << "expected orm::ConnectionError, got: " << error.what();
        return {};
    }
    ADD_FAILURE() << "expected orm::ConnectionError, but the transaction ran";
    return {};
}

// libpq reads connect_timeout=1 as 2 s, its floor; the rest is slack for a loaded machine, far below "hangs".
constexpr auto kWithinConnectTimeout = 6s;

TEST(Unreachable, ClosedPortIsAConnectionErrorNamingHostAndPortWithoutThePassword) {
    int port = 0;
    {
        const LoopbackSocket freed;  // bound, never listened on, then closed: nothing accepts there
        port = freed.port();
    }
    const Outcome outcome = first_transaction_fails(url_for("127.0.0.1", port));
    EXPECT_THAT(outcome.message, HasSubstr("127.0.0.1:" + std::to_string(port)));
    EXPECT_THAT(outcome.message, HasSubstr("check that the server is running"));
    EXPECT_THAT(outcome.message, Not(HasSubstr(kPassword)));
    EXPECT_LT(outcome.elapsed, kWithinConnectTimeout);
}

TEST(Unreachable, PortWhoseListenerNeverAnswersTimesOutWithinConnectTimeout) {
    // The kernel completes the TCP handshake from the backlog, so libpq waits for a startup reply that never comes.
    const LoopbackSocket silent;
    ASSERT_EQ(::listen(silent.fd(), 8), 0);
    const Outcome outcome = first_transaction_fails(url_for("127.0.0.1", silent.port()));
    EXPECT_THAT(outcome.message, HasSubstr("127.0.0.1:" + std::to_string(silent.port())));
    EXPECT_THAT(outcome.message, HasSubstr("timeout"));
    EXPECT_THAT(outcome.message, Not(HasSubstr(kPassword)));
    EXPECT_GE(outcome.elapsed, 1s) << "it gave up before the connect_timeout";
    EXPECT_LT(outcome.elapsed, kWithinConnectTimeout);
}

TEST(Unreachable, PortWhoseListenerHangsUpIsAConnectionError) {
    const LoopbackSocket rude;
    ASSERT_EQ(::listen(rude.fd(), 8), 0);
    const std::jthread hang_up([&](const std::stop_token& stop) {
        pollfd waiting{.fd = rude.fd(), .events = POLLIN, .revents = 0};
        while (!stop.stop_requested()) {
            if (::poll(&waiting, 1, 50) > 0) {
                ::close(::accept(rude.fd(), nullptr, nullptr));
            }
        }
    });
    const Outcome outcome = first_transaction_fails(url_for("127.0.0.1", rude.port()));
    EXPECT_THAT(outcome.message, HasSubstr("127.0.0.1:" + std::to_string(rude.port())));
    EXPECT_THAT(outcome.message, Not(HasSubstr(kPassword)));
    EXPECT_LT(outcome.elapsed, kWithinConnectTimeout);
}

TEST(Unreachable, TestNetAddressIsAConnectionErrorWithinConnectTimeout) {
    // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never routed, so either nothing answers (the timeout) or the network
    // refuses at once, depending on the machine; both must be a prompt ConnectionError.
    const Outcome outcome = first_transaction_fails(url_for("192.0.2.1", 5432));
    EXPECT_THAT(outcome.message, HasSubstr("192.0.2.1:5432"));
    EXPECT_THAT(outcome.message, Not(HasSubstr(kPassword)));
    EXPECT_LT(outcome.elapsed, kWithinConnectTimeout);
}

}  // namespace
