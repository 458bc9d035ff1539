// Golden statement text of subqueries (EXISTS, IN, scalar) in both dialects, their values in placeholder order, the
// memoization key that tells their shapes apart, and the types a subquery's scope and result are given.
#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <roachorm/models/blog.hpp>
#include <roachorm/orm/session/aggregates.hpp>
#include <roachorm/orm/session/expression.hpp>
#include <roachorm/orm/session/subquery.hpp>
#include <roachorm/orm/sql/query_sql.hpp>
#include <roachorm/orm/sql/statements.hpp>

namespace {

using namespace models::blog;
using orm::col;
using ::testing::ElementsAre;

const orm::dialect::Dialect& pg = orm::dialect::postgresql();
const orm::dialect::Dialect& crdb = orm::dialect::cockroachdb();

// The statement in both dialects, which spell subqueries alike; Query runs the memoized text with separately
// gathered values, so both must be what rendering gives.
template <orm::Model T>
orm::sql::Statement select(const orm::sql::QueryClauses& clauses,
                           orm::sql::SelectShape shape = orm::sql::SelectShape::rows) {
    const orm::sql::Statement statement = orm::sql::select(pg, orm::model_traits<T>::table, clauses, shape);
    EXPECT_EQ(orm::sql::select(crdb, orm::model_traits<T>::table, clauses, shape).text, statement.text);
    for (const auto* dialect : {&pg, &crdb}) {
        EXPECT_EQ(orm::statements<T>(*dialect).select(clauses, shape), statement.text);
    }
    EXPECT_EQ(orm::sql::select_values(pg, clauses), statement.values);
    return statement;
}

template <class C>
orm::sql::QueryClauses where(const C& condition) {
    orm::sql::QueryClauses clauses;
    clauses.filters.push_back(condition.fragment());
    return clauses;
}

constexpr std::string_view all_posts = "SELECT id, author_id, slug, title, body, status, created_at FROM posts";

TEST(Subquery, ExistsCorrelatedQualifiesEveryColumnInsideAndLeavesTheOuterOnesBare) {
    const auto commented = orm::exists(orm::subquery<Comment>().filter(col(&Comment::post_id) == col(&Post::id)));
    static_assert(std::is_same_v<std::remove_cvref_t<decltype(commented)>, orm::Condition<Post>>);
    EXPECT_EQ(select<Post>(where(commented)).text,
              std::string(all_posts) + " WHERE EXISTS (SELECT 1 FROM comments WHERE comments.post_id = posts.id)");
    EXPECT_EQ(select<Post>(where(!commented)).text,
              std::string(all_posts) + " WHERE NOT EXISTS (SELECT 1 FROM comments WHERE comments.post_id = posts.id)");
}

TEST(Subquery, InSelectsOneColumnOfAnotherTable) {
    const auto authors = col(&User::id).in(
        orm::subquery<Post>().filter(col(&Post::status) == "published").select(col(&Post::author_id)));
    static_assert(std::is_same_v<std::remove_cvref_t<decltype(authors)>, orm::Condition<User>>);
    orm::sql::QueryClauses clauses = where(authors);
    clauses.filters.push_back((col(&User::name) != "Linus").fragment());
    const auto statement = select<User>(clauses);
    EXPECT_EQ(statement.text,
              "SELECT id, email, name, joined_at FROM users WHERE (id IN (SELECT posts.author_id FROM posts WHERE "
              "posts.status = $1)) AND (name <> $2)");
    EXPECT_THAT(statement.values, ElementsAre("published", "Linus"));
}

TEST(Subquery, ScalarInAProjectionBindsValuesBeforeInsideAndAfterItInTextOrder) {
    const auto comments = orm::subquery<Comment>()
                              .filter(col(&Comment::post_id) == col(&Post::id))
                              .filter(col(&Comment::body) != "spam")
                              .select(orm::count());
    orm::sql::QueryClauses clauses;
    clauses.projection = {(col(&Post::author_id) + 1).fragment(), comments.fragment()};
    clauses.filters.push_back((col(&Post::slug) != "draft").fragment());
    clauses.order.push_back({comments.fragment(), orm::desc, std::nullopt});
    clauses.limit = 20;
    const std::string counted =
        "(SELECT count(*) FROM comments WHERE (comments.post_id = posts.id) AND (comments.body <> $2))";
    const std::string ordered =
        "(SELECT count(*) FROM comments WHERE (comments.post_id = posts.id) AND (comments.body <> $4))";
    const auto statement = select<Post>(clauses);
    EXPECT_EQ(statement.text, "SELECT author_id + $1, " + counted + " FROM posts WHERE slug <> $3 ORDER BY " + ordered +
                                  " DESC LIMIT $5");
    EXPECT_THAT(statement.values, ElementsAre("1", "spam", "draft", "spam", "20"));
}

TEST(Subquery, CountingAProjectionKeepsItsSubqueryAndItsValues) {
    const auto comments =
        orm::subquery<Comment>().filter(col(&Comment::body) != "spam").filter(col(&Comment::post_id) == col(&Post::id));
    orm::sql::QueryClauses clauses;
    clauses.projection = {col(&Post::title).fragment(), comments.select(orm::count()).fragment()};
    const auto statement = select<Post>(clauses, orm::sql::SelectShape::count);
    EXPECT_EQ(statement.text,
              "SELECT count(*) FROM (SELECT title, (SELECT count(*) FROM comments WHERE (comments.body <> $1) AND "
              "(comments.post_id = posts.id)) FROM posts) AS counted");
    EXPECT_THAT(statement.values, ElementsAre("spam"));
}

TEST(Subquery, UncorrelatedScalarOverTheSameTableInAConditionAndInHaving) {
    const auto most_used = orm::subquery<Tag>().select(orm::max(col(&Tag::uses)));
    static_assert(std::is_same_v<typename decltype(most_used)::scope_type, orm::detail::models<>>);
    EXPECT_EQ(select<Tag>(where(col(&Tag::uses) == most_used)).text,
              "SELECT name, uses FROM tags WHERE uses = (SELECT max(tags.uses) FROM tags)");

    orm::sql::QueryClauses grouped;
    grouped.projection = {col(&Post::author_id).fragment(), orm::count().fragment()};
    grouped.filters.push_back((col(&Post::status) == "published").fragment());
    grouped.group_by = {col(&Post::author_id).fragment()};
    grouped.having.push_back(
        (orm::count() > orm::subquery<Tag>().filter(col(&Tag::name) == "cpp").select(orm::max(col(&Tag::uses))))
            .fragment());
    grouped.limit = 3;
    const auto statement = select<Post>(grouped);
    EXPECT_EQ(statement.text,
              "SELECT author_id, count(*) FROM posts WHERE status = $1 GROUP BY author_id HAVING count(*) > (SELECT "
              "max(tags.uses) FROM tags WHERE tags.name = $2) LIMIT $3");
    EXPECT_THAT(statement.values, ElementsAre("published", "cpp", "3"));
}

TEST(Subquery, JoinOrderAndLimitInsideASubqueryInAJoinedQuery) {
    const auto latest_by_ada = orm::subquery<Comment>()
                                   .join<User>(col(&Comment::author_id) == col(&User::id))
                                   .filter(col(&User::name) == "Ada")
                                   .filter(col(&Comment::post_id) == col(&Post::id))
                                   .order_by(col(&Comment::created_at), orm::desc)
                                   .limit(1)
                                   .select(col(&Comment::body));
    static_assert(std::is_same_v<typename decltype(latest_by_ada)::scope_type, Post>);
    orm::sql::QueryClauses clauses;
    clauses.joins.push_back({&orm::model_traits<User>::table, orm::sql::JoinKind::inner,
                             (col(&Post::author_id) == col(&User::id)).fragment()});
    clauses.projection = {col(&User::name).fragment(), latest_by_ada.fragment()};
    clauses.filters.push_back((col(&User::name) != "Linus").fragment());
    const auto statement = select<Post>(clauses);
    EXPECT_EQ(statement.text,
              "SELECT users.name, (SELECT comments.body FROM comments INNER JOIN users ON comments.author_id = "
              "users.id WHERE (users.name = $1) AND (comments.post_id = posts.id) ORDER BY comments.created_at DESC "
              "LIMIT $2) FROM posts INNER JOIN users ON posts.author_id = users.id WHERE users.name <> $3");
    EXPECT_THAT(statement.values, ElementsAre("Ada", "1", "Linus"));
}

TEST(Subquery, ASubqueryInsideASubqueryBindsTheNearestModel) {
    // The inner Post is the middle subquery's own row: the middle subquery reads no outer model.
    const auto posts_with_comments = orm::subquery<Post>().filter(
        orm::exists(orm::subquery<Comment>().filter(col(&Comment::post_id) == col(&Post::id))));
    const auto authors = col(&User::id).in(posts_with_comments.select(col(&Post::author_id)));
    static_assert(std::is_same_v<std::remove_cvref_t<decltype(authors)>, orm::Condition<User>>);
    EXPECT_EQ(select<User>(where(authors)).text,
              "SELECT id, email, name, joined_at FROM users WHERE id IN (SELECT posts.author_id FROM posts WHERE "
              "EXISTS (SELECT 1 FROM comments WHERE comments.post_id = posts.id))");
}

TEST(Subquery, TheMemoizationKeyTellsSubqueryShapesApartButNotTheirValues) {
    auto of = [](const orm::sql::QueryClauses& clauses) {
        return orm::sql::select_signature(clauses, orm::sql::SelectShape::rows);
    };
    auto titled = [](const char* title) {
        return where(col(&User::id).in(
            orm::subquery<Post>().filter(col(&Post::title) == std::string(title)).select(col(&Post::author_id))));
    };
    EXPECT_EQ(of(titled("a")), of(titled("b")));
    const auto sluggish =
        where(col(&User::id).in(orm::subquery<Post>().filter(col(&Post::slug) == "a").select(col(&Post::author_id))));
    EXPECT_NE(of(titled("a")), of(sluggish));
    const auto limited = where(col(&User::id).in(
        orm::subquery<Post>().filter(col(&Post::title) == "a").limit(1).select(col(&Post::author_id))));
    EXPECT_NE(of(titled("a")), of(limited));
    const auto existing = where(orm::exists(orm::subquery<Post>().filter(col(&Post::author_id) == col(&User::id))));
    const auto in_tags = where(orm::exists(orm::subquery<Tag>().filter(col(&Tag::uses) > 0)));
    EXPECT_NE(of(existing), of(in_tags));
    // Two different texts never share one memoized statement.
    EXPECT_NE(select<User>(titled("a")).text, select<User>(sluggish).text);
    EXPECT_NE(select<User>(titled("a")).text, select<User>(limited).text);
}

TEST(Subquery, AScalarIsNullableUnlessItIsANeverNullAggregateOfAnUnlimitedSubquery) {
    const auto base = orm::subquery<Comment>().filter(col(&Comment::post_id) == col(&Post::id));
    static_assert(std::is_same_v<decltype(base.select(orm::count()))::result_type, std::int64_t>);
    static_assert(
        std::is_same_v<decltype(base.limit(1).select(orm::count()))::result_type, std::optional<std::int64_t>>);
    static_assert(
        std::is_same_v<decltype(base.select(col(&Comment::post_id)))::result_type, std::optional<std::int64_t>>);
    static_assert(
        std::is_same_v<decltype(base.select(orm::max(col(&Comment::body))))::result_type, std::optional<std::string>>);
    static_assert(std::is_same_v<decltype(base.select(orm::count()))::scope_type, Post>);
    // A join makes the joined model the subquery's own, wherever an earlier clause used it.
    static_assert(std::is_same_v<
                  decltype(base.join<Post>(col(&Comment::post_id) == col(&Post::id)).select(orm::count()))::scope_type,
                  orm::detail::models<>>);
    SUCCEED();
}

}  // namespace
