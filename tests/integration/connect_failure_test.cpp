// A server that accepts the login but fails the session's first statement (the connection's own
// SET extra_float_digits): the connection attempt is a ConnectFailedError, and the connection is closed, not leaked.
// SOCI 4.0.3, which opened connections until 2026-12-01, kept a PGconn it had opened when that SET failed (as it does
// on a server shutting down); LeakSanitizer caught it once in the restart test. A relay in front of the test server
// makes the failure happen every time.
#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cstdint>
#include <stdexcept>
#include <stop_token>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <roachorm/orm/orm.hpp>

#include "test_server.hpp"

namespace {

using ::testing::HasSubstr;

constexpr std::string_view kInjected = "refused by the test's relay";

// Open file descriptors of this process.
int open_descriptors() {
    int count = 0;
    if (DIR* fds = ::opendir("/proc/self/fd")) {
        while (::readdir(fds) != nullptr) {
            ++count;
        }
        ::closedir(fds);
    }
    return count;
}

sockaddr_in loopback(int port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    return address;
}

bool send_all(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t sent = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (sent <= 0) {
            return false;
        }
        bytes.remove_prefix(static_cast<std::size_t>(sent));
    }
    return true;
}

std::uint32_t read_length(std::string_view bytes) {
    return (std::uint32_t{static_cast<unsigned char>(bytes[0])} << 24) |
           (std::uint32_t{static_cast<unsigned char>(bytes[1])} << 16) |
           (std::uint32_t{static_cast<unsigned char>(bytes[2])} << 8) |
           std::uint32_t{static_cast<unsigned char>(bytes[3])};
}

std::string message(char type, std::string_view body) {
    const auto length = static_cast<std::uint32_t>(body.size() + 4);
    std::string out(1, type);
    for (const int shift : {24, 16, 8, 0}) {
        out += static_cast<char>((length >> shift) & 0xff);
    }
    out.append(body);
    return out;
}

// Relays clients to the test server (protocol 3, no TLS), except that it answers each client's simple-query
// messages ('Q') itself: an ErrorResponse (SQLSTATE 42501) and ReadyForQuery, as a server that refuses the statement.
class FirstStatementFailingRelay {
public:
    explicit FirstStatementFailingRelay(int server_port)
        : server_port_(server_port), listener_(::socket(AF_INET, SOCK_STREAM, 0)) {
        sockaddr_in address = loopback(0);
        socklen_t length = sizeof address;
        if (listener_ < 0 || ::bind(listener_, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
            ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) != 0 ||
            ::listen(listener_, 4) != 0) {
            throw std::runtime_error("cannot listen on a loopback port");
        }
        port_ = ntohs(address.sin_port);
        worker_ = std::jthread([this](const std::stop_token& stop) { serve(stop); });
    }
    ~FirstStatementFailingRelay() {
        worker_.request_stop();
        worker_.join();
        ::close(listener_);
    }
    FirstStatementFailingRelay(const FirstStatementFailingRelay&) = delete;
    FirstStatementFailingRelay& operator=(const FirstStatementFailingRelay&) = delete;

    int port() const { return port_; }

private:
    // Each client on a thread of its own, until it or the server hangs up (a client that keeps its connection open
    // must not hold up the next one).
    void serve(const std::stop_token& stop) {
        std::vector<std::jthread> clients;  // destroyed first: stopped and joined before serve returns
        pollfd waiting{.fd = listener_, .events = POLLIN, .revents = 0};
        while (!stop.stop_requested()) {
            if (::poll(&waiting, 1, 20) > 0) {
                const int client = ::accept(listener_, nullptr, nullptr);
                clients.emplace_back([this, client](const std::stop_token& client_stop) {
                    const int server = ::socket(AF_INET, SOCK_STREAM, 0);
                    const sockaddr_in address = loopback(server_port_);
                    if (client >= 0 && server >= 0 &&
                        ::connect(server, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0) {
                        relay(client, server, client_stop);
                    }
                    ::close(server);
                    ::close(client);
                });
            }
        }
    }

    static void relay(int client, int server, const std::stop_token& stop) {
        std::string from_client;
        bool started = false;  // the startup packet (no type byte) has gone through
        std::array<char, 16384> buffer{};
        std::array<pollfd, 2> both{pollfd{.fd = client, .events = POLLIN, .revents = 0},
                                   pollfd{.fd = server, .events = POLLIN, .revents = 0}};
        while (!stop.stop_requested()) {
            if (::poll(both.data(), both.size(), 20) <= 0) {
                continue;
            }
            if (both[1].revents != 0) {
                const ssize_t got = ::recv(server, buffer.data(), buffer.size(), 0);
                if (got <= 0 || !send_all(client, std::string_view(buffer.data(), static_cast<std::size_t>(got)))) {
                    return;
                }
            }
            if (both[0].revents != 0) {
                const ssize_t got = ::recv(client, buffer.data(), buffer.size(), 0);
                if (got <= 0) {
                    return;
                }
                from_client.append(buffer.data(), static_cast<std::size_t>(got));
                if (!pass_on(from_client, started, client, server)) {
                    return;
                }
            }
        }
    }

    // Sends each whole message in `pending` on to the server, or answers it when it is a simple query.
    static bool pass_on(std::string& pending, bool& started, int client, int server) {
        for (;;) {
            const std::size_t header = started ? 5 : 4;
            if (pending.size() < header) {
                return true;
            }
            const std::size_t size = read_length(std::string_view(pending).substr(header - 4)) + header - 4;
            if (pending.size() < size) {
                return true;
            }
            const bool answered_here = started && pending[0] == 'Q';
            const bool ok =
                answered_here
                    ? send_all(client, message('E', std::string("SERROR") + '\0' + "VERROR" + '\0' + "C42501" + '\0' +
                                                        "M" + std::string(kInjected) + '\0' + '\0') +
                                           message('Z', "I"))
                    : send_all(server, std::string_view(pending).substr(0, size));
            if (!ok) {
                return false;
            }
            pending.erase(0, size);
            started = true;
        }
    }

    int server_port_;
    int listener_;
    int port_ = 0;
    std::jthread worker_;
};

TEST(PostgreSQLOnlyConnectFailure, AServerFailingTheSessionsFirstStatementLeavesNoConnectionOpen) {
    const orm::DatabaseUrl test_server = orm::DatabaseUrl::parse(roachorm_test::server_url());
    ASSERT_EQ(test_server.dialect, orm::DialectKind::postgresql) << "the relay speaks to a PostgreSQL test server";
    const int descriptors_before = open_descriptors();
    {
        const FirstStatementFailingRelay relay(std::stoi(test_server.port));
        const orm::Database database(
            roachorm_test::with_servers(roachorm_test::server_url(), "127.0.0.1:" + std::to_string(relay.port())) +
            "&gssencmode=disable");
        for (int attempt = 0; attempt < 3; ++attempt) {
            try {
                database.connect();
                ADD_FAILURE() << "the connection was made although its first statement failed";
            } catch (const orm::ConnectionError& error) {
                EXPECT_THAT(error.what(), HasSubstr(std::string(kInjected)));
            }
        }
    }  // the relay closes its own sockets
    EXPECT_EQ(open_descriptors(), descriptors_before) << "a connection whose first statement failed was kept open";
}

}  // namespace
