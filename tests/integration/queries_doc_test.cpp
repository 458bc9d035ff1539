// The worked examples of docs/queries.md, run on the blog's data: each sends exactly the statement the page shows
// (from the echo), so the page cannot drift from what roachorm does.
#include <string>
#include <tuple>
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
                ElementsAre(roachorm_test::as_sent(
                    *database,
                    "SELECT posts.id, posts.author_id, posts.slug, posts.title, posts.body, posts.status, "
                    "posts.created_at, users.id, users.email, users.name, users.joined_at FROM posts INNER JOIN users "
                    "ON posts.author_id = users.id WHERE users.name <> $1 ORDER BY posts.created_at DESC LIMIT $2")));
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
    EXPECT_THAT(sent, ElementsAre(roachorm_test::per_dialect(
                          *database,
                          "SELECT posts.title, count(comments.id) FROM posts LEFT JOIN comments ON comments.post_id = "
                          "posts.id GROUP BY posts.id, posts.title HAVING count(comments.id) >= $1 ORDER BY "
                          "count(comments.id) DESC",
                          "SELECT posts.title, count(comments.id) FROM posts LEFT JOIN comments ON comments.post_id = "
                          "posts.id GROUP BY posts.id, posts.title HAVING count(comments.id) >= CAST(?1 AS INTEGER) "
                          "ORDER BY count(comments.id) DESC")));
}

TEST_F(QueriesDoc, Subqueries) {
    const auto sent = statements_of([](orm::Session& session) {
        EXPECT_EQ(session.query<User>()
                      .filter(col(&User::id).in(orm::subquery<Post>().select(col(&Post::author_id))))
                      .all()
                      .size(),
                  2u);
        const auto commented = orm::exists(orm::subquery<Comment>().filter(col(&Comment::post_id) == col(&Post::id)));
        EXPECT_EQ(session.query<Post>().filter(commented).all().size(), 3u);
        EXPECT_EQ(session.query<Post>().filter(!commented).all().size(), 2u);
        const auto comments =
            orm::subquery<Comment>().filter(col(&Comment::post_id) == col(&Post::id)).select(orm::count());
        const auto counts =
            session.query<Post>().select(col(&Post::title), comments).order_by(comments, orm::desc).all();
        EXPECT_EQ(std::get<1>(counts.front()), 3);
        EXPECT_EQ(session.query<Tag>()
                      .filter(col(&Tag::uses) == orm::subquery<Tag>().select(orm::max(col(&Tag::uses))))
                      .all()
                      .size(),
                  1u);
    });
    const std::string posts = "SELECT id, author_id, slug, title, body, status, created_at FROM posts";
    const std::string comments = "(SELECT count(*) FROM comments WHERE comments.post_id = posts.id)";
    EXPECT_THAT(
        sent,
        ElementsAre("SELECT id, email, name, joined_at FROM users WHERE id IN (SELECT posts.author_id FROM posts)",
                    posts + " WHERE EXISTS (SELECT 1 FROM comments WHERE comments.post_id = posts.id)",
                    posts + " WHERE NOT EXISTS (SELECT 1 FROM comments WHERE comments.post_id = posts.id)",
                    "SELECT title, " + comments + " FROM posts ORDER BY " + comments + " DESC",
                    "SELECT name, uses FROM tags WHERE uses = (SELECT max(tags.uses) FROM tags)"));
}

}  // namespace
