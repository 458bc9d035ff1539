// What the to-do app accepts from a request (samples/todo/form.hpp): ids, page cursors, done flags and the new-to-do
// form, including the malformed input that must become a 400 rather than reach the database.
#include <string>

#include <gtest/gtest.h>

#include "form.hpp"

namespace {

using todo::check;
using todo::FormProblem;
using todo::NewTodoForm;

TEST(TodoForm, IdsArePositiveDecimalsThatFitIn64Bits) {
    EXPECT_EQ(todo::parse_id("42"), 42);
    EXPECT_EQ(todo::parse_id("9223372036854775807"), 9223372036854775807);
    EXPECT_FALSE(todo::parse_id("9223372036854775808"));
    EXPECT_FALSE(todo::parse_id("0"));
    EXPECT_FALSE(todo::parse_id("-1"));
    EXPECT_FALSE(todo::parse_id("12a"));
    EXPECT_FALSE(todo::parse_id(""));
}

TEST(TodoForm, DoneIsTrueOrFalseAndNothingElse) {
    EXPECT_EQ(todo::parse_flag("true"), true);
    EXPECT_EQ(todo::parse_flag("false"), false);
    EXPECT_FALSE(todo::parse_flag("1"));
    EXPECT_FALSE(todo::parse_flag(""));
}

TEST(TodoForm, ACursorRoundTripsThroughItsText) {
    todo::Todo last;
    last.id = orm::serial{77};
    last.created_at = orm::timestamp{std::chrono::microseconds{1'764'570'000'123'456}};
    const std::string text = todo::format_cursor(last);
    EXPECT_EQ(text, "1764570000123456.77");
    const std::optional<todo::PageCursor> cursor = todo::parse_cursor(text);
    ASSERT_TRUE(cursor);
    EXPECT_EQ(cursor->id, 77);
    EXPECT_EQ(cursor->created_at, *last.created_at);
    for (const char* bad : {"", "12", "12.", ".12", "a.1", "1.b", "1.2.3", "-5.1"}) {
        EXPECT_FALSE(todo::parse_cursor(bad)) << bad;
    }
}

TEST(TodoForm, TitleAndTextAreRequiredAndBlankCountsAsMissing) {
    EXPECT_EQ(check(NewTodoForm{"Buy milk", "two litres"}), FormProblem::none);
    EXPECT_EQ(check(NewTodoForm{"", "two litres"}), FormProblem::missing_title);
    EXPECT_EQ(check(NewTodoForm{" \t\r\n", "two litres"}), FormProblem::missing_title);
    EXPECT_EQ(check(NewTodoForm{"Buy milk", ""}), FormProblem::missing_text);
    EXPECT_EQ(check(NewTodoForm{"", ""}), FormProblem::missing_title);
    EXPECT_EQ(todo::describe(FormProblem::missing_title), "Please give the to-do a title.");
    EXPECT_EQ(todo::describe(FormProblem::missing_text), "Please give the to-do a text.");
}

TEST(TodoForm, LengthsAreCountedInCharactersNotBytes) {
    std::string title;
    for (std::size_t i = 0; i < todo::max_title_length; ++i) {
        title += "\xc3\xa9";  // é: two bytes, one character
    }
    EXPECT_EQ(check(NewTodoForm{title, "x"}), FormProblem::none);
    EXPECT_EQ(check(NewTodoForm{title + "e", "x"}), FormProblem::title_too_long);
    EXPECT_EQ(check(NewTodoForm{"t", std::string(todo::max_text_length + 1, 'x')}), FormProblem::text_too_long);
    EXPECT_EQ(todo::describe(FormProblem::title_too_long), "The title is too long: 200 characters at most.");
}

TEST(TodoForm, TextThatIsNotUtf8OrHoldsControlCharactersIsMalformed) {
    for (const std::string& bad : {std::string("\xff"), std::string("a\0b", 3), std::string("\xc0\xaf"),  // overlong
                                   std::string("\xed\xa0\x80"),                                           // surrogate
                                   std::string("\xf4\x90\x80\x80"),                      // above U+10FFFF
                                   std::string("\xe2\x82"),                              // cut short
                                   std::string("bell\x07"), std::string("\xc2\x85")}) {  // C0 and C1 controls
        EXPECT_EQ(check(NewTodoForm{bad, "x"}), FormProblem::malformed);
        EXPECT_EQ(check(NewTodoForm{"x", bad}), FormProblem::malformed);
    }
    EXPECT_EQ(check(NewTodoForm{"tab\tand\r\nlines", "\xf0\x9f\x8d\x85 emoji"}), FormProblem::none);
}

}  // namespace
