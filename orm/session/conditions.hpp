// Conditions and functions beyond comparison, on columns of any of a query's models: like / ilike with a bound
// pattern, a literal prefix search, lower / upper, and between.
#pragma once

#include <string>
#include <string_view>
#include <type_traits>

#include <fmt/format.h>

#include <roachorm/orm/session/expression.hpp>

namespace orm {
namespace detail {

template <class E>
concept TextExpression = Expression<E> && std::is_same_v<typename expr_base_t<E>::value_type, std::string>;

template <class E>
using scope_of_t = typename expr_base_t<E>::scope_type;

enum class LetterCase { exact, ignored };

template <class E>
Condition<scope_of_t<E>> pattern_match(const E& text, LetterCase letter_case, std::string pattern,
                                       std::string_view escape_clause = "") {
    return Condition<scope_of_t<E>>(
        sql::Fragment::like(text.fragment(), letter_case == LetterCase::ignored, std::move(pattern), escape_clause));
}

// A LIKE pattern that matches `text` literally: '!' escapes the wildcards % and _ and itself. '!' rather than the
// usual backslash, so that the ESCAPE clause's literal reads the same under any string-literal setting.
inline std::string literal_pattern(std::string_view text) {
    std::string pattern;
    pattern.reserve(text.size());
    for (const char c : text) {
        if (c == '%' || c == '_' || c == '!') {
            pattern += '!';
        }
        pattern += c;
    }
    return pattern;
}
inline constexpr std::string_view literal_escape = " ESCAPE '!'";

template <class E>
using text_function_t = Expr<scope_of_t<E>, std::string, expr_base_t<E>::nullable>;

}  // namespace detail

// `text LIKE pattern`, the pattern bound as a parameter: % matches any run of characters, _ any one character.
template <detail::TextExpression E>
auto like(const E& text, std::string_view pattern) {
    return detail::pattern_match(text, detail::LetterCase::exact, std::string(pattern));
}

// `text ILIKE pattern`: like(), ignoring case.
template <detail::TextExpression E>
auto ilike(const E& text, std::string_view pattern) {
    return detail::pattern_match(text, detail::LetterCase::ignored, std::string(pattern));
}

// The rows whose text starts with `prefix`, taken literally (a % or _ in it is no wildcard).
template <detail::TextExpression E>
auto starts_with(const E& text, std::string_view prefix) {
    return detail::pattern_match(text, detail::LetterCase::exact, fmt::format("{}%", detail::literal_pattern(prefix)),
                                 detail::literal_escape);
}

// The rows whose text contains `part`, taken literally.
template <detail::TextExpression E>
auto contains(const E& text, std::string_view part) {
    return detail::pattern_match(text, detail::LetterCase::exact, fmt::format("%{}%", detail::literal_pattern(part)),
                                 detail::literal_escape);
}

template <detail::TextExpression E>
auto lower(const E& text) {
    return detail::text_function_t<E>(sql::Fragment::call("lower", {text.fragment()}));
}

template <detail::TextExpression E>
auto upper(const E& text) {
    return detail::text_function_t<E>(sql::Fragment::call("upper", {text.fragment()}));
}

// `low <= value AND value <= high`, which is what SQL's BETWEEN means; both bounds are included.
template <detail::Expression E, class Low, class High>
auto between(const E& value, const Low& low, const High& high) {
    return value >= low && value <= high;
}

}  // namespace orm
