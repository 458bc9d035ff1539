// todo::Server: the to-do web application (the seed's Flask app, re-told) served over HTTP by cpp-httplib.
// Every request that touches the database runs one orm::run_transaction; nothing tracked outlives it.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>

#include <roachorm/orm/orm.hpp>

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace todo {

struct ServerOptions {
    std::string host = "127.0.0.1";
    int port = 0;                            // 0: a free port, chosen when the server binds
    std::size_t threads = 8;                 // requests served at once
    std::size_t page_size = 20;              // to-dos per list page
    std::size_t max_body_bytes = 16 * 1024;  // a larger request body is refused with 413
};

// What the server has done so far, for its shutdown line and for tests.
struct Stats {
    std::uint64_t requests = 0;       // requests answered
    std::uint64_t server_errors = 0;  // answered with a 5xx
    std::uint64_t retries = 0;        // transaction attempts run_transaction retried (invisible to the client)
};

// Thrown when the server cannot listen (the port is taken, the host is not an address of this machine).
class ListenError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Server {
public:
    // Binds the listening socket (so port() is known before run()); ListenError when it cannot.
    Server(orm::Database& database, ServerOptions options = {});
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    int port() const noexcept { return port_; }
    std::string address() const;  // "http://127.0.0.1:PORT"

    // Serves until stop(); the requests in flight when stop() is called are answered first.
    void run();
    // Safe from any thread, and from a signal-waiting thread; run() returns soon after.
    void stop();

    Stats stats() const noexcept;

private:
    void add_routes();
    void show_list(const httplib::Request& request, httplib::Response& response);
    void create(const httplib::Request& request, httplib::Response& response);
    void set_done(const httplib::Request& request, httplib::Response& response);
    void remove(const httplib::Request& request, httplib::Response& response);
    void answer_failure(const httplib::Request& request, httplib::Response& response,
                        const std::exception_ptr& failure);

    orm::Database& database_;
    ServerOptions options_;
    orm::TransactionOptions write_options_;  // the database's defaults, counting retries
    orm::TransactionOptions read_options_;   // the same, read-only
    std::unique_ptr<httplib::Server> http_;
    int listening_socket_ = -1;  // http_'s, once bound
    int port_ = 0;
    std::mutex stop_mutex_;
    bool stop_requested_ = false;  // guarded by stop_mutex_
    bool run_started_ = false;     // guarded by stop_mutex_
    std::atomic<bool> run_finished_{false};
    std::atomic<std::uint64_t> requests_{0};
    std::atomic<std::uint64_t> server_errors_{0};
    std::atomic<std::uint64_t> retries_{0};
};

}  // namespace todo
