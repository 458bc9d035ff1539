// The positive control of the query compile-fail checks: well-typed expressions and queries as users write them.
// tests/unit/sql/query_sql_test.cpp compiles it; each query compile-fail file adds one ill-typed twin of a line here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <roachorm/models/account.hpp>
#include <roachorm/models/blog.hpp>
#include <roachorm/models/point.hpp>
#include <roachorm/orm/orm.hpp>

namespace query_control {

using models::Account;
using models::Point;
using orm::col;

inline void well_typed(orm::Session& session, const orm::uuid& id, std::int64_t amount) {
    session.query<Account>().filter(col(&Account::id) == id).one();
    session.query<Account>().filter(col(&Account::balance) > std::int32_t{5} && col(&Account::balance) < 10L).all();
    session.query<Account>().filter(col(&Account::id).in(std::vector<orm::uuid>{id})).count();
    session.query<Point>().filter(col(&Point::x) + 1 > col(&Point::y) || !(col(&Point::z) == 0.5f)).exists();
    session.query<Point>().order_by(col(&Point::x), orm::desc).limit(3).offset(1).for_update().first();
    session.query<Point>().order_by(col(&Point::x) * col(&Point::y));
    session.query<Point>().update(orm::set(&Point::x, col(&Point::y) * 2));
    session.query<Account>()
        .filter(col(&Account::id) == id)
        .update(orm::set(&Account::balance, col(&Account::balance) + amount));
    session.query<Account>().filter(col(&Account::balance) == 0).remove();
}

// Queries across the blog's models; each query_join_*, query_select_*, query_self_join, query_nullopt_* and
// query_sum_* compile-fail file twists one of these lines.
struct TitleOnly {
    std::string title;
};
inline void well_typed_across_models(orm::Session& session) {
    using namespace models::blog;
    session.query<Post>().join<User>(col(&Post::author_id) == col(&User::id)).all();
    session.query<Post>().join<User>().filter(col(&User::name) == "Ada").all();
    session.query<Comment>().join<Post>().join<User>(col(&Post::author_id) == col(&User::id)).all();
    session.query<Post>().join<User>(col(&Post::author_id) == col(&User::id) && col(&User::name) != "").all();
    session.query<Comment>().join<User>(col(&Comment::author_id) == col(&User::id)).all();
    session.query<Post>().select(col(&Post::title), orm::count()).group_by(col(&Post::title)).all();
    session.query<Post>().select(col(&Post::title)).all<TitleOnly>();
    session.query<Post>().join<User>().select(col(&User::name)).all();
    session.query<Comment>().filter(col(&Comment::author_id) == std::nullopt).all();
    session.query<Tag>().select(orm::sum(col(&Tag::uses))).all();
}

// Subqueries; each query_subquery_* compile-fail file twists one of these lines.
inline void well_typed_subqueries(orm::Session& session) {
    using namespace models::blog;
    session.query<Post>()
        .filter(orm::exists(orm::subquery<Comment>().filter(col(&Comment::post_id) == col(&Post::id))))
        .all();
    session.query<Comment>()
        .join<Post>()
        .filter(!orm::exists(orm::subquery<PostTag>().filter(col(&PostTag::post_id) == col(&Post::id))))
        .all();
    session.query<User>().filter(col(&User::id).in(orm::subquery<Post>().select(col(&Post::author_id)))).all();
    session.query<Post>()
        .select(col(&Post::title),
                orm::subquery<Comment>().filter(col(&Comment::post_id) == col(&Post::id)).select(orm::count()))
        .all();
}

}  // namespace query_control
