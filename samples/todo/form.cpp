// Parsing and checking of what a request carries into the to-do app.
#include "form.hpp"

#include <charconv>
#include <chrono>

#include <fmt/format.h>

namespace todo {
namespace {

std::optional<std::int64_t> parse_positive(std::string_view text) {
    std::int64_t value = 0;
    const char* end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(text.data(), end, value);
    if (text.empty() || error != std::errc{} || stop != end || value <= 0) {
        return std::nullopt;
    }
    return value;
}

// The number of code points in `text` if it is well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing
// above U+10FFFF) without control characters other than tab, CR and LF; nullopt otherwise.
std::optional<std::size_t> count_characters(std::string_view text) {
    std::size_t characters = 0;
    for (std::size_t i = 0; i < text.size(); ++characters) {
        const auto lead = static_cast<unsigned char>(text[i]);
        if (lead < 0x80) {
            if ((lead < 0x20 && lead != '\t' && lead != '\n' && lead != '\r') || lead == 0x7f) {
                return std::nullopt;
            }
            ++i;
            continue;
        }
        std::size_t length = 0;
        char32_t code_point = 0;
        if (lead >= 0xc2 && lead <= 0xdf) {
            length = 2;
            code_point = lead & 0x1fU;
        } else if (lead >= 0xe0 && lead <= 0xef) {
            length = 3;
            code_point = lead & 0x0fU;
        } else if (lead >= 0xf0 && lead <= 0xf4) {
            length = 4;
            code_point = lead & 0x07U;
        } else {
            return std::nullopt;
        }
        if (i + length > text.size()) {
            return std::nullopt;
        }
        for (std::size_t k = 1; k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xc0U) != 0x80) {
                return std::nullopt;
            }
            code_point = (code_point << 6) | (next & 0x3fU);
        }
        const bool overlong = (length == 3 && code_point < 0x800) || (length == 4 && code_point < 0x10000);
        const bool surrogate = code_point >= 0xd800 && code_point <= 0xdfff;
        if (overlong || surrogate || code_point > 0x10ffff || (code_point >= 0x80 && code_point < 0xa0)) {
            return std::nullopt;
        }
        i += length;
    }
    return characters;
}

}  // namespace

std::optional<std::int64_t> parse_id(std::string_view text) {
    return parse_positive(text);
}

std::optional<bool> parse_flag(std::string_view text) {
    if (text == "true") {
        return true;
    }
    if (text == "false") {
        return false;
    }
    return std::nullopt;
}

std::string format_cursor(const Todo& last_shown) {
    const auto micros = last_shown.created_at.value_or(orm::timestamp{}).time_since_epoch().count();
    return std::to_string(micros) + "." + std::to_string(last_shown.id.value);
}

std::optional<PageCursor> parse_cursor(std::string_view text) {
    const std::size_t dot = text.find('.');
    if (dot == std::string_view::npos) {
        return std::nullopt;
    }
    const std::optional<std::int64_t> micros = parse_positive(text.substr(0, dot));
    const std::optional<std::int64_t> id = parse_positive(text.substr(dot + 1));
    if (!micros || !id) {
        return std::nullopt;
    }
    return PageCursor{orm::timestamp{std::chrono::microseconds{*micros}}, *id};
}

FormProblem check(const NewTodoForm& form) {
    const std::optional<std::size_t> title = count_characters(form.title);
    const std::optional<std::size_t> text = count_characters(form.text);
    if (!title || !text) {
        return FormProblem::malformed;
    }
    if (form.title.find_first_not_of(" \t\r\n") == std::string::npos) {
        return FormProblem::missing_title;
    }
    if (form.text.find_first_not_of(" \t\r\n") == std::string::npos) {
        return FormProblem::missing_text;
    }
    if (*title > max_title_length) {
        return FormProblem::title_too_long;
    }
    if (*text > max_text_length) {
        return FormProblem::text_too_long;
    }
    return FormProblem::none;
}

std::string describe(FormProblem problem) {
    switch (problem) {
        case FormProblem::none:
            return {};
        case FormProblem::malformed:
            return "The form holds text that is not valid UTF-8, or control characters.";
        case FormProblem::missing_title:
            return "Please give the to-do a title.";
        case FormProblem::missing_text:
            return "Please give the to-do a text.";
        case FormProblem::title_too_long:
            return fmt::format("The title is too long: {} characters at most.", max_title_length);
        case FormProblem::text_too_long:
            return fmt::format("The text is too long: {} characters at most.", max_text_length);
    }
    return {};
}

}  // namespace todo
