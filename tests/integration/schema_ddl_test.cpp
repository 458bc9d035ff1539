// The DDL of models that declare keys, foreign keys, unique constraints, indexes and server defaults (models/blog.hpp),
// run on the real server: create_all in any order, twice, and the constraints it made refuse and cascade as declared.
#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <roachorm/models/blog.hpp>

#include "test_server.hpp"

namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsSupersetOf;
using ::testing::Not;
using ::testing::UnorderedElementsAre;
using namespace models::blog;

class SchemaDdl : public ::testing::Test {
protected:
    void SetUp() override {
        const std::string url = roachorm_test::server_url();
        ASSERT_FALSE(url.empty()) << "ROACHORM_TEST_URL is not set: run the suite with ./scripts/test";
        database = std::make_unique<orm::Database>(url);
        // Deliberately in the wrong order: every table before the tables it references.
        database->create_all<PostTag, Comment, Post, Tag, User>();
    }

    // One column of text per row, from raw SQL in its own transaction.
    std::vector<std::string> strings(const std::string& sql) {
        return orm::run_transaction(*database, [&](orm::Session& session) {
            std::vector<std::string> values;
            for (const auto& [value] : session.select<std::string>(sql)) {
                values.push_back(value);
            }
            return values;
        });
    }

    std::int64_t count(const std::string& sql) {
        return orm::run_transaction(
            *database, [&](orm::Session& session) { return std::get<0>(session.select<std::int64_t>(sql).at(0)); });
    }

    void execute(const std::string& sql) {
        orm::run_transaction(*database, [&](orm::Session& session) { session.execute(sql); });
    }

    // The SQLSTATE of the server error `sql` fails with; empty when it succeeds.
    std::string sqlstate_of(const std::string& sql) {
        try {
            execute(sql);
        } catch (const orm::DatabaseError& error) {
            return error.sqlstate();
        }
        return {};
    }

    std::int64_t add_user(const std::string& email) {
        return orm::run_transaction(*database, [&](orm::Session& session) {
            return std::get<0>(session.select<std::int64_t>(
                "INSERT INTO users (email, name) VALUES ($1, 'someone') RETURNING id", email)[0]);
        });
    }

    std::int64_t add_post(std::int64_t author, const std::string& slug) {
        return orm::run_transaction(*database, [&](orm::Session& session) {
            return std::get<0>(session.select<std::int64_t>(
                "INSERT INTO posts (author_id, slug, title, body) VALUES ($1, $2, 'a title', 'a body') RETURNING id",
                author, slug)[0]);
        });
    }

    std::unique_ptr<orm::Database> database;
};

// The servers' information_schema and pg_indexes/SHOW INDEXES catalogs read by hand (SQLite's DDL is read back
// through its own schema table in the Reflection and SchemaCheck suites).
class ServerOnlySchemaDdl : public SchemaDdl {};

TEST_F(ServerOnlySchemaDdl, CreateAllInAnyOrderMakesEveryTableConstraintAndIndexAndRunsAgain) {
    database->create_all<PostTag, Comment, Post, Tag, User>();  // idempotent: everything exists already
    database->create_all<User, Tag, Post, Comment, PostTag>();
    EXPECT_THAT(database->table_names(), IsSupersetOf({"users", "posts", "comments", "tags", "post_tags"}));

    EXPECT_THAT(strings("SELECT constraint_name FROM information_schema.table_constraints "
                        "WHERE table_schema = current_schema() AND constraint_type IN ('PRIMARY KEY', 'UNIQUE', "
                        "'FOREIGN KEY')"),
                UnorderedElementsAre("users_pkey", "users_email_key", "posts_pkey", "posts_author_id_slug_key",
                                     "posts_author_id_fkey", "comments_pkey", "comments_post_id_fkey",
                                     "comments_author_id_fkey", "comments_reply_to_fkey", "tags_pkey", "post_tags_pkey",
                                     "post_tags_post_id_fkey", "post_tags_tag_fkey"));
    EXPECT_THAT(
        strings("SELECT constraint_name || ' ' || delete_rule || ' ' || update_rule "
                "FROM information_schema.referential_constraints WHERE constraint_schema = current_schema()"),
        UnorderedElementsAre("posts_author_id_fkey CASCADE NO ACTION", "comments_post_id_fkey CASCADE NO ACTION",
                             "comments_author_id_fkey SET NULL NO ACTION", "comments_reply_to_fkey CASCADE NO ACTION",
                             "post_tags_post_id_fkey CASCADE NO ACTION", "post_tags_tag_fkey NO ACTION CASCADE"));
    EXPECT_THAT(
        strings("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"),
        IsSupersetOf({"posts_author_id_created_at_idx", "comments_post_id_created_at_idx", "post_tags_tag_idx"}));
    if (database->dialect().kind() == orm::DialectKind::postgresql) {  // CockroachDB spells indexdef its own way
        EXPECT_THAT(strings("SELECT indexdef FROM pg_indexes WHERE indexname = 'posts_author_id_created_at_idx'"),
                    Contains(HasSubstr("(author_id, created_at DESC) INCLUDE (title)")));
        EXPECT_THAT(strings("SELECT indexdef FROM pg_indexes WHERE indexname = 'post_tags_tag_idx'"),
                    Contains(AllOf(HasSubstr("(tag) WHERE"), HasSubstr("< 3"))));
    }
}

TEST_F(SchemaDdl, ServerDefaultsFillTheColumnsAnInsertLeavesOut) {
    const std::int64_t author = add_user("ada@example.com");
    const std::int64_t post = add_post(author, "first");
    EXPECT_EQ(count("SELECT count(*) FROM users WHERE joined_at IS NOT NULL"), 1);
    EXPECT_THAT(strings(fmt::format("SELECT status FROM posts WHERE id = {}", post)), Contains("draft"));
    execute("INSERT INTO tags (name) VALUES ('c++')");
    EXPECT_EQ(count("SELECT uses FROM tags WHERE name = 'c++'"), 0);
}

TEST_F(SchemaDdl, ForeignKeysAndUniqueConstraintsRefuseWhatTheyForbid) {
    EXPECT_EQ(sqlstate_of("INSERT INTO posts (author_id, slug, title, body) VALUES (424242, 'orphan', 't', 'b')"),
              "23503")
        << "a post for a missing user";
    const std::int64_t author = add_user("ada@example.com");
    EXPECT_EQ(sqlstate_of("INSERT INTO users (email, name) VALUES ('ada@example.com', 'another')"), "23505")
        << "users_email_key";
    add_post(author, "first");
    EXPECT_EQ(sqlstate_of(fmt::format(
                  "INSERT INTO posts (author_id, slug, title, body) VALUES ({}, 'first', 'again', 'b')", author)),
              "23505")
        << "posts_author_id_slug_key";
    EXPECT_EQ(sqlstate_of("INSERT INTO post_tags (post_id, tag, position) VALUES (424242, 'none', 0)"), "23503");
}

TEST_F(SchemaDdl, DeletesAndUpdatesCascadeOrSetNullAsDeclared) {
    const std::int64_t ada = add_user("ada@example.com");
    const std::int64_t bob = add_user("bob@example.com");
    const std::int64_t adas_post = add_post(ada, "adas");
    const std::int64_t bobs_post = add_post(bob, "bobs");
    execute("INSERT INTO tags (name) VALUES ('c++')");
    execute(fmt::format("INSERT INTO post_tags (post_id, tag, position) VALUES ({}, 'c++', 0), ({}, 'c++', 1)",
                        adas_post, bobs_post));
    // The uuid keys chosen here: SQLite has no gen_random_uuid() default (roachorm chooses them on the client).
    execute(fmt::format("INSERT INTO comments (id, post_id, author_id, body) VALUES ('{}', {}, {}, 'on ada''s post')",
                        orm::uuid::random().to_string(), adas_post, bob));
    execute(
        fmt::format("INSERT INTO comments (id, post_id, author_id, body) VALUES ('{}', {}, {}, 'ada on bob''s "
                    "post')",
                    orm::uuid::random().to_string(), bobs_post, ada));

    execute("UPDATE tags SET name = 'cpp' WHERE name = 'c++'");
    EXPECT_EQ(count("SELECT count(*) FROM post_tags WHERE tag = 'cpp'"), 2) << "post_tags_tag_fkey ON UPDATE CASCADE";

    execute(fmt::format("DELETE FROM users WHERE id = {}", ada));
    EXPECT_EQ(count("SELECT count(*) FROM posts"), 1) << "posts_author_id_fkey ON DELETE CASCADE";
    EXPECT_EQ(count(fmt::format("SELECT count(*) FROM post_tags WHERE post_id = {}", adas_post)), 0);
    EXPECT_THAT(strings("SELECT body FROM comments"), UnorderedElementsAre("ada on bob's post"))
        << "comments_post_id_fkey ON DELETE CASCADE";
    EXPECT_EQ(count("SELECT count(*) FROM comments WHERE author_id IS NULL"), 1)
        << "comments_author_id_fkey ON DELETE SET NULL";
}

TEST_F(SchemaDdl, DropAllInAnyOrderRemovesEveryTableAndRunsAgain) {
    // Listed so that dropping them in reverse of the list would drop users while posts still reference it (the
    // server refuses that); drop_all drops every referencing table before the tables it references.
    database->drop_all<PostTag, Comment, Post, Tag, User>();
    database->drop_all<User, Tag, Post, Comment, PostTag>();  // idempotent: nothing is left to drop
    for (const std::string& table : database->table_names()) {
        EXPECT_THAT((std::vector<std::string>{"users", "posts", "comments", "tags", "post_tags"}),
                    Not(Contains(table)));
    }
}

}  // namespace
