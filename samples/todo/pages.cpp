// The HTML of the to-do app's pages, written with fmt, every variable part escaped.
#include "pages.hpp"

#include <chrono>
#include <iterator>

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace todo {
namespace {

// The frame of every page. The stylesheet is inline, which the pages' Content-Security-Policy allows for styles only.
std::string layout(std::string_view title, std::string_view body) {
    return fmt::format(R"(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 44rem; margin: 2rem auto; padding: 0 1rem; color: #222; }}
h1 a {{ color: inherit; text-decoration: none; }}
ul#todos {{ list-style: none; padding: 0; }}
li.todo {{ border: 1px solid #ddd; border-radius: 6px; padding: 0.6rem 0.9rem; margin: 0.6rem 0; }}
li.todo[data-done="true"] h2 {{ text-decoration: line-through; color: #888; }}
li.todo h2 {{ font-size: 1.1rem; margin: 0 0 0.3rem; overflow-wrap: anywhere; }}
li.todo p.text {{ margin: 0 0 0.4rem; white-space: pre-wrap; overflow-wrap: anywhere; }}
li.todo form {{ display: inline; }}
time {{ color: #777; font-size: 0.85rem; margin-right: 0.6rem; }}
p.notice {{ background: #e8f5e9; padding: 0.5rem 0.8rem; border-radius: 4px; }}
p.error {{ background: #fdecea; padding: 0.5rem 0.8rem; border-radius: 4px; }}
label {{ display: block; margin-top: 0.8rem; }}
input[type=text], textarea {{ width: 100%; box-sizing: border-box; font: inherit; padding: 0.3rem; }}
nav a {{ margin-right: 1rem; }}
</style>
</head>
<body>
<h1><a href="/">To-do list</a></h1>
{}</body>
</html>
)",
                       escape(title), body);
}

std::string render_todo(const Todo& todo) {
    const auto created = std::chrono::floor<std::chrono::seconds>(todo.created_at.value_or(orm::timestamp{}));
    return fmt::format(R"(<li class="todo" data-id="{id}" data-done="{done}">
<h2 class="title">{title}</h2>
<p class="text">{text}</p>
<time class="created" datetime="{iso:%Y-%m-%dT%H:%M:%SZ}">{iso:%Y-%m-%d %H:%M:%S} UTC</time>
<form method="post" action="/todos/{id}/done"><input type="hidden" name="done" value="{next}"><button type="submit" class="toggle">{toggle}</button></form>
<form method="post" action="/todos/{id}/delete"><button type="submit" class="delete">Delete</button></form>
</li>
)",
                       fmt::arg("id", todo.id.value), fmt::arg("done", todo.done ? "true" : "false"),
                       fmt::arg("title", escape(todo.title)), fmt::arg("text", escape(todo.text)),
                       fmt::arg("iso", created), fmt::arg("next", todo.done ? "false" : "true"),
                       fmt::arg("toggle", todo.done ? "Mark not done" : "Mark done"));
}

}  // namespace

std::string escape(std::string_view text) {
    std::string escaped;
    escaped.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '&':
                escaped += "&amp;";
                break;
            case '<':
                escaped += "&lt;";
                break;
            case '>':
                escaped += "&gt;";
                break;
            case '"':
                escaped += "&quot;";
                break;
            case '\'':
                escaped += "&#39;";
                break;
            default:
                escaped += c;
        }
    }
    return escaped;
}

std::string render_list(const ListPage& page) {
    std::string body;
    auto out = std::back_inserter(body);
    if (!page.notice.empty()) {
        fmt::format_to(out, "<p class=\"notice\" role=\"status\">{}</p>\n", escape(page.notice));
    }
    fmt::format_to(out, "<p><a id=\"new-todo\" href=\"/new\">New to-do</a></p>\n");
    if (page.todos.empty()) {
        fmt::format_to(out, "<p id=\"empty\">Nothing to do{}.</p>\n", page.has_newer ? " on this page" : "");
    } else {
        fmt::format_to(out, "<ul id=\"todos\">\n");
        for (const Todo& todo : page.todos) {
            body += render_todo(todo);
        }
        fmt::format_to(out, "</ul>\n");
    }
    if (page.has_newer || page.older_cursor) {
        fmt::format_to(out, "<nav>");
        if (page.has_newer) {
            fmt::format_to(out, "<a id=\"newest\" href=\"/\">Newest</a>");
        }
        if (page.older_cursor) {
            fmt::format_to(out, "<a id=\"older\" href=\"/?before={}\">Older</a>", escape(*page.older_cursor));
        }
        fmt::format_to(out, "</nav>\n");
    }
    return layout("To-do list", body);
}

std::string render_new_form(const NewTodoForm& entered, std::string_view problem) {
    std::string body;
    if (!problem.empty()) {
        body = fmt::format("<p class=\"error\" role=\"alert\">{}</p>\n", escape(problem));
    }
    body += fmt::format(R"(<form id="new-todo-form" method="post" action="/new">
<label for="title">Title</label>
<input type="text" id="title" name="title" value="{}">
<label for="text">Text</label>
<textarea id="text" name="text" rows="5">
{}</textarea>
<p><button id="add" type="submit">Add</button> <a href="/">Back to the list</a></p>
</form>
)",
                        escape(entered.title), escape(entered.text));
    return layout("New to-do", body);
}

std::string render_error(int status, std::string_view explanation) {
    return layout(fmt::format("Error {}", status),
                  fmt::format("<p class=\"error\" role=\"alert\">{}</p>\n<p><a href=\"/\">Back to the list</a></p>\n",
                              escape(explanation)));
}

}  // namespace todo
