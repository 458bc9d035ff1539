// The blog's tables with a few rows in each, for the query tests: three users (Linus has written nothing), five
// posts, six comments (one without an author, two posts without any) and three tags.
#pragma once

#include <cstdint>
#include <memory>

#include <gtest/gtest.h>

#include <roachorm/models/blog.hpp>
#include <roachorm/orm/orm.hpp>

#include "test_server.hpp"

namespace roachorm_test {

class BlogData : public ::testing::Test {
protected:
    void SetUp() override {
        using namespace models::blog;
        database = std::make_unique<orm::Database>(server_url());
        database->create_all<User, Post, Comment, Tag, PostTag>();
        connection = database->connect();
        orm::run_transaction(*database, [&](orm::Session& session) {
            User& ada_user = session.add(User{.email = "ada@example.com", .name = "Ada"});
            User& grace_user = session.add(User{.email = "grace@example.com", .name = "Grace"});
            User& linus_user = session.add(User{.email = "linus@example.com", .name = "Linus"});
            session.flush();
            ada = ada_user.id.value;
            grace = grace_user.id.value;
            linus = linus_user.id.value;
            auto post = [&](std::int64_t author, const char* slug, const char* title) -> Post& {
                return session.add(Post{.author_id = author, .slug = slug, .title = title, .body = "..."});
            };
            Post& engines = post(ada, "engines", "Engines");
            Post& notes = post(ada, "notes", "Notes on the engine");
            post(ada, "poems", "Poetical science");
            Post& compilers = post(grace, "compilers", "Compilers");
            post(grace, "nanoseconds", "Nanoseconds");
            session.flush();
            auto comment = [&](const Post& on, std::optional<std::int64_t> author, const char* body) {
                session.add(
                    Comment{.id = orm::uuid::random(), .post_id = on.id.value, .author_id = author, .body = body});
            };
            comment(engines, grace, "Brilliant");
            comment(engines, linus, "Can it run Linux?");
            comment(engines, std::nullopt, "First!");
            comment(notes, grace, "Note G is the best");
            comment(compilers, ada, "A_100% improvement");
            comment(compilers, linus, "Talk is cheap");
            session.add(Tag{.name = "history", .uses = 3});
            session.add(Tag{.name = "cpp", .uses = 1});
            session.add(Tag{.name = "poetry", .uses = 0});
        });
    }

    std::unique_ptr<orm::Database> database;
    std::unique_ptr<orm::Connection> connection;
    std::int64_t ada = 0;
    std::int64_t grace = 0;
    std::int64_t linus = 0;
};

}  // namespace roachorm_test
