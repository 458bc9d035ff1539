// The to-do app's HTML (samples/todo/pages.hpp): every variable part escaped, and the structure the browser test and a
// user rely on (the list's items and forms, the form's kept values, the error message).
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "pages.hpp"

namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(TodoPages, EscapeWritesTheFiveSpecialCharactersAsReferences) {
    EXPECT_EQ(todo::escape(R"(<a href="x" title='y'>&</a>)"),
              "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
    EXPECT_EQ(todo::escape("plain \xc3\xa9 text"), "plain \xc3\xa9 text");
}

TEST(TodoPages, TheListShowsEachTodoEscapedWithItsForms) {
    todo::Todo hostile;
    hostile.id = orm::serial{5};
    hostile.title = "<script>alert(1)</script>";
    hostile.text = "\"quoted\" & 'single'";
    hostile.done = true;
    hostile.created_at = orm::timestamp{std::chrono::seconds{1'764'570'000}};
    const std::string html = todo::render_list(
        {.todos = {hostile}, .notice = "To-do added.", .has_newer = false, .older_cursor = std::nullopt});
    EXPECT_THAT(html, HasSubstr("<h2 class=\"title\">&lt;script&gt;alert(1)&lt;/script&gt;</h2>"));
    EXPECT_THAT(html, HasSubstr("&quot;quoted&quot; &amp; &#39;single&#39;"));
    EXPECT_THAT(html, Not(HasSubstr("<script")));
    EXPECT_THAT(html, HasSubstr(R"(<li class="todo" data-id="5" data-done="true">)"));
    EXPECT_THAT(html, HasSubstr(R"(<form method="post" action="/todos/5/done"><input type="hidden" name="done" )"
                                R"(value="false"><button type="submit" class="toggle">Mark not done</button>)"));
    EXPECT_THAT(html, HasSubstr(R"(<form method="post" action="/todos/5/delete">)"));
    EXPECT_THAT(html, HasSubstr("<time class=\"created\" datetime=\"2025-12-01T06:20:00Z\">"));
    EXPECT_THAT(html, HasSubstr("<p class=\"notice\" role=\"status\">To-do added.</p>"));
    EXPECT_THAT(html, Not(HasSubstr("id=\"older\"")));
}

TEST(TodoPages, TheListLinksToTheOlderAndNewestPages) {
    const std::string empty = todo::render_list({});
    EXPECT_THAT(empty, HasSubstr("<p id=\"empty\">Nothing to do.</p>"));
    EXPECT_THAT(empty, Not(HasSubstr("<nav>")));
    const std::string middle =
        todo::render_list({.todos = {}, .notice = "", .has_newer = true, .older_cursor = "1764570000000000.9"});
    EXPECT_THAT(middle, HasSubstr(R"(<a id="newest" href="/">Newest</a>)"));
    EXPECT_THAT(middle, HasSubstr(R"(<a id="older" href="/?before=1764570000000000.9">Older</a>)"));
}

TEST(TodoPages, TheFormKeepsWhatWasEnteredEscapedAndShowsTheProblem) {
    const std::string html = todo::render_new_form({.title = "\"><b>x", .text = "</textarea><i>y"}, "Say why.");
    EXPECT_THAT(html, HasSubstr("<p class=\"error\" role=\"alert\">Say why.</p>"));
    EXPECT_THAT(html, HasSubstr(R"(name="title" value="&quot;&gt;&lt;b&gt;x">)"));
    EXPECT_THAT(html, HasSubstr("&lt;/textarea&gt;&lt;i&gt;y</textarea>"));
    EXPECT_THAT(todo::render_new_form({}, ""), Not(HasSubstr("class=\"error\"")));
}

}  // namespace
