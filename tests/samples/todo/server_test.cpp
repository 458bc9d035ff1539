// The to-do app over HTTP (samples/todo/server.cpp), served in this process against the test's own database: the
// list's order and pages, the form's checks, escaping, POST-only changes, the answers to malformed and oversized
// requests, the security headers, an unreachable database, and a stop that lets the request in flight finish.
#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "running_server.hpp"

namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using todo_test::RunningServer;

httplib::Params form(std::initializer_list<std::pair<const std::string, std::string>> fields) {
    return httplib::Params(fields);
}

// The titles of the list page's to-dos, in page order.
std::vector<std::string> titles_on(const std::string& html) {
    std::vector<std::string> titles;
    const std::string open = "<h2 class=\"title\">";
    for (std::size_t at = html.find(open); at != std::string::npos; at = html.find(open, at)) {
        at += open.size();
        titles.push_back(html.substr(at, html.find("</h2>", at) - at));
    }
    return titles;
}

std::string older_link(const std::string& html) {
    const std::string open = "<a id=\"older\" href=\"";
    const std::size_t at = html.find(open);
    if (at == std::string::npos) {
        return {};
    }
    const std::size_t start = at + open.size();
    return html.substr(start, html.find('"', start) - start);
}

std::string count_rows(RunningServer& running, const std::string& where = "true") {
    auto connection = running.database().connect();
    return roachorm_test::query_value(*connection, "SELECT count(*) FROM todos WHERE " + where);
}

// Sends `bytes` on a fresh connection and returns the first line of the answer.
std::string raw_status_line(int port, const std::string& bytes) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        close(fd);
        return "connect failed";
    }
    EXPECT_EQ(send(fd, bytes.data(), bytes.size(), 0), static_cast<ssize_t>(bytes.size()));
    std::string answer(256, '\0');
    const ssize_t got = recv(fd, answer.data(), answer.size(), 0);
    close(fd);
    answer.resize(got > 0 ? static_cast<std::size_t>(got) : 0);
    return answer.substr(0, answer.find("\r\n"));
}

TEST(TodoServer, TheListShowsNewestFirstInKeysetPages) {
    RunningServer running({.page_size = 3});
    httplib::Client client = running.client();
    for (int i = 1; i <= 7; ++i) {
        const auto created = client.Post("/new", form({{"title", fmt::format("t{}", i)}, {"text", "x"}}));
        ASSERT_TRUE(created);
        ASSERT_EQ(created->status, 303);
        EXPECT_EQ(created->get_header_value("Location"), "/?notice=created");
    }
    const auto first = client.Get("/");
    ASSERT_TRUE(first);
    ASSERT_EQ(first->status, 200);
    EXPECT_THAT(titles_on(first->body), ElementsAre("t7", "t6", "t5"));
    EXPECT_THAT(first->body, Not(HasSubstr("id=\"newest\"")));

    const auto second = client.Get(older_link(first->body));
    ASSERT_TRUE(second);
    EXPECT_THAT(titles_on(second->body), ElementsAre("t4", "t3", "t2"));
    EXPECT_THAT(second->body, HasSubstr("id=\"newest\""));

    const auto last = client.Get(older_link(second->body));
    ASSERT_TRUE(last);
    EXPECT_THAT(titles_on(last->body), ElementsAre("t1"));
    EXPECT_EQ(older_link(last->body), "");
}

TEST(TodoServer, AMissingTitleOrTextShowsTheFormAgainWithAMessageAndSavesNothing) {
    RunningServer running;
    httplib::Client client = running.client();
    const auto no_title = client.Post("/new", form({{"title", ""}, {"text", "kept <text>"}}));
    ASSERT_TRUE(no_title);
    EXPECT_EQ(no_title->status, 422);
    EXPECT_THAT(no_title->body, HasSubstr("<p class=\"error\" role=\"alert\">Please give the to-do a title.</p>"));
    EXPECT_THAT(no_title->body, HasSubstr("kept &lt;text&gt;</textarea>"));

    const auto no_text = client.Post("/new", form({{"title", "kept title"}, {"text", "   "}}));
    ASSERT_TRUE(no_text);
    EXPECT_EQ(no_text->status, 422);
    EXPECT_THAT(no_text->body, HasSubstr("Please give the to-do a text."));
    EXPECT_THAT(no_text->body, HasSubstr("value=\"kept title\""));

    const auto too_long = client.Post("/new", form({{"title", std::string(201, 't')}, {"text", "x"}}));
    ASSERT_TRUE(too_long);
    EXPECT_EQ(too_long->status, 422);
    EXPECT_EQ(count_rows(running), "0");
}

TEST(TodoServer, AHostileTitleIsStoredAsTypedAndShownAsText) {
    RunningServer running;
    httplib::Client client = running.client();
    const std::string hostile = "<script>alert(1)</script>";
    ASSERT_EQ(client.Post("/new", form({{"title", hostile}, {"text", "<img src=x onerror=alert(2)>"}}))->status, 303);
    EXPECT_EQ(count_rows(running, "title = '<script>alert(1)</script>'"), "1");
    const auto list = client.Get("/?notice=created");
    ASSERT_TRUE(list);
    EXPECT_THAT(titles_on(list->body), ElementsAre("&lt;script&gt;alert(1)&lt;/script&gt;"));
    EXPECT_THAT(list->body, HasSubstr("&lt;img src=x onerror=alert(2)&gt;"));
    EXPECT_THAT(list->body, Not(HasSubstr("<script")));
    EXPECT_THAT(list->body, Not(HasSubstr("<img")));
    EXPECT_THAT(list->body, HasSubstr("<p class=\"notice\" role=\"status\">To-do added.</p>"));
    // The notice is chosen from fixed texts: a crafted one shows nothing.
    EXPECT_THAT(client.Get("/?notice=%3Cb%3Ehi")->body, Not(HasSubstr("class=\"notice\"")));
}

TEST(TodoServer, MarkingDoneAndDeletingRedirectToTheListAndAMissingTodoIs404) {
    RunningServer running;
    httplib::Client client = running.client();
    ASSERT_EQ(client.Post("/new", form({{"title", "a"}, {"text", "b"}}))->status, 303);
    auto connection = running.database().connect();
    const std::string id = roachorm_test::query_value(*connection, "SELECT id FROM todos");

    const auto done = client.Post(fmt::format("/todos/{}/done", id), form({{"done", "true"}}));
    ASSERT_TRUE(done);
    EXPECT_EQ(done->status, 303);
    EXPECT_EQ(done->get_header_value("Location"), "/?notice=done");
    EXPECT_EQ(roachorm_test::query_value(*connection, "SELECT done FROM todos"), "t");
    EXPECT_THAT(client.Get("/")->body, HasSubstr(fmt::format(R"(data-id="{}" data-done="true")", id)));

    EXPECT_EQ(client.Post(fmt::format("/todos/{}/done", id), form({{"done", "false"}}))->get_header_value("Location"),
              "/?notice=undone");
    EXPECT_EQ(roachorm_test::query_value(*connection, "SELECT done FROM todos"), "f");

    const auto deleted = client.Post(fmt::format("/todos/{}/delete", id), form({}));
    ASSERT_TRUE(deleted);
    EXPECT_EQ(deleted->status, 303);
    EXPECT_EQ(deleted->get_header_value("Location"), "/?notice=deleted");
    EXPECT_EQ(count_rows(running), "0");

    EXPECT_EQ(client.Post(fmt::format("/todos/{}/delete", id), form({}))->status, 404);
    EXPECT_EQ(client.Post(fmt::format("/todos/{}/done", id), form({{"done", "true"}}))->status, 404);
    EXPECT_EQ(client.Post("/todos/99999999999999999999/done", form({{"done", "true"}}))->status, 404);
    EXPECT_EQ(client.Get("/no/such/page")->status, 404);
}

TEST(TodoServer, StateChangesOnlyByPost) {
    RunningServer running;
    httplib::Client client = running.client();
    ASSERT_EQ(client.Post("/new", form({{"title", "a"}, {"text", "b"}}))->status, 303);
    auto connection = running.database().connect();
    const std::string id = roachorm_test::query_value(*connection, "SELECT id FROM todos");
    for (const char* action : {"done", "delete"}) {
        const auto answer = client.Get(fmt::format("/todos/{}/{}?done=true", id, action));
        ASSERT_TRUE(answer);
        EXPECT_EQ(answer->status, 405) << action;
        EXPECT_EQ(answer->get_header_value("Allow"), "POST");
    }
    EXPECT_EQ(client.Get("/new?title=a&text=b")->status, 200);
    const std::vector<todo::Todo> stored = orm::table::select_all<todo::Todo>(*connection);
    ASSERT_EQ(stored.size(), 1u);
    EXPECT_FALSE(stored[0].done);
}

TEST(TodoServer, MalformedRequestsGet400AndTheServerKeepsServing) {
    RunningServer running;
    httplib::Client client = running.client();
    EXPECT_THAT(raw_status_line(running.server().port(), "NONSENSE\r\n\r\n"), HasSubstr(" 400 "));
    EXPECT_EQ(client.Get("/?before=not-a-cursor")->status, 400);
    EXPECT_EQ(client.Post("/new", form({{"title", "\xff\xfe"}, {"text", "x"}}))->status, 400);
    EXPECT_EQ(client.Post("/new", form({{"title", std::string("a\0b", 3)}, {"text", "x"}}))->status, 400);
    ASSERT_EQ(client.Post("/new", form({{"title", "a"}, {"text", "b"}}))->status, 303);
    auto connection = running.database().connect();
    const std::string id = roachorm_test::query_value(*connection, "SELECT id FROM todos");
    EXPECT_EQ(client.Post(fmt::format("/todos/{}/done", id), form({{"done", "maybe"}}))->status, 400);

    const auto list = client.Get("/");
    ASSERT_TRUE(list);
    EXPECT_EQ(list->status, 200);
    EXPECT_EQ(count_rows(running), "1");
    EXPECT_EQ(running.server().stats().server_errors, 0U);
}

TEST(TodoServer, ABodyOverTheLimitIs413AndSavesNothing) {
    RunningServer running({.max_body_bytes = 4096});
    httplib::Client client = running.client();
    const auto answer = client.Post("/new", form({{"title", "big"}, {"text", std::string(5000, 'x')}}));
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->status, 413);
    EXPECT_THAT(answer->body, HasSubstr("The request is too large."));
    EXPECT_EQ(count_rows(running), "0");
    EXPECT_EQ(client.Get("/")->status, 200);
}

TEST(TodoServer, EveryPageForbidsScriptsFramingAndSniffing) {
    RunningServer running;
    httplib::Client client = running.client();
    for (const char* path : {"/", "/new", "/missing"}) {
        const auto answer = client.Get(path);
        ASSERT_TRUE(answer);
        EXPECT_EQ(answer->get_header_value("Content-Security-Policy"),
                  "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; "
                  "frame-ancestors 'none'")
            << path;
        EXPECT_EQ(answer->get_header_value("X-Content-Type-Options"), "nosniff") << path;
        EXPECT_EQ(answer->get_header_value("Content-Type"), "text/html; charset=utf-8") << path;
    }
}

TEST(TodoServer, AnUnreachableDatabaseIs503WithAPageAndTheServerKeepsServing) {
    // Nothing listens on port 1; the pool gives up on it at once.
    orm::Database unreachable("postgresql://todo:secret-password@127.0.0.1:1/todo?connect_timeout=2",
                              orm::DatabaseOptions{.pool_size = 1, .acquire_timeout = std::chrono::seconds{5}});
    todo::Server server(unreachable);
    std::thread serving([&] { server.run(); });
    httplib::Client client("127.0.0.1", server.port());
    for (int i = 0; i < 2; ++i) {
        const auto answer = client.Get("/");
        ASSERT_TRUE(answer);
        EXPECT_EQ(answer->status, 503);
        EXPECT_EQ(answer->get_header_value("Retry-After"), "1");
        EXPECT_THAT(answer->body, HasSubstr("The database cannot be reached right now."));
        EXPECT_THAT(answer->body, Not(HasSubstr("secret-password")));
    }
    server.stop();
    serving.join();
    EXPECT_EQ(server.stats().server_errors, 2U);
}

TEST(TodoServer, ABusyPortIsAListenErrorThatSaysWhatToDo) {
    RunningServer running;
    try {
        todo::Server second(running.database(), {.port = running.server().port()});
        FAIL() << "a second server listened on the same port";
    } catch (const todo::ListenError& error) {
        EXPECT_THAT(error.what(), HasSubstr(fmt::format("cannot listen on 127.0.0.1:{}", running.server().port())));
        EXPECT_THAT(error.what(), HasSubstr("choose another --port"));
    }
}

// Many clients connecting at once, before the server has accepted any: each connection completes its handshake at
// once. cpp-httplib's own backlog of 5 left every connection after the sixth waiting for a retransmitted handshake.
TEST(TodoServer, ABurstOfConnectionsIsQueuedWithoutStalling) {
    orm::Database database(roachorm_test::server_url());
    const todo::Server server(database, {});  // bound and listening, but not yet accepting: run() is not called
    constexpr int burst = 64;
    std::vector<int> sockets;
    int completed = 0;
    for (int i = 0; i < burst; ++i) {
        sockets.push_back(socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0));
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(static_cast<std::uint16_t>(server.port()));
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        connect(sockets.back(), reinterpret_cast<const sockaddr*>(&address), sizeof address);
    }
    for (const int fd : sockets) {
        // Generous against a loaded machine, and still well below the second a retransmitted handshake takes.
        pollfd writable{.fd = fd, .events = POLLOUT, .revents = 0};
        int error = 0;
        socklen_t length = sizeof error;
        if (poll(&writable, 1, 500) == 1 && getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0 && error == 0) {
            ++completed;
        }
        close(fd);
    }
    EXPECT_EQ(completed, burst);
}

// A request waiting on a row lock when stop() is called still gets its answer, and its write lands.
TEST(PostgreSQLOnlyTodoServer, StopAnswersTheRequestInFlightFirst) {
    RunningServer running;
    httplib::Client client = running.client();
    ASSERT_EQ(client.Post("/new", form({{"title", "a"}, {"text", "b"}}))->status, 303);
    auto holder = running.database().connect();
    const std::string id = roachorm_test::query_value(*holder, "SELECT id FROM todos");
    holder->execute_unprepared("BEGIN");
    holder->execute_unprepared("SELECT * FROM todos FOR UPDATE");

    std::atomic<int> status = 0;
    std::thread request([&] {
        httplib::Client waiting = running.client();
        const auto answer = waiting.Post(fmt::format("/todos/{}/done", id), form({{"done", "true"}}));
        status = answer ? answer->status : -1;
    });
    auto watcher = running.database().connect();
    for (int i = 0;
         i < 500 && roachorm_test::query_value(*watcher, "SELECT count(*) FROM pg_locks WHERE NOT granted") == "0";
         ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds{10});
    }
    ASSERT_NE(roachorm_test::query_value(*watcher, "SELECT count(*) FROM pg_locks WHERE NOT granted"), "0");

    std::thread stopping([&] { running.stop(); });
    std::this_thread::sleep_for(std::chrono::milliseconds{200});
    EXPECT_EQ(status, 0) << "the request was answered while its row was still locked";
    holder->execute_unprepared("COMMIT");
    stopping.join();
    request.join();
    EXPECT_EQ(status, 303);
    EXPECT_EQ(roachorm_test::query_value(*watcher, "SELECT done FROM todos"), "t");
}

}  // namespace
