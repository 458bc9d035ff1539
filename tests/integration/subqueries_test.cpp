// Subqueries on the real server: IN (subquery), EXISTS and NOT EXISTS correlated with the outer query, a scalar
// subquery in a projection, a condition and order_by, and the typed error of a scalar subquery with two rows. Each
// result is compared with the same query written by hand in SQL.
#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
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

class Subqueries : public roachorm_test::BlogData {};

template <orm::Model T, class Key>
Rows titles_of(const std::vector<T*>& rows, Key T::*member) {
    Rows seen;
    for (const T* row : rows) {
        seen.push_back({row->*member});
    }
    return seen;
}

TEST_F(Subqueries, UsersWhoHavePostsByIn) {
    const Rows by_hand =
        query_rows(*connection, "SELECT name FROM users WHERE id IN (SELECT author_id FROM posts) ORDER BY name", 1);
    orm::run_transaction(*database, [&](orm::Session& session) {
        const auto authors = session.query<User>()
                                 .filter(col(&User::id).in(orm::subquery<Post>().select(col(&Post::author_id))))
                                 .order_by(col(&User::name))
                                 .all();
        EXPECT_EQ(titles_of(authors, &User::name), by_hand);
        EXPECT_THAT(by_hand, ElementsAre(ElementsAre("Ada"), ElementsAre("Grace")));
    });
}

TEST_F(Subqueries, PostsWithAndWithoutCommentsByCorrelatedExists) {
    const Rows with_by_hand = query_rows(*connection,
                                         "SELECT p.title FROM posts p WHERE EXISTS (SELECT 1 FROM comments c WHERE "
                                         "c.post_id = p.id) ORDER BY p.title",
                                         1);
    const Rows without_by_hand = query_rows(*connection,
                                            "SELECT p.title FROM posts p WHERE NOT EXISTS (SELECT 1 FROM comments c "
                                            "WHERE c.post_id = p.id) ORDER BY p.title",
                                            1);
    orm::run_transaction(*database, [&](orm::Session& session) {
        const auto commented = orm::exists(orm::subquery<Comment>().filter(col(&Comment::post_id) == col(&Post::id)));
        EXPECT_EQ(titles_of(session.query<Post>().filter(commented).order_by(col(&Post::title)).all(), &Post::title),
                  with_by_hand);
        EXPECT_EQ(titles_of(session.query<Post>().filter(!commented).order_by(col(&Post::title)).all(), &Post::title),
                  without_by_hand);
        EXPECT_EQ(with_by_hand.size(), 3u);
        EXPECT_THAT(without_by_hand, ElementsAre(ElementsAre("Nanoseconds"), ElementsAre("Poetical science")));
        // Counting keeps the condition and its subquery.
        EXPECT_EQ(session.query<Post>().filter(!commented).count(), 2);
    });
}

TEST_F(Subqueries, ExistsWithAValueInsideAndInAJoinedQuery) {
    const Rows by_hand = query_rows(*connection,
                                    "SELECT p.title, u.name FROM posts p JOIN users u ON p.author_id = u.id WHERE "
                                    "EXISTS (SELECT 1 FROM comments c WHERE c.post_id = p.id AND c.author_id = "
                                    "(SELECT id FROM users WHERE name = 'Linus')) ORDER BY p.title",
                                    2);
    orm::run_transaction(*database, [&](orm::Session& session) {
        const auto commented_by_linus = orm::exists(orm::subquery<Comment>()
                                                        .filter(col(&Comment::post_id) == col(&Post::id))
                                                        .filter(col(&Comment::author_id) == linus));
        Rows seen;
        for (const auto& [title, author] : session.query<Post>()
                                               .join<User>()
                                               .filter(commented_by_linus)
                                               .select(col(&Post::title), col(&User::name))
                                               .order_by(col(&Post::title))
                                               .all()) {
            seen.push_back({title, author});
        }
        EXPECT_EQ(seen, by_hand);
        EXPECT_EQ(seen.size(), 2u);
    });
}

TEST_F(Subqueries, EachPostsCommentCountAsAScalarSubqueryInAProjection) {
    const Rows by_hand = query_rows(*connection,
                                    "SELECT p.title, (SELECT count(*) FROM comments c WHERE c.post_id = p.id) FROM "
                                    "posts p ORDER BY 2 DESC, p.title",
                                    2);
    orm::run_transaction(*database, [&](orm::Session& session) {
        const auto comments =
            orm::subquery<Comment>().filter(col(&Comment::post_id) == col(&Post::id)).select(orm::count());
        Rows seen;
        for (const auto& [title, count] : session.query<Post>()
                                              .select(col(&Post::title), comments)
                                              .order_by(comments, orm::desc)
                                              .order_by(col(&Post::title))
                                              .all()) {
            static_assert(std::is_same_v<std::remove_cvref_t<decltype(count)>, std::int64_t>);
            seen.push_back({title, std::to_string(count)});
        }
        EXPECT_EQ(seen, by_hand);
        EXPECT_EQ(seen.size(), 5u);
        EXPECT_EQ(session.query<Post>().select(col(&Post::title), comments).count(), 5);
    });
}

TEST_F(Subqueries, ANullableScalarReadsAsOptionalAndIsNullWithoutARow) {
    const Rows by_hand = query_rows(*connection,
                                    "SELECT p.title, (SELECT max(c.body) FROM comments c WHERE c.post_id = p.id) "
                                    "FROM posts p ORDER BY p.title",
                                    2);
    orm::run_transaction(*database, [&](orm::Session& session) {
        const auto last_comment = orm::subquery<Comment>()
                                      .filter(col(&Comment::post_id) == col(&Post::id))
                                      .select(orm::max(col(&Comment::body)));
        Rows seen;
        for (const auto& [title, body] :
             session.query<Post>().select(col(&Post::title), last_comment).order_by(col(&Post::title)).all()) {
            static_assert(std::is_same_v<std::remove_cvref_t<decltype(body)>, std::optional<std::string>>);
            seen.push_back({title, body.value_or("NULL")});
        }
        EXPECT_EQ(seen, by_hand);
        EXPECT_THAT(seen[2], ElementsAre("Nanoseconds", "NULL"));
    });
}

TEST_F(Subqueries, UncorrelatedScalarOverTheSameTableInACondition) {
    const Rows by_hand =
        query_rows(*connection, "SELECT name FROM tags WHERE uses = (SELECT max(uses) FROM tags) ORDER BY name", 1);
    orm::run_transaction(*database, [&](orm::Session& session) {
        const auto most_used = orm::subquery<Tag>().select(orm::max(col(&Tag::uses)));
        EXPECT_EQ(titles_of(session.query<Tag>().filter(col(&Tag::uses) == most_used).all(), &Tag::name), by_hand);
        EXPECT_THAT(by_hand, ElementsAre(ElementsAre("history")));
    });
}

TEST_F(Subqueries, AScalarSubqueryWithTwoRowsIsACardinalityViolationThatSaysWhatToDo) {
    const auto three_rows_for_a_value = [](orm::Session& session) {
        const auto any_comment =
            orm::subquery<Comment>().filter(col(&Comment::post_id) == col(&Post::id)).select(col(&Comment::body));
        session.query<Post>().select(col(&Post::title), any_comment).all();
    };
    try {
        orm::run_transaction(*database, three_rows_for_a_value);
        // SQLite takes a scalar subquery's first row, however many it has (lang_expr.html#subquery_expressions).
        EXPECT_EQ(database->dialect().kind(), orm::DialectKind::sqlite)
            << "a post with three comments made a scalar subquery of three rows, but nothing was thrown";
    } catch (const orm::CardinalityViolation& error) {
        EXPECT_EQ(error.sqlstate(), "21000");
        EXPECT_THAT(error.what(), HasSubstr("must return at most one row"));
        EXPECT_THAT(error.what(), HasSubstr(".limit(1)"));
        EXPECT_THAT(error.statement(), HasSubstr("(SELECT comments.body FROM comments"));
    }
    // What the message advises: one row per post.
    orm::run_transaction(*database, [&](orm::Session& session) {
        const auto first_comment = orm::subquery<Comment>()
                                       .filter(col(&Comment::post_id) == col(&Post::id))
                                       .order_by(col(&Comment::body))
                                       .limit(1)
                                       .select(col(&Comment::body));
        const auto [title, body] =
            session.query<Post>().select(col(&Post::title), first_comment).filter(col(&Post::slug) == "engines").one();
        EXPECT_EQ(body, "Brilliant");
    });
}

}  // namespace
