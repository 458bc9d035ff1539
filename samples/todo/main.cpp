// todo: the seed's to-do web application in C++. Serves the list, the new-to-do form, marking done and deleting over
// HTTP until SIGINT or SIGTERM, each request's database work in one run_transaction.
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <thread>

#include <pthread.h>

#include <fmt/format.h>

#include "../common.hpp"
#include "server.hpp"
#include "todo.hpp"

namespace {

// SIGINT and SIGTERM are blocked in every thread (the server's threads inherit the mask) and taken by one thread with
// sigwait, which may then call anything, stop() included; a handler could call almost nothing.
sigset_t stop_signals() {
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    return signals;
}

// "1 request", "2 requests": the summary line reads as a sentence.
std::string counted(std::uint64_t count, std::string_view one, std::string_view many) {
    return fmt::format("{} {}", count, count == 1 ? one : many);
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Serves the to-do list web application until SIGINT or SIGTERM.", "todo"};
    samples::DatabaseOptions database_options(app);
    todo::ServerOptions server_options;
    std::size_t pool_size = 8;
    app.add_option("--host", server_options.host, "address to listen on")->capture_default_str();
    app.add_option("--port", server_options.port, "port to listen on; 0 picks a free one")
        ->capture_default_str()
        ->check(CLI::Range(0, 65535));
    app.add_option("--pool-size", pool_size, "database connections")->capture_default_str()->check(CLI::Range(1, 1000));
    app.add_option("--threads", server_options.threads, "requests served at once")
        ->capture_default_str()
        ->check(CLI::Range(1, 1000));
    CLI11_PARSE(app, argc, argv);

    const sigset_t signals = stop_signals();
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    return samples::run("todo", [&] {
        orm::Database db = database_options.open(pool_size);
        db.create_all<todo::Todo>();
        todo::Server server(db, server_options);
        // The address on a line of its own, flushed: scripts and tests wait for it to know the server is up.
        fmt::print("todo: serving on {}\n", server.address());
        std::fflush(stdout);

        std::thread stopper([&] {
            int signal = 0;
            sigwait(&signals, &signal);
            server.stop();
        });
        server.run();
        pthread_kill(stopper.native_handle(), SIGTERM);  // when run() ended by itself, the stopper still waits
        stopper.join();

        const todo::Stats stats = server.stats();
        fmt::print("todo: stopped after {} ({} answered with a server error, {})\n",
                   counted(stats.requests, "request", "requests"), stats.server_errors,
                   counted(stats.retries, "transaction retry", "transaction retries"));
    });
}
