// Faults the PostgreSQLOnly suites inflict on a server backend from a second connection: ending a backend while it
// sleeps inside its COMMIT (a deferred trigger's pg_sleep), so that the connection is lost mid-commit.
#pragma once

#include <chrono>
#include <cstdint>
#include <exception>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include <roachorm/orm/orm.hpp>

#include "test_server.hpp"

namespace roachorm_test {

// Waits (up to 10 s) until backend `pid` sleeps in pg_sleep, then ends it from `watcher`. Returns "" when it did,
// else what went wrong; meant to run on its own thread while the backend commits.
inline std::string kill_during_commit(orm::Connection& watcher, std::int32_t pid, const std::stop_token& stop) {
    using namespace std::chrono_literals;
    try {
        const std::vector<orm::TextValue> params = {std::to_string(pid)};
        const auto deadline = std::chrono::steady_clock::now() + 10s;
        while (!stop.stop_requested()) {
            if (query_value(watcher, "SELECT count(*) FROM pg_stat_activity WHERE pid = $1 AND wait_event = 'PgSleep'",
                            params) == "1") {
                return query_value(watcher, "SELECT pg_terminate_backend($1, 10000)", params) == "t"
                           ? ""
                           : "pg_terminate_backend returned false";
            }
            if (std::chrono::steady_clock::now() > deadline) {
                return "the backend did not reach the commit's pg_sleep within 10 s";
            }
            std::this_thread::sleep_for(5ms);
        }
        return "stopped before the backend reached the commit's pg_sleep";
    } catch (const std::exception& error) {
        return std::string("the watcher failed: ") + error.what();
    }
}

}  // namespace roachorm_test
