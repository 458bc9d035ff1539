// The to-do app's routes. Each handler parses its input first (form.hpp), runs its database work in one
// orm::run_transaction, and renders the page only after the transaction is over.
#include "server.hpp"

#include <exception>
#include <mutex>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <sys/socket.h>

#include <fmt/format.h>
#include <httplib.h>

#include "form.hpp"
#include "pages.hpp"

namespace todo {
namespace {

using orm::col;

// No script may run on these pages, whatever reaches them: the one inline stylesheet is all they load.
constexpr const char* content_security_policy =
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

// The notices a POST's redirect may ask the list to show: only these fixed texts, never text from the request.
std::string_view notice_text(std::string_view code) {
    if (code == "created") {
        return "To-do added.";
    }
    if (code == "done") {
        return "Marked done.";
    }
    if (code == "undone") {
        return "Marked not done.";
    }
    if (code == "deleted") {
        return "To-do deleted.";
    }
    return {};
}

std::string_view explain_status(int status) {
    switch (status) {
        case 400:
            return "The request was malformed.";
        case 404:
            return "There is no such page or to-do.";
        case 405:
            return "This address only takes a form submission (POST).";
        case 413:
            return "The request is too large.";
        case 503:
            return "The database cannot be reached right now. Please try again in a moment.";
        default:
            return "Something went wrong on the server. It has been logged.";
    }
}

void send_page(httplib::Response& response, int status, std::string html) {
    response.status = status;
    response.set_content(std::move(html), "text/html; charset=utf-8");
}

void send_error(httplib::Response& response, int status) {
    send_page(response, status, render_error(status, explain_status(status)));
}

// 303 See Other: the browser follows with a GET, so reloading the list does not submit the form again.
void redirect_to_list(httplib::Response& response, std::string_view notice) {
    response.status = 303;
    response.set_header("Location", fmt::format("/?notice={}", notice));
}

}  // namespace

Server::Server(orm::Database& database, ServerOptions options)
    : database_(database), options_(std::move(options)), http_(std::make_unique<httplib::Server>()) {
    write_options_ = database_.options().transaction;
    write_options_.on_retry = [this](const orm::RetryEvent&) { retries_.fetch_add(1, std::memory_order_relaxed); };
    read_options_ = write_options_;
    read_options_.read_only = true;

    const std::size_t threads = options_.threads;
    http_->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    http_->set_payload_max_length(options_.max_body_bytes);
    // SO_REUSEADDR only: a restart may take the port back from connections still in TIME_WAIT. cpp-httplib also sets
    // SO_REUSEPORT by default, which would let a second server on the same port share the traffic silently instead
    // of failing to start.
    http_->set_socket_options([this](socket_t socket) {
        const int on = 1;
        setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
        listening_socket_ = socket;  // cpp-httplib calls this for the socket it binds, and keeps that one
    });
    // A response's header and body leave in separate writes; without TCP_NODELAY the second waits for the client's
    // delayed ACK (tens of milliseconds).
    http_->set_tcp_nodelay(true);
    http_->set_default_headers({{"Content-Security-Policy", content_security_policy},
                                {"X-Content-Type-Options", "nosniff"},
                                {"Referrer-Policy", "no-referrer"},
                                {"Cache-Control", "no-store"}});
    add_routes();

    port_ = options_.port == 0 ? http_->bind_to_any_port(options_.host)
                               : (http_->bind_to_port(options_.host, options_.port) ? options_.port : -1);
    if (port_ < 0) {
        throw ListenError(
            fmt::format("cannot listen on {}:{}: the port is taken or the address is not one of this "
                        "machine's; choose another --port (0 picks a free one)",
                        options_.host, options_.port));
    }
    // cpp-httplib 0.11 listens with a backlog of 5: a burst of clients connecting at once overflowed it, their
    // connections stalled for a second (a retransmitted handshake) and some requests got no answer at all. Listening
    // again on a listening socket only sets its backlog (Linux, net/ipv4/af_inet.c, inet_listen); the kernel caps
    // it at net.core.somaxconn.
    ::listen(listening_socket_, SOMAXCONN);
}

Server::~Server() = default;

std::string Server::address() const {
    return fmt::format("http://{}:{}", options_.host, port_);
}

void Server::run() {
    {
        const std::lock_guard lock(stop_mutex_);
        if (stop_requested_) {
            return;
        }
        run_started_ = true;
    }
    http_->listen_after_bind();
    run_finished_ = true;
}

// cpp-httplib's stop() does nothing until listen_after_bind() has marked itself running, so a stop() just after run()
// started would be lost and run() would serve on: wait for that mark (a few instructions away) first.
void Server::stop() {
    const std::lock_guard lock(stop_mutex_);
    stop_requested_ = true;
    while (run_started_ && !run_finished_ && !http_->is_running()) {
        std::this_thread::yield();
    }
    http_->stop();
}

Stats Server::stats() const noexcept {
    return {.requests = requests_.load(std::memory_order_relaxed),
            .server_errors = server_errors_.load(std::memory_order_relaxed),
            .retries = retries_.load(std::memory_order_relaxed)};
}

void Server::add_routes() {
    http_->Get("/",
               [this](const httplib::Request& request, httplib::Response& response) { show_list(request, response); });
    http_->Get("/new", [](const httplib::Request&, httplib::Response& response) {
        send_page(response, 200, render_new_form({}, {}));
    });
    http_->Post("/new",
                [this](const httplib::Request& request, httplib::Response& response) { create(request, response); });
    http_->Post(R"(/todos/(\d+)/done)",
                [this](const httplib::Request& request, httplib::Response& response) { set_done(request, response); });
    http_->Post(R"(/todos/(\d+)/delete)",
                [this](const httplib::Request& request, httplib::Response& response) { remove(request, response); });
    // State changes only by POST: a GET of a form's address (a link, a prefetch) changes nothing.
    const auto post_only = [](const httplib::Request&, httplib::Response& response) {
        response.set_header("Allow", "POST");
        send_error(response, 405);
    };
    http_->Get(R"(/todos/(\d+)/(done|delete))", post_only);

    // Statuses cpp-httplib sets itself (404 for no route, 400 for a malformed request, 413 for a body over the
    // limit) get a page too; a handler's own error page is left as it is.
    http_->set_error_handler(
        httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& response) {
            if (!response.body.empty()) {
                return httplib::Server::HandlerResponse::Unhandled;
            }
            send_error(response, response.status);
            return httplib::Server::HandlerResponse::Handled;
        }));
    http_->set_exception_handler([this](const httplib::Request& request, httplib::Response& response,
                                        std::exception_ptr failure) { answer_failure(request, response, failure); });
    http_->set_logger([this](const httplib::Request&, const httplib::Response& response) {
        requests_.fetch_add(1, std::memory_order_relaxed);
        if (response.status >= 500) {
            server_errors_.fetch_add(1, std::memory_order_relaxed);
        }
    });
}

void Server::show_list(const httplib::Request& request, httplib::Response& response) {
    std::optional<PageCursor> cursor;
    if (request.has_param("before")) {
        cursor = parse_cursor(request.get_param_value("before"));
        if (!cursor) {
            send_error(response, 400);
            return;
        }
    }
    const std::size_t page_size = options_.page_size;
    // One row more than a page, to learn whether an older page exists without counting.
    std::vector<Todo> rows = orm::run_transaction(
        database_,
        [&](orm::Session& session) {
            auto query = session.query<Todo>()
                             .order_by(col(&Todo::created_at), orm::desc)
                             .order_by(col(&Todo::id), orm::desc)
                             .limit(static_cast<std::int64_t>(page_size + 1));
            if (cursor) {
                Todo last_shown;
                last_shown.id = orm::serial{cursor->id};
                last_shown.created_at = cursor->created_at;
                query.after(last_shown);
            }
            std::vector<Todo> page;
            for (const Todo* todo : query.all()) {
                page.push_back(*todo);
            }
            return page;
        },
        read_options_);

    ListPage page{.todos = std::move(rows),
                  .notice = notice_text(request.get_param_value("notice")),
                  .has_newer = cursor.has_value(),
                  .older_cursor = std::nullopt};
    if (page.todos.size() > page_size) {
        page.todos.resize(page_size);
        page.older_cursor = format_cursor(page.todos.back());
    }
    send_page(response, 200, render_list(page));
}

void Server::create(const httplib::Request& request, httplib::Response& response) {
    const NewTodoForm form{request.get_param_value("title"), request.get_param_value("text")};
    const FormProblem problem = check(form);
    if (problem == FormProblem::malformed) {
        send_error(response, 400);
        return;
    }
    if (problem != FormProblem::none) {
        send_page(response, 422, render_new_form(form, describe(problem)));
        return;
    }
    orm::run_transaction(
        database_,
        [&](orm::Session& session) {
            Todo todo;
            todo.title = form.title;
            todo.text = form.text;
            session.add(std::move(todo));
        },
        write_options_);
    redirect_to_list(response, "created");
}

void Server::set_done(const httplib::Request& request, httplib::Response& response) {
    const std::optional<std::int64_t> id = parse_id(request.matches[1].str());
    const std::optional<bool> done = parse_flag(request.get_param_value("done"));
    if (!id) {
        send_error(response, 404);
        return;
    }
    if (!done) {
        send_error(response, 400);
        return;
    }
    const bool found = orm::run_transaction(
        database_,
        [&](orm::Session& session) {
            Todo* todo = session.get<Todo>(*id);
            if (todo == nullptr) {
                return false;
            }
            todo->done = *done;  // tracked: one UPDATE of this column, sent with COMMIT
            return true;
        },
        write_options_);
    if (!found) {
        send_error(response, 404);
        return;
    }
    redirect_to_list(response, *done ? "done" : "undone");
}

void Server::remove(const httplib::Request& request, httplib::Response& response) {
    const std::optional<std::int64_t> id = parse_id(request.matches[1].str());
    if (!id) {
        send_error(response, 404);
        return;
    }
    const std::uint64_t deleted = orm::run_transaction(
        database_, [&](orm::Session& session) { return session.query<Todo>().filter(col(&Todo::id) == *id).remove(); },
        write_options_);
    if (deleted == 0) {
        send_error(response, 404);
        return;
    }
    redirect_to_list(response, "deleted");
}

// A failure is the server's (500) or the database's (503: unreachable, still contended after every retry, or a
// commit whose outcome is unknown). The log line names the request and the error, never a form value: roachorm's
// messages carry no bound values, and anything else is cut to one line with passwords redacted.
void Server::answer_failure(const httplib::Request& request, httplib::Response& response,
                            const std::exception_ptr& failure) {
    int status = 500;
    std::string message = "unknown exception";
    try {
        std::rethrow_exception(failure);
    } catch (const orm::ConnectionError& error) {
        status = 503;
        message = error.what();
    } catch (const orm::RetryLimitExceeded& error) {
        status = 503;
        message = error.what();
    } catch (const orm::AmbiguousCommitError& error) {
        status = 503;
        message = error.what();
    } catch (const std::exception& error) {
        message = error.what();
    } catch (...) {
    }
    fmt::print(stderr, "todo: {} {} failed with {}: {}\n", request.method, orm::one_line(request.path), status,
               orm::one_line(orm::redact_passwords(message)));
    if (status == 503) {
        response.set_header("Retry-After", "1");
    }
    send_error(response, status);
}

}  // namespace todo
