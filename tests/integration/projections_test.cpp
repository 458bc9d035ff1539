// Projections on the real server: chosen columns of joined models into tuples or a struct of the caller's, DISTINCT,
// aggregates with GROUP BY and HAVING, and the result types of count, sum, avg, min and max (std::nullopt where SQL
// gives NULL). Each result is compared with the same query written by hand in SQL.
#include <cstdint>
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
using Rows = std::vector<std::vector<std::string>>;

class Projections : public roachorm_test::BlogData {};

// A row type of the caller's own: one member per selected expression, of its type.
struct PostListing {
    std::string title;
    std::string author;
};

TEST_F(Projections, ColumnsOfTwoModelsReadIntoTuplesOrTheCallersStruct) {
    const Rows by_hand = query_rows(*connection,
                                    "SELECT p.title, u.name FROM posts p JOIN users u ON p.author_id = u.id "
                                    "ORDER BY p.title",
                                    2);
    orm::run_transaction(*database, [&](orm::Session& session) {
        auto listing =
            session.query<Post>().join<User>().select(col(&Post::title), col(&User::name)).order_by(col(&Post::title));
        Rows seen;
        for (const auto& [title, author] : listing.all()) {
            seen.push_back({title, author});
        }
        EXPECT_EQ(seen, by_hand);
        const std::vector<PostListing> structs = listing.all<PostListing>();
        ASSERT_EQ(structs.size(), by_hand.size());
        EXPECT_EQ(structs[0].title, by_hand[0][0]);
        EXPECT_EQ(structs[0].author, by_hand[0][1]);
        EXPECT_EQ(listing.count(), 5);
    });
}

TEST_F(Projections, ProjectedRowsAreNotTracked) {
    orm::run_transaction(*database, [&](orm::Session& session) {
        auto [title] = *session.query<Post>().select(col(&Post::title)).filter(col(&Post::slug) == "engines").first();
        title = "changed in the copy only";
        session.flush();
    });
    EXPECT_EQ(roachorm_test::query_value(*connection, "SELECT title FROM posts WHERE slug = 'engines'"), "Engines");
}

TEST_F(Projections, DistinctReturnsEachValueOnceAndCountsThem) {
    orm::run_transaction(*database, [&](orm::Session& session) {
        auto authors = session.query<Post>().select(col(&Post::author_id)).distinct().order_by(col(&Post::author_id));
        std::vector<std::int64_t> seen;
        for (const auto& [author] : authors.all()) {
            seen.push_back(author);
        }
        EXPECT_EQ(seen.size(), 2u);
        EXPECT_EQ(authors.count(), 2);
    });
}

TEST_F(Projections, CommentCountsPerPostWithHaving) {
    const Rows by_hand = query_rows(*connection,
                                    "SELECT p.title, count(c.id) FROM posts p LEFT JOIN comments c ON c.post_id = p.id "
                                    "GROUP BY p.id, p.title HAVING count(c.id) >= 1 ORDER BY count(c.id) DESC, p.title",
                                    2);
    orm::run_transaction(*database, [&](orm::Session& session) {
        const auto comments = orm::count(col(&Comment::id));
        Rows seen;
        for (const auto& [title, count] : session.query<Post>()
                                              .left_join<Comment>()
                                              .select(col(&Post::title), comments)
                                              .group_by(col(&Post::id), col(&Post::title))
                                              .having(comments >= 1)
                                              .order_by(comments, orm::desc)
                                              .order_by(col(&Post::title))
                                              .all()) {
            static_assert(std::is_same_v<std::remove_cvref_t<decltype(count)>, std::int64_t>);
            seen.push_back({title, std::to_string(count)});
        }
        EXPECT_EQ(seen, by_hand);
        EXPECT_THAT(seen, ElementsAre(ElementsAre("Engines", "3"), ElementsAre("Compilers", "2"),
                                      ElementsAre("Notes on the engine", "1")));
    });
}

TEST_F(Projections, AggregatesHaveTheTypesTheServersReturn) {
    const Rows by_hand =
        query_rows(*connection, "SELECT count(*), sum(uses), avg(uses), min(uses), max(name) FROM tags", 5);
    orm::run_transaction(*database, [&](orm::Session& session) {
        const auto [count, sum, average, least, last] =
            session.query<Tag>()
                .select(orm::count(), orm::sum(col(&Tag::uses)), orm::avg(col(&Tag::uses)), orm::min(col(&Tag::uses)),
                        orm::max(col(&Tag::name)))
                .one();
        static_assert(std::is_same_v<decltype(count), const std::int64_t>);
        static_assert(std::is_same_v<decltype(sum), const std::optional<orm::decimal>>);
        static_assert(std::is_same_v<decltype(average), const std::optional<orm::decimal>>);
        static_assert(std::is_same_v<decltype(least), const std::optional<std::int32_t>>);
        static_assert(std::is_same_v<decltype(last), const std::optional<std::string>>);
        EXPECT_EQ(std::to_string(count), by_hand[0][0]);
        EXPECT_EQ(sum->text, by_hand[0][1]);
        EXPECT_EQ(average->text, by_hand[0][2]);
        EXPECT_EQ(least, 0);
        EXPECT_EQ(last, "poetry");

        // Over no rows: count is 0, and the others are SQL NULL, std::nullopt.
        const auto [none, no_sum, no_average, no_least, no_last] =
            session.query<Tag>()
                .select(orm::count(), orm::sum(col(&Tag::uses)), orm::avg(col(&Tag::uses)), orm::min(col(&Tag::uses)),
                        orm::max(col(&Tag::name)))
                .filter(col(&Tag::name) == "no such tag")
                .one();
        EXPECT_EQ(none, 0);
        EXPECT_FALSE(no_sum.has_value());
        EXPECT_FALSE(no_average.has_value());
        EXPECT_FALSE(no_least.has_value());
        EXPECT_FALSE(no_last.has_value());
    });
}

// Integer division truncates (CockroachDB's "//", PostgreSQL's "/"), and an aggregate's decimal compares with an
// integer value and with an integer column.
TEST_F(Projections, IntegerDivisionTruncatesAndDecimalsCompareWithIntegers) {
    const Rows by_hand = query_rows(*connection,
                                    "SELECT name, uses / 2 FROM tags WHERE uses > (SELECT avg(uses) FROM tags) "
                                    "ORDER BY name",
                                    2);
    const Rows totals_by_hand = query_rows(*connection,
                                           "SELECT p.slug, count(*) FROM posts p JOIN comments c ON c.post_id = p.id "
                                           "GROUP BY p.slug HAVING sum(c.post_id) > 2 ORDER BY p.slug",
                                           2);
    orm::run_transaction(*database, [&](orm::Session& session) {
        const auto average = orm::subquery<Tag>().select(orm::avg(col(&Tag::uses)));
        Rows seen;
        for (const auto& [name, half] : session.query<Tag>()
                                            .select(col(&Tag::name), col(&Tag::uses) / 2)
                                            .filter(col(&Tag::uses) > average)
                                            .order_by(col(&Tag::name))
                                            .all()) {
            static_assert(std::is_same_v<decltype(half), const std::int32_t>);
            seen.push_back({name, std::to_string(half)});
        }
        EXPECT_EQ(seen, by_hand);
        EXPECT_THAT(seen, ElementsAre(ElementsAre("history", "1")));  // 3 / 2 truncated

        Rows totals;
        for (const auto& [slug, comments] : session.query<Post>()
                                                .join<Comment>()
                                                .select(col(&Post::slug), orm::count())
                                                .group_by(col(&Post::slug))
                                                .having(orm::sum(col(&Comment::post_id)) > 2)
                                                .order_by(col(&Post::slug))
                                                .all()) {
            totals.push_back({slug, std::to_string(comments)});
        }
        EXPECT_EQ(totals, totals_by_hand);
        EXPECT_FALSE(totals.empty());
    });
}

TEST_F(Projections, CountDistinctAndSumOfAFloatingPointExpression) {
    orm::run_transaction(*database, [&](orm::Session& session) {
        const auto [commenters, posts_commented] =
            session.query<Comment>()
                .select(orm::count_distinct(col(&Comment::author_id)), orm::count_distinct(col(&Comment::post_id)))
                .one();
        EXPECT_EQ(commenters, 3) << "Ada, Grace and Linus; the anonymous comment's NULL is not counted";
        EXPECT_EQ(posts_commented, 3);
    });
}

TEST_F(Projections, ANullableColumnReadsAsOptional) {
    orm::run_transaction(*database, [&](orm::Session& session) {
        const auto [author] =
            session.query<Comment>().select(col(&Comment::author_id)).filter(col(&Comment::body) == "First!").one();
        static_assert(std::is_same_v<decltype(author), const std::optional<std::int64_t>>);
        EXPECT_FALSE(author.has_value());
    });
}

}  // namespace
