// The blog of models/blog.hpp end to end on the real server, with no raw DDL: create_all in any order, rows in every
// table, one violation of each constraint kind caught inside a savepoint while the transaction carries on, a
// cascading delete, and check_schema passing for every model and listing what was altered behind its back.
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <roachorm/models/blog.hpp>

#include "test_server.hpp"

namespace {

using namespace models::blog;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

class Blog : public ::testing::Test {
protected:
    void SetUp() override {
        database = std::make_unique<orm::Database>(roachorm_test::server_url());
        database->create_all<PostTag, Comment, Post, Tag, User>();  // any order: created referenced-first
        connection = database->connect();
    }

    std::int64_t count(const std::string& table) {
        return std::stoll(roachorm_test::query_value(*connection, "SELECT count(*) FROM " + table));
    }

    // Runs `violate` inside a savepoint, expects it to throw `Violation`, and returns the exception.
    template <class Violation, class Violate>
    static Violation caught(orm::Session& session, Violate violate) {
        try {
            session.savepoint([&](orm::Session& inner) { violate(inner); });
        } catch (const Violation& violation) {
            return violation;
        }
        ADD_FAILURE() << "no violation was thrown";
        throw std::logic_error("unreachable");
    }

    std::unique_ptr<orm::Database> database;
    std::unique_ptr<orm::Connection> connection;
};

TEST_F(Blog, ViolationsCaughtInSavepointsLeaveTheRestOfTheTransactionToCommit) {
    // SQLite names no UNIQUE or FOREIGN KEY constraint ("UNIQUE constraint failed: users.email"), nor the columns
    // of a foreign key ("FOREIGN KEY constraint failed").
    const bool names_constraints = database->dialect().kind() != orm::DialectKind::sqlite;
    const auto [ada_id, grace_id] = orm::run_transaction(*database, [names_constraints](orm::Session& session) {
        User& ada = session.add(User{.email = "ada@example.com", .name = "Ada"});
        User& grace = session.add(User{.email = "grace@example.com", .name = "Grace"});
        session.flush();
        EXPECT_TRUE(ada.joined_at.has_value()) << "the server's now() was read back";

        const auto unique = caught<orm::UniqueViolation>(
            session, [](orm::Session& inner) { inner.add(User{.email = "ada@example.com", .name = "Impostor"}); });
        EXPECT_EQ(unique.table(), "users");
        EXPECT_EQ(unique.constraint(), names_constraints ? "users_email_key" : "");
        EXPECT_THAT(unique.columns(), ElementsAre("email"));
        EXPECT_THAT(unique.what(), Not(HasSubstr("ada@example.com")));

        const auto foreign = caught<orm::ForeignKeyViolation>(session, [](orm::Session& inner) {
            inner.add(Post{.author_id = 999'999, .slug = "ghost", .title = "Ghost", .body = "?"});
        });
        EXPECT_EQ(foreign.constraint(), names_constraints ? "posts_author_id_fkey" : "");
        if (names_constraints) {
            EXPECT_THAT(foreign.columns(), ElementsAre("author_id"));
        } else {
            EXPECT_THAT(foreign.columns(), IsEmpty());
        }

        const auto not_null = caught<orm::NotNullViolation>(session, [](orm::Session& inner) {
            inner.execute("INSERT INTO users (email, name) VALUES ($1, NULL)", "nameless@example.com");
        });
        EXPECT_THAT(not_null.columns(), ElementsAre("name"));

        Post& post = session.add(Post{.author_id = ada.id.value, .slug = "engines", .title = "Engines", .body = "..."});
        session.add(Post{.author_id = grace.id.value, .slug = "compilers", .title = "Compilers", .body = "..."});
        session.add(Tag{.name = "history"});
        session.flush();
        EXPECT_EQ(post.status, "draft");
        session.add(PostTag{.post_id = post.id.value, .tag = "history", .position = 1});
        Comment& comment = session.add(Comment{.post_id = post.id.value, .author_id = grace.id.value, .body = "Nice"});
        session.flush();
        session.add(
            Comment{.post_id = post.id.value, .author_id = ada.id.value, .reply_to = comment.id, .body = "Thanks"});
        return std::pair{ada.id.value, grace.id.value};
    });
    EXPECT_EQ(count("users"), 2);
    EXPECT_EQ(count("posts"), 2);
    EXPECT_EQ(count("comments"), 2);
    EXPECT_EQ(count("post_tags"), 1);

    // Ada's post goes with her, and so do its comments and tags; Grace's post stays.
    orm::run_transaction(*database, [&](orm::Session& session) { session.remove(*session.get<User>({ada_id})); });
    EXPECT_EQ(count("users"), 1);
    EXPECT_EQ(count("posts"), 1);
    EXPECT_EQ(count("comments"), 0);
    EXPECT_EQ(count("post_tags"), 0);
    (void)grace_id;
}

TEST_F(Blog, ADeletedAuthorLeavesTheirCommentsWithoutAnAuthor) {
    const std::int64_t post_id = orm::run_transaction(*database, [](orm::Session& session) {
        User& owner = session.add(User{.email = "owner@example.com", .name = "Owner"});
        User& guest = session.add(User{.email = "guest@example.com", .name = "Guest"});
        session.flush();
        Post& post = session.add(Post{.author_id = owner.id.value, .slug = "p", .title = "P", .body = "."});
        session.flush();
        session.add(Comment{.post_id = post.id.value, .author_id = guest.id.value, .body = "hello"});
        return post.id.value;
    });
    orm::run_transaction(*database, [](orm::Session& session) {
        session.query<User>().filter(orm::col(&User::email) == "guest@example.com").remove();
    });
    EXPECT_EQ(roachorm_test::query_value(*connection,
                                         "SELECT coalesce(CAST(author_id AS TEXT), 'none') FROM comments "
                                         "WHERE post_id = $1",
                                         {std::to_string(post_id)}),
              "none");
}

TEST_F(Blog, CheckSchemaPassesForEveryModelAndReportsADroppedIndex) {
    EXPECT_THAT(database->schema_differences<User>(), IsEmpty());
    EXPECT_THAT(database->schema_differences<Post>(), IsEmpty());
    EXPECT_THAT(database->schema_differences<Comment>(), IsEmpty());
    EXPECT_THAT(database->schema_differences<Tag>(), IsEmpty());
    EXPECT_THAT(database->schema_differences<PostTag>(), IsEmpty());

    connection->execute("DROP INDEX posts_author_id_created_at_idx", {});
    const auto post = database->schema_differences<Post>();
    ASSERT_EQ(post.size(), 1u);
    EXPECT_THAT(post[0], HasSubstr("posts_author_id_created_at_idx is missing"));
}

// ALTER TABLE ... DROP/ADD CONSTRAINT: SQLite's ALTER TABLE has neither (lang_altertable.html).
class ServerOnlyBlog : public Blog {};

TEST_F(ServerOnlyBlog, CheckSchemaListsWhatWasAlteredBehindItsBack) {
    connection->execute("DROP INDEX posts_author_id_created_at_idx", {});
    connection->execute("ALTER TABLE comments DROP CONSTRAINT comments_author_id_fkey", {});
    connection->execute("ALTER TABLE post_tags DROP CONSTRAINT post_tags_pkey", {});
    connection->execute("ALTER TABLE post_tags ADD CONSTRAINT post_tags_pkey PRIMARY KEY (tag, post_id)", {});

    const auto post = database->schema_differences<Post>();
    ASSERT_EQ(post.size(), 1u);
    EXPECT_THAT(post[0], HasSubstr("posts_author_id_created_at_idx is missing"));
    const auto comment = database->schema_differences<Comment>();
    ASSERT_EQ(comment.size(), 1u);
    EXPECT_THAT(comment[0], HasSubstr("comments_author_id_fkey"));
    const auto post_tag = database->schema_differences<PostTag>();
    ASSERT_FALSE(post_tag.empty());
    EXPECT_THAT(post_tag[0], HasSubstr("key"));
    EXPECT_THROW(database->check_schema<PostTag>(), orm::SchemaMismatch);
}

}  // namespace
