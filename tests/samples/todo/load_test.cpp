// The to-do app under load: 16 clients at once against a server with a pool of 4 connections, mixing creates,
// mark-done and deletes on a few shared to-dos (so transactions conflict and run_transaction retries them) with list
// reads. Afterwards every acknowledged create is in the table exactly once, every acknowledged delete is gone, no
// request got a 5xx, and retries happened without a client seeing one.
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "running_server.hpp"

namespace {

constexpr int clients = 16;
constexpr int requests_per_client = 200;
constexpr int hot_todos = 4;       // marked done and not done again and again, never deleted
constexpr int doomed_todos = 480;  // deleted, some by several clients at once, and marked done meanwhile

struct ClientLog {
    std::set<std::string> created_titles;           // answered 303: the to-do must exist
    std::set<std::string> deleted_ids;              // answered 303: the to-do must be gone
    std::map<int, int> statuses;                    // status -> how many
    std::map<std::string, int> transport_failures;  // httplib's error -> how many requests got no answer
};

struct SharedTodos {
    std::vector<std::string> hot;
    std::vector<std::string> doomed;
};

ClientLog run_client(const todo_test::RunningServer& running, int client_number, const SharedTodos& shared) {
    ClientLog log;
    httplib::Client client = running.client();
    client.set_keep_alive(true);
    client.set_tcp_nodelay(true);
    std::mt19937 random(static_cast<std::uint32_t>(client_number));
    std::uniform_int_distribution<int> pick_action(0, 99);
    std::uniform_int_distribution<std::size_t> pick_hot(0, shared.hot.size() - 1);
    std::uniform_int_distribution<std::size_t> pick_doomed(0, shared.doomed.size() - 1);
    for (int n = 0; n < requests_per_client; ++n) {
        const int action = pick_action(random);
        const std::string title = fmt::format("client {} item {}", client_number, n);
        const std::string id = action < 58 ? shared.hot[pick_hot(random)] : shared.doomed[pick_doomed(random)];
        const auto send = [&]() -> httplib::Result {
            if (action < 30) {
                return client.Post("/new", httplib::Params{{"title", title}, {"text", "load"}});
            }
            if (action < 65) {
                return client.Post(fmt::format("/todos/{}/done", id),
                                   httplib::Params{{"done", action % 2 == 0 ? "true" : "false"}});
            }
            if (action < 85) {
                return client.Post(fmt::format("/todos/{}/delete", id), httplib::Params{});
            }
            return client.Get("/");
        };
        const httplib::Result answer = send();
        if (!answer) {
            ++log.transport_failures[httplib::to_string(answer.error())];
            continue;
        }
        ++log.statuses[answer->status];
        if (answer->status == 303 && action < 30) {
            log.created_titles.insert(title);
        } else if (answer->status == 303 && action >= 65 && action < 85) {
            log.deleted_ids.insert(id);
        }
    }
    return log;
}

TEST(TodoLoad, ConcurrentClientsLoseNothingSeeNoServerErrorAndNeverSeeTheRetries) {
    todo_test::RunningServer running({.threads = 8}, orm::DatabaseOptions{.pool_size = 4});
    auto connection = running.database().connect();
    SharedTodos shared;
    for (auto [kind, count, ids] :
         {std::tuple{"hot", hot_todos, &shared.hot}, {"doomed", doomed_todos, &shared.doomed}}) {
        orm::run_transaction(running.database(), [&, kind = kind, count = count, ids = ids](orm::Session& session) {
            ids->clear();  // a retried attempt starts over
            std::vector<todo::Todo> todos;
            for (int n = 1; n <= count; ++n) {
                todos.push_back({.title = fmt::format("{} {}", kind, n), .text = "x", .done = false});
            }
            const std::vector<todo::Todo*> added = session.add_all(todos);
            session.flush();
            for (const todo::Todo* seeded : added) {
                ids->push_back(std::to_string(seeded->id.value));
            }
        });
        ASSERT_EQ(ids->size(), static_cast<std::size_t>(count));
    }

    std::vector<ClientLog> logs(clients);
    const auto start = std::chrono::steady_clock::now();
    {
        std::vector<std::jthread> threads;
        for (int c = 0; c < clients; ++c) {
            threads.emplace_back([&, c] { logs[static_cast<std::size_t>(c)] = run_client(running, c, shared); });
        }
    }
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;

    std::map<int, int> statuses;
    std::set<std::string> created;
    std::set<std::string> deleted;
    for (const ClientLog& log : logs) {
        EXPECT_TRUE(log.transport_failures.empty()) << ::testing::PrintToString(log.transport_failures);
        for (const auto& [status, count] : log.statuses) {
            statuses[status] += count;
        }
        created.insert(log.created_titles.begin(), log.created_titles.end());
        deleted.insert(log.deleted_ids.begin(), log.deleted_ids.end());
    }
    for (const auto& [status, count] : statuses) {
        EXPECT_LT(status, 500) << count << " requests answered " << status;
    }

    std::map<std::string, int> stored;
    for (const auto& row : roachorm_test::query_rows(
             *connection, "SELECT title, count(*) FROM todos WHERE text = 'load' GROUP BY title", 2)) {
        stored[row[0]] = std::stoi(row[1]);
    }
    EXPECT_EQ(stored.size(), created.size()) << "creates acknowledged and creates stored differ";
    for (const std::string& title : created) {
        EXPECT_EQ(stored[title], 1) << title;
    }
    for (const std::string& id : deleted) {
        EXPECT_EQ(roachorm_test::query_value(*connection, "SELECT count(*) FROM todos WHERE id = " + id), "0") << id;
    }

    const todo::Stats stats = running.server().stats();
    if (running.database().dialect().kind() == orm::DialectKind::sqlite) {
        // One writer at a time: each waits for the write lock within its busy timeout instead of conflicting.
        EXPECT_EQ(stats.retries, 0U);
    } else {
        EXPECT_GT(stats.retries, 0U) << "no transaction conflicted, so the load proved nothing about retries";
    }
    EXPECT_EQ(stats.server_errors, 0U);
    const int total = clients * requests_per_client;
    std::string by_status;
    for (const auto& [status, count] : statuses) {
        by_status += fmt::format(" {}x{}", count, status);
    }
    fmt::print("[ load ] {} requests from {} clients in {:.2f} s: {:.0f} requests/s; {} transaction retries;{}\n",
               total, clients, elapsed.count(), total / elapsed.count(), stats.retries, by_status);
}

}  // namespace
