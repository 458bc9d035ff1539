// The positive control of the related-rows compile-fail checks: load_children, children_of and load_parents as users
// write them. tests/unit/session/related_rows_test.cpp compiles it; each related_* compile-fail file adds one bad line.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <type_traits>
#include <vector>

#include <roachorm/models/blog.hpp>
#include <roachorm/orm/orm.hpp>

namespace related_control {

using namespace models::blog;

// One-to-many by an int64 foreign key to a serial key, from pointers, objects or reference_wrappers; an optional
// foreign key (Comment::author_id) and a uuid one (Comment::reply_to) too.
inline void well_typed(orm::Session& session, const std::vector<Post*>& posts, const std::vector<User>& users,
                       const std::vector<std::reference_wrapper<Comment>>& comments) {
    orm::Related<Post, Comment> of_posts = session.load_children(posts, &Comment::post_id);
    std::span<Comment* const> first = of_posts.of(posts.front());
    (void)first;
    orm::Related<User, Comment> by_users = session.load_children(users, &Comment::author_id);
    orm::Related<Comment, Comment> replies =
        session.query<Comment>().order_by(orm::col(&Comment::created_at)).children_of(comments, &Comment::reply_to);
    orm::Related<Post, PostTag> tags = session.load_children(posts, &PostTag::post_id);  // a composite-key child
    orm::Referenced<Post, User> authors = session.load_parents<User>(posts, &Post::author_id);
    User* author = authors.of(posts.front());
    orm::Referenced<Comment, User> commenters = session.load_parents<User>(comments, &Comment::author_id);
    (void)by_users, (void)replies, (void)tags, (void)author, (void)commenters;
}

// Re-reading tracked objects after raw SQL.
inline void refreshing(orm::Session& session, Post& post, Comment& comment) {
    session.execute("UPDATE posts SET title = upper(title)");
    session.refresh(post);
    session.expire(comment);
    session.expire_all();
}

// Related and Referenced hold pointers to tracked objects: run_transaction refuses to return them.
static_assert(orm::detail::refers_into_session_v<orm::Related<Post, Comment>>);
static_assert(orm::detail::refers_into_session_v<orm::Referenced<Post, User>>);

}  // namespace related_control
