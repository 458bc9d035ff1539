// The to-do app's HTML pages. Every value from the database or the request is written through escape(), so a title
// like <script>alert(1)</script> shows as text; the pages hold no script of their own.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "form.hpp"
#include "todo.hpp"

namespace todo {

// &, <, >, " and ' as character references: safe in element content and in quoted attribute values.
std::string escape(std::string_view text);

struct ListPage {
    std::vector<Todo> todos;                  // newest first
    std::string_view notice;                  // what the last POST did ("" for nothing)
    bool has_newer = false;                   // this is not the first page: link to it
    std::optional<std::string> older_cursor;  // there is a next page, starting after this cursor
};
std::string render_list(const ListPage& page);

// The new-to-do form, holding what was entered, with the problem that sent it back ("" the first time).
std::string render_new_form(const NewTodoForm& entered, std::string_view problem);

// A page for an error status (400, 404, 405, 413, 500, 503): its heading and one sentence saying what to do.
std::string render_error(int status, std::string_view explanation);

}  // namespace todo
