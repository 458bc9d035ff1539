// A URL that names several servers (a cluster's nodes): new connections are spread over them, a server that does not
// answer is tried last once it has failed, and a lost connection takes the pool's idle connections to the same
// server with it. The test server stands in for each node under another name (127.0.0.1 and localhost).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <memory>
#include <stdexcept>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <roachorm/orm/orm.hpp>

#include "test_server.hpp"

namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;
using ::testing::StartsWith;

// The test server's URL with its host and port replaced by `servers` ("h1:p1,h2:p2").
std::string url_with_servers(const std::string& servers) {
    return roachorm_test::with_servers(roachorm_test::server_url(), servers);
}

std::string test_server_port() {
    return orm::DatabaseUrl::parse(roachorm_test::server_url()).endpoints.at(0).port;
}

// A loopback port whose listener never answers: the kernel completes each TCP handshake from the backlog, so libpq
// waits for a reply until its connect_timeout. Counts the connections made to it.
class SilentServer {
public:
    SilentServer() : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
            ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0 || ::listen(fd_, 16) != 0) {
            throw std::runtime_error("cannot listen on a loopback port");
        }
        port_ = ntohs(address.sin_port);
        acceptor_ = std::jthread([this](const std::stop_token& stop) {
            pollfd waiting{.fd = fd_, .events = POLLIN, .revents = 0};
            while (!stop.stop_requested()) {
                if (::poll(&waiting, 1, 20) > 0) {
                    if (const int accepted = ::accept(fd_, nullptr, nullptr); accepted >= 0) {
                        held_.push_back(accepted);  // held open, never answered
                        ++connections_;
                    }
                }
            }
        });
    }
    ~SilentServer() {
        acceptor_.request_stop();
        acceptor_.join();
        for (const int fd : held_) {
            ::close(fd);
        }
        ::close(fd_);
    }
    SilentServer(const SilentServer&) = delete;
    SilentServer& operator=(const SilentServer&) = delete;

    std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
    int connections() const { return connections_.load(); }

private:
    int fd_;
    int port_ = 0;
    std::vector<int> held_;  // the acceptor's own
    std::atomic<int> connections_ = 0;
    std::jthread acceptor_;
};

// Several hosts in one URL (a cluster's nodes): a server's feature; SQLite opens one file.
TEST(ServerOnlyMultiHost, NewConnectionsTakeTheListedServersInTurn) {
    const std::string port = test_server_port();
    orm::Database database(url_with_servers("127.0.0.1:" + port + ",localhost:" + port));
    std::vector<std::string> servers;
    for (int i = 0; i < 4; ++i) {
        servers.push_back(database.connect()->server());
    }
    EXPECT_THAT(servers,
                ElementsAre("127.0.0.1:" + port, "localhost:" + port, "127.0.0.1:" + port, "localhost:" + port));
}

TEST(ServerOnlyMultiHost, AServerThatDidNotAnswerIsTriedLastAfterwards) {
    const SilentServer silent;
    const std::string port = test_server_port();
    roachorm_test::EchoCapture echo;
    orm::Database database(url_with_servers(silent.address() + ",127.0.0.1:" + port) + "&connect_timeout=2",
                           echo.options());

    // The first connection tries the silent server first, waits out its connect_timeout, and lands on the other.
    EXPECT_EQ(database.connect()->server(), "127.0.0.1:" + port);
    ASSERT_EQ(silent.connections(), 1);
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(database.connect()->server(), "127.0.0.1:" + port);
    }
    EXPECT_EQ(silent.connections(), 1) << "a later connection tried the server that had not answered first again";
    EXPECT_THAT(echo.events(), AllOf(SizeIs(4), Contains(StartsWith("roachorm: -- connected to 127.0.0.1:" + port))));
}

TEST(ServerOnlyMultiHost, AUrlNamingOnlyDeadServersFailsOnceNamingEach) {
    const SilentServer silent;
    int closed_port = 0;
    {
        const SilentServer closed;  // listens, then closes: nothing accepts there afterwards
        closed_port = std::stoi(closed.address().substr(closed.address().find(':') + 1));
    }
    const std::string closed = "127.0.0.1:" + std::to_string(closed_port);
    orm::Database database(url_with_servers(closed + "," + silent.address()) + "&connect_timeout=2");
    int retries = 0;
    int calls = 0;
    orm::TransactionOptions options;
    options.on_retry = [&](const orm::RetryEvent&) { ++retries; };
    const auto start = std::chrono::steady_clock::now();
    try {
        orm::run_transaction(
            database, [&](orm::Session&) { ++calls; }, options);
        FAIL() << "expected orm::ConnectFailedError";
    } catch (const orm::ConnectFailedError& error) {
        EXPECT_THAT(error.what(),
                    AllOf(HasSubstr(closed), HasSubstr(silent.address()), HasSubstr("refused"), HasSubstr("timeout")));
    }
    const auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_EQ(calls, 0);
    EXPECT_EQ(retries, 0) << "a database that never accepted a connection is not waited for";
    EXPECT_EQ(silent.connections(), 1);
    // libpq gives each server connect_timeout (2 s); the rest is slack for a loaded machine, far below "hangs".
    EXPECT_LT(elapsed, std::chrono::seconds(8));
}

TEST(PostgreSQLOnlyCredentials, AWrongPasswordFailsAtOnceWithoutRetrying) {
    std::string url = roachorm_test::server_url();
    const std::size_t password = url.find(':', url.find("://") + 3) + 1;
    url.replace(password, url.find('@') - password, "not-the-password");
    orm::Database database(url);
    int retries = 0;
    orm::TransactionOptions options;
    options.on_retry = [&](const orm::RetryEvent&) { ++retries; };
    EXPECT_THROW(orm::run_transaction(
                     database, [](orm::Session&) {}, options),
                 orm::ConnectFailedError);
    EXPECT_EQ(retries, 0);
    EXPECT_FALSE(database.was_reachable());
}

}  // namespace
