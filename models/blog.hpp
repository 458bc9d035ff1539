// models::User, Post, Comment, Tag and PostTag: a small blog, the multi-table example of docs/models.md.
// It declares every kind of constraint: foreign keys with actions, unique constraints, indexes, a composite key.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <roachorm/orm/core/types.hpp>
#include <roachorm/orm/mapping/constraints.hpp>
#include <roachorm/orm/mapping/server_default.hpp>

namespace models::blog {

struct User {
    static constexpr std::string_view table_name = "users";
    orm::serial id{};
    std::string email;
    std::string name;
    orm::defaulted<orm::timestamp, orm::now> joined_at{};

    static constexpr auto constraints = orm::constraints(orm::unique(&User::email));
};

struct Post {
    static constexpr std::string_view table_name = "posts";
    orm::serial id{};
    std::int64_t author_id = 0;
    std::string slug;
    std::string title;
    std::string body;
    orm::defaulted<std::string, orm::literal{"draft"}> status{};
    orm::defaulted<orm::timestamp, orm::now> created_at{};

    static constexpr auto constraints =
        orm::constraints(orm::foreign_key(&Post::author_id).references(&User::id).on_delete(orm::Action::cascade),
                         orm::unique(&Post::author_id, &Post::slug),
                         orm::index(&Post::author_id, orm::descending(&Post::created_at)).storing(&Post::title));
};

struct Comment {
    static constexpr std::string_view table_name = "comments";
    orm::uuid id{};
    std::int64_t post_id = 0;
    std::optional<std::int64_t> author_id{};  // kept, without an author, when the author's account goes
    std::optional<orm::uuid> reply_to{};
    std::string body;
    orm::defaulted<orm::timestamp, orm::now> created_at{};

    static constexpr auto constraints =
        orm::constraints(orm::foreign_key(&Comment::post_id).references(&Post::id).on_delete(orm::Action::cascade),
                         orm::foreign_key(&Comment::author_id).references(&User::id).on_delete(orm::Action::set_null),
                         orm::foreign_key(&Comment::reply_to).references(&Comment::id).on_delete(orm::Action::cascade),
                         orm::index(&Comment::post_id, &Comment::created_at));
};

struct Tag {
    static constexpr std::string_view table_name = "tags";
    std::string name;
    orm::defaulted<std::int32_t, 0> uses{};

    static constexpr std::string_view primary_key = "name";
};

struct PostTag {
    static constexpr std::string_view table_name = "post_tags";
    std::int64_t post_id = 0;
    std::string tag;
    std::int32_t position = 0;

    static constexpr auto primary_key = orm::key(&PostTag::post_id, &PostTag::tag);
    static constexpr auto constraints =
        orm::constraints(orm::foreign_key(&PostTag::post_id).references(&Post::id).on_delete(orm::Action::cascade),
                         orm::foreign_key(&PostTag::tag).references(&Tag::name).on_update(orm::Action::cascade),
                         orm::index(&PostTag::tag).where("position < 3"));
};

}  // namespace models::blog
