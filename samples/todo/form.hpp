// What the to-do app accepts from a request: a to-do's id, the list's page cursor and the new-to-do form, each parsed
// and checked here so that the handlers only ever see valid values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "todo.hpp"

namespace todo {

inline constexpr std::size_t max_title_length = 200;  // in characters (code points)
inline constexpr std::size_t max_text_length = 2000;

// A to-do's id from the URL: a positive decimal that fits in 64 bits.
std::optional<std::int64_t> parse_id(std::string_view text);

// "true" or "false", the value of the done form's hidden input.
std::optional<bool> parse_flag(std::string_view text);

// Where a list page starts: after the to-do with this creation time and id (keyset pagination, so a page is one
// index range however deep). Written in links as "<microseconds since 1970>.<id>".
struct PageCursor {
    orm::timestamp created_at{};
    std::int64_t id = 0;
};
std::string format_cursor(const Todo& last_shown);
std::optional<PageCursor> parse_cursor(std::string_view text);

// The new-to-do form as submitted, and what is wrong with it.
struct NewTodoForm {
    std::string title;
    std::string text;
};
enum class FormProblem { none, malformed, missing_title, missing_text, title_too_long, text_too_long };

// malformed: not UTF-8, or a control character other than tab and line breaks (no browser sends those, so it is a
// 400); the other problems are the user's to fix, and the form is shown again with a message.
FormProblem check(const NewTodoForm& form);
std::string describe(FormProblem problem);

}  // namespace todo
