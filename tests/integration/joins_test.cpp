// Joins of the blog's models on the real server: on a declared foreign key or a condition, inner and left, with
// filters and ordering on any joined model's columns. Rows are the session's tracked objects (one object per row,
// whatever query read it), and every result is compared with the same query written by hand in SQL.
#include <algorithm>
#include <optional>
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
using roachorm_test::query_rows;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using Rows = std::vector<std::vector<std::string>>;

class Joins : public roachorm_test::BlogData {};

TEST_F(Joins, InnerJoinOnTheDeclaredForeignKeyGivesEachPostItsTrackedAuthor) {
    const Rows by_hand = query_rows(*connection,
                                    "SELECT p.title, u.name FROM posts p JOIN users u ON p.author_id = u.id "
                                    "ORDER BY p.id",
                                    2);
    orm::run_transaction(*database, [&](orm::Session& session) {
        const std::vector<std::tuple<Post*, User*>> rows =
            session.query<Post>().join<User>().order_by(col(&Post::id)).all();
        Rows seen;
        for (const auto& [post, author] : rows) {
            ASSERT_NE(author, nullptr);
            EXPECT_EQ(post->author_id, author->id.value);
            seen.push_back({post->title, author->name});
        }
        EXPECT_EQ(seen, by_hand);
        // Ada wrote three of the posts: each of their rows holds the one object for her, the one get<User> gives.
        User* ada_object = session.get<User>(ada);
        EXPECT_EQ(
            std::count_if(rows.begin(), rows.end(), [&](const auto& row) { return std::get<1>(row) == ada_object; }),
            3);
    });
}

TEST_F(Joins, FiltersAndOrderingUseAnyJoinedModelsColumns) {
    const Rows by_hand = query_rows(*connection,
                                    "SELECT p.title FROM posts p JOIN users u ON p.author_id = u.id "
                                    "WHERE u.name = 'Grace' ORDER BY p.title DESC",
                                    1);
    orm::run_transaction(*database, [&](orm::Session& session) {
        Rows seen;
        for (const auto& [post, author] : session.query<Post>()
                                              .join<User>()
                                              .filter(col(&User::name) == "Grace")
                                              .order_by(col(&Post::title), orm::desc)
                                              .all()) {
            EXPECT_EQ(author->name, "Grace");
            seen.push_back({post->title});
        }
        EXPECT_EQ(seen, by_hand);
        EXPECT_EQ(session.query<Post>().join<User>().filter(col(&User::name) == "Grace").count(), 2);
        EXPECT_TRUE(session.query<Post>().join<User>().filter(col(&User::name) == "Ada").exists());
    });
}

TEST_F(Joins, LeftJoinKeepsAUserWithoutPostsWithANullPost) {
    const Rows by_hand = query_rows(*connection,
                                    "SELECT u.name, coalesce(p.title, 'NULL') FROM users u "
                                    "LEFT JOIN posts p ON p.author_id = u.id ORDER BY u.name, p.id",
                                    2);
    orm::run_transaction(*database, [&](orm::Session& session) {
        Rows seen;
        for (const auto& [user, post] :
             session.query<User>().left_join<Post>().order_by(col(&User::name)).order_by(col(&Post::id)).all()) {
            seen.push_back({user->name, post ? post->title : "NULL"});
        }
        EXPECT_EQ(seen, by_hand);
        EXPECT_EQ(seen.back(), (std::vector<std::string>{"Linus", "NULL"})) << "Linus has written nothing";
    });
}

TEST_F(Joins, AJoinOnAConditionMatchesANullableForeignKeyWithTheSerialKey) {
    const Rows by_hand = query_rows(*connection,
                                    "SELECT c.body, u.name FROM comments c JOIN users u ON c.author_id = u.id "
                                    "ORDER BY c.body",
                                    2);
    orm::run_transaction(*database, [&](orm::Session& session) {
        Rows seen;
        for (const auto& [comment, author] : session.query<Comment>()
                                                 .join<User>(col(&Comment::author_id) == col(&User::id))
                                                 .order_by(col(&Comment::body))
                                                 .all()) {
            seen.push_back({comment->body, author->name});
        }
        EXPECT_EQ(seen, by_hand);
    });
}

TEST_F(Joins, ThreeModelsJoinAlongTheirForeignKeys) {
    const Rows by_hand = query_rows(*connection,
                                    "SELECT c.body, p.title, u.name FROM comments c JOIN posts p ON c.post_id = p.id "
                                    "JOIN users u ON p.author_id = u.id WHERE u.name = 'Ada' ORDER BY c.body",
                                    3);
    orm::run_transaction(*database, [&](orm::Session& session) {
        Rows seen;
        // Comment -> Post, then Post -> User: the query's Comment also references User (author_id), so the second
        // join names its condition.
        for (const auto& [comment, post, author] : session.query<Comment>()
                                                       .join<Post>()
                                                       .join<User>(col(&Post::author_id) == col(&User::id))
                                                       .filter(col(&User::name) == "Ada")
                                                       .order_by(col(&Comment::body))
                                                       .all()) {
            EXPECT_EQ(comment->post_id, post->id.value);
            seen.push_back({comment->body, post->title, author->name});
        }
        EXPECT_EQ(seen, by_hand);
    });
}

TEST_F(Joins, TheJoinIsOneStatementThatQualifiesEveryColumn) {
    roachorm_test::EchoCapture echo;
    orm::Database echoed(roachorm_test::server_url(), echo.options());
    orm::run_transaction(echoed, [&](orm::Session& session) {
        echo.clear();
        const auto first = session.query<Post>().join<User>().filter(col(&Post::author_id) == ada).first();
        ASSERT_TRUE(first.has_value());
        EXPECT_EQ(std::get<1>(*first)->name, "Ada");
    });
    const std::vector<std::string> selects = echo.statements("SELECT");
    ASSERT_EQ(selects.size(), 1u);
    EXPECT_THAT(selects[0], HasSubstr(roachorm_test::per_dialect(
                                echoed,
                                "FROM posts INNER JOIN users ON posts.author_id = users.id WHERE posts.author_id = $1 "
                                "LIMIT $2",
                                "FROM posts INNER JOIN users ON posts.author_id = users.id WHERE posts.author_id = "
                                "CAST(?1 AS INTEGER) LIMIT ?2")));
}

TEST_F(Joins, OneOfAJoinIsTheTupleAndRefusesTwoRows) {
    orm::run_transaction(*database, [&](orm::Session& session) {
        const auto [post, author] = session.query<Post>().join<User>().filter(col(&Post::slug) == "engines").one();
        EXPECT_EQ(post->title, "Engines");
        EXPECT_EQ(author->name, "Ada");
        EXPECT_THROW(session.query<Post>().join<User>().filter(col(&User::name) == "Ada").one(),
                     orm::MultipleResultsFound);
    });
}

TEST_F(Joins, AForeignKeyMemberComparesWithTheReferencedSerialKeyAndGetTakesAnInteger) {
    orm::run_transaction(*database, [&](orm::Session& session) {
        User* author = session.get<User>(ada);
        ASSERT_NE(author, nullptr);
        EXPECT_EQ(session.query<Post>().filter(col(&Post::author_id) == author->id).count(), 3);
        const Post& post = *session.query<Post>().filter(col(&Post::slug) == "engines").first();
        EXPECT_EQ(session.get<User>(post.author_id), author) << "get<User> of the foreign key's integer";
        EXPECT_EQ(session.get<User>(author->id.value), author);
    });
}

}  // namespace
