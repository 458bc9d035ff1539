// The worked examples of docs/queries.md, run on the blog's data: each sends exactly the statement the page shows
// (from the echo), so the page cannot drift from what roachorm does.
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <roachorm/models/blog.hpp>

#include "blog_data.hpp"
#include "test_server.hpp"

namespace {

using namespace models::blog;
using orm::col;
using ::testing::ElementsAre;

class QueriesDoc : public roachorm_test::BlogData {
protected:
    // The SELECTs `work` sends inside a transaction.
    template <class Work>
    std::vector<std::string> statements_of(Work work) {
        roachorm_test::EchoCapture echo;
        orm::Database echoed(roachorm_test::server_url(), echo.options());
        orm::run_transaction(echoed, [&](orm::Session& session) {
            echo.clear();
            work(session);
        });
        return echo.statements("SELECT");
    }
};

TEST_F(QueriesDoc, PostsWithTheirAuthorsNewestFirst) {
    const auto sent = statements_of([](orm::Session& session) {
        const auto rows = session.query<Post>()
                              .join<User>()
                              .filter(col(&User::name) != "")
                              .order_by(col(&Post::created_at), orm::desc)
                              .limit(20)
                              .all();
        EXPECT_EQ(rows.size(), 5u);
    });
    EXPECT_THAT(sent,
                ElementsAre("SELECT posts.id, posts.author_id, posts.slug, posts.title, posts.body, posts.status, "
                            "posts.created_at, users.id, users.email, users.name, users.joined_at FROM posts "
                            "INNER JOIN users ON posts.author_id = users.id WHERE users.name <> $1 ORDER BY "
                            "posts.created_at DESC LIMIT $2"));
}

TEST_F(QueriesDoc, CommentCountsPerPostWithHaving) {
    const auto sent = statements_of([](orm::Session& session) {
        const auto comments = orm::count(col(&Comment::id));
        const auto rows = session.query<Post>()
                              .left_join<Comment>()
                              .select(col(&Post::title), comments)
                              .group_by(col(&Post::id), col(&Post::title))
                              .having(comments >= 2)
                              .order_by(comments, orm::desc)
                              .all();
        EXPECT_EQ(rows.size(), 2u);
    });
    EXPECT_THAT(sent, ElementsAre("SELECT posts.title, count(comments.id) FROM posts LEFT JOIN comments ON "
                                  "comments.post_id = posts.id GROUP BY posts.id, posts.title HAVING "
                                  "count(comments.id) >= $1 ORDER BY count(comments.id) DESC"));
}

}  // namespace
