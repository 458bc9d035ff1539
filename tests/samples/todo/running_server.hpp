// A todo::Server running in the test's own process, on a free port, against the running test's own database: what
// the to-do app's HTTP, load and browser tests talk to.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <thread>

#include <httplib.h>

#include <roachorm/orm/orm.hpp>

#include "server.hpp"
#include "test_server.hpp"
#include "todo.hpp"

namespace todo_test {

class RunningServer {
public:
    explicit RunningServer(todo::ServerOptions options = {}, orm::DatabaseOptions database_options = {})
        : database_(roachorm_test::server_url(), std::move(database_options)) {
        database_.create_all<todo::Todo>();
        server_ = std::make_unique<todo::Server>(database_, std::move(options));
        thread_ = std::thread([this] { server_->run(); });
    }
    ~RunningServer() { stop(); }
    RunningServer(const RunningServer&) = delete;
    RunningServer& operator=(const RunningServer&) = delete;

    // Waits for the requests in flight, as SIGTERM does for the program.
    void stop() {
        if (thread_.joinable()) {
            server_->stop();
            thread_.join();
        }
    }

    todo::Server& server() { return *server_; }
    orm::Database& database() { return database_; }
    std::string address() const { return server_->address(); }

    // A client that does not follow redirects, so a test sees the 303 itself.
    httplib::Client client() const {
        httplib::Client client("127.0.0.1", server_->port());
        client.set_connection_timeout(5);
        client.set_read_timeout(30);
        return client;
    }

private:
    orm::Database database_;
    std::unique_ptr<todo::Server> server_;
    std::thread thread_;
};

}  // namespace todo_test
