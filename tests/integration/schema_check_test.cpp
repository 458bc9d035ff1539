// check_schema's keys, foreign keys, unique constraints, indexes and server defaults against the real server: the
// blog tables are created with hand-written DDL (names as the model spells them), then changed behind the models'
// backs, and each change must come back as its exact sentence. Standard DDL where both servers accept it.
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <roachorm/models/blog.hpp>

#include "test_server.hpp"

namespace {

using namespace models::blog;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

class SchemaCheck : public roachorm_test::ServerTest<> {
protected:
    void SetUp() override {
        roachorm_test::ServerTest<>::SetUp();
        if (HasFatalFailure()) {
            return;
        }
        for (const std::string& ddl : on_sqlite() ? sqlite_blog_tables() : server_blog_tables()) {
            alter(ddl);
        }
    }

    std::vector<std::string> server_blog_tables() const {
        const std::string storing = on_cockroachdb() ? "STORING" : "INCLUDE";
        return {
            std::string("CREATE TABLE users (id BIGSERIAL NOT NULL, email TEXT NOT NULL, name TEXT NOT NULL, "
                        "joined_at TIMESTAMPTZ NOT NULL DEFAULT now(), CONSTRAINT users_pkey PRIMARY KEY (id), "
                        "CONSTRAINT users_email_key UNIQUE (email))"),
            std::string("CREATE TABLE posts (id BIGSERIAL NOT NULL, author_id BIGINT NOT NULL, slug TEXT NOT NULL, "
                        "title TEXT NOT NULL, body TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'draft', "
                        "created_at TIMESTAMPTZ NOT NULL DEFAULT now(), CONSTRAINT posts_pkey PRIMARY KEY (id), "
                        "CONSTRAINT posts_author_id_fkey FOREIGN KEY (author_id) REFERENCES users (id) ON DELETE "
                        "CASCADE, CONSTRAINT posts_author_id_slug_key UNIQUE (author_id, slug))"),
            "CREATE INDEX posts_author_id_created_at_idx ON posts (author_id, created_at DESC) " + storing + " (title)",
            std::string("CREATE TABLE comments (id UUID NOT NULL DEFAULT gen_random_uuid(), post_id BIGINT NOT "
                        "NULL, author_id BIGINT, reply_to UUID, body TEXT NOT NULL, created_at TIMESTAMPTZ NOT "
                        "NULL DEFAULT now(), CONSTRAINT comments_pkey PRIMARY KEY (id), "
                        "CONSTRAINT comments_post_id_fkey FOREIGN KEY (post_id) REFERENCES posts (id) ON DELETE "
                        "CASCADE, CONSTRAINT comments_author_id_fkey FOREIGN KEY (author_id) REFERENCES users "
                        "(id) ON DELETE SET NULL, CONSTRAINT comments_reply_to_fkey FOREIGN KEY (reply_to) "
                        "REFERENCES comments (id) ON DELETE CASCADE)"),
            std::string("CREATE INDEX comments_post_id_created_at_idx ON comments (post_id, created_at)"),
            std::string("CREATE TABLE tags (name TEXT NOT NULL, uses INTEGER NOT NULL DEFAULT 0, "
                        "CONSTRAINT tags_pkey PRIMARY KEY (name))"),
            std::string("CREATE TABLE post_tags (post_id BIGINT NOT NULL, tag TEXT NOT NULL, position INTEGER "
                        "NOT NULL, CONSTRAINT post_tags_pkey PRIMARY KEY (post_id, tag), "
                        "CONSTRAINT post_tags_post_id_fkey FOREIGN KEY (post_id) REFERENCES posts (id) ON DELETE "
                        "CASCADE, CONSTRAINT post_tags_tag_fkey FOREIGN KEY (tag) REFERENCES tags (name) ON "
                        "UPDATE CASCADE)"),
            std::string("CREATE INDEX post_tags_tag_idx ON post_tags (tag) WHERE position < 3"),
        };
    }

    // The same tables in SQLite's spelling (docs/dialects.md): INTEGER for the serial key (the rowid), integer
    // widths in the type names, a default of the INSERT's time, client-chosen uuid keys, no covering columns.
    static std::vector<std::string> sqlite_blog_tables() {
        const std::string now = "(strftime('%Y-%m-%d %H:%M:%f', 'now') || '000+00:00')";
        return {
            "CREATE TABLE users (id INTEGER NOT NULL, email TEXT NOT NULL, name TEXT NOT NULL, joined_at TIMESTAMPTZ "
            "NOT NULL DEFAULT " +
                now +
                ", CONSTRAINT users_pkey PRIMARY KEY (id), CONSTRAINT users_email_key "
                "UNIQUE (email))",
            "CREATE TABLE posts (id INTEGER NOT NULL, author_id INT8 NOT NULL, slug TEXT NOT NULL, title TEXT NOT "
            "NULL, body TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'draft', created_at TIMESTAMPTZ NOT NULL DEFAULT " +
                now +
                ", CONSTRAINT posts_pkey PRIMARY KEY (id), CONSTRAINT posts_author_id_fkey FOREIGN KEY "
                "(author_id) REFERENCES users (id) ON DELETE CASCADE, CONSTRAINT posts_author_id_slug_key UNIQUE "
                "(author_id, slug))",
            "CREATE INDEX posts_author_id_created_at_idx ON posts (author_id, created_at DESC)",
            "CREATE TABLE comments (id UUID NOT NULL, post_id INT8 NOT NULL, author_id INT8, reply_to UUID, body TEXT "
            "NOT NULL, created_at TIMESTAMPTZ NOT NULL DEFAULT " +
                now +
                ", CONSTRAINT comments_pkey PRIMARY KEY "
                "(id), CONSTRAINT comments_post_id_fkey FOREIGN KEY (post_id) REFERENCES posts (id) ON DELETE CASCADE, "
                "CONSTRAINT comments_author_id_fkey FOREIGN KEY (author_id) REFERENCES users (id) ON DELETE SET NULL, "
                "CONSTRAINT comments_reply_to_fkey FOREIGN KEY (reply_to) REFERENCES comments (id) ON DELETE CASCADE)",
            "CREATE INDEX comments_post_id_created_at_idx ON comments (post_id, created_at)",
            "CREATE TABLE tags (name TEXT NOT NULL, uses INT4 NOT NULL DEFAULT 0, CONSTRAINT tags_pkey PRIMARY KEY "
            "(name))",
            "CREATE TABLE post_tags (post_id INT8 NOT NULL, tag TEXT NOT NULL, position INT4 NOT NULL, CONSTRAINT "
            "post_tags_pkey PRIMARY KEY (post_id, tag), CONSTRAINT post_tags_post_id_fkey FOREIGN KEY (post_id) "
            "REFERENCES posts (id) ON DELETE CASCADE, CONSTRAINT post_tags_tag_fkey FOREIGN KEY (tag) REFERENCES "
            "tags (name) ON UPDATE CASCADE)",
            "CREATE INDEX post_tags_tag_idx ON post_tags (tag) WHERE position < 3",
        };
    }

    bool on_cockroachdb() const { return database->dialect().kind() == orm::DialectKind::cockroachdb; }
    bool on_sqlite() const { return database->dialect().kind() == orm::DialectKind::sqlite; }

    void alter(const std::string& ddl) { connection->execute_unprepared(ddl); }

    // CockroachDB names an index by its table (DROP INDEX t@i); PostgreSQL's index names are schema-wide.
    void drop_index(const std::string& table, const std::string& index) {
        alter(on_cockroachdb() ? "DROP INDEX " + table + "@" + index : "DROP INDEX " + index);
    }

    template <orm::Model T>
    void expect_differences(const std::vector<std::string>& expected) {
        EXPECT_EQ(database->schema_differences<T>(), expected);
        try {
            database->check_schema<T>();
            ADD_FAILURE() << "expected orm::SchemaMismatch";
        } catch (const orm::SchemaMismatch& mismatch) {
            EXPECT_EQ(mismatch.differences(), expected);
        }
    }
};

// ALTER TABLE ... DROP/ADD CONSTRAINT and ALTER COLUMN ... DROP DEFAULT: SQLite's ALTER TABLE has neither
// (lang_altertable.html).
class ServerOnlySchemaCheck : public SchemaCheck {};

TEST_F(SchemaCheck, PassesForEveryBlogModelOnTablesMatchingItsDeclarations) {
    EXPECT_THAT(database->schema_differences<User>(), IsEmpty());
    EXPECT_THAT(database->schema_differences<Post>(), IsEmpty());
    EXPECT_THAT(database->schema_differences<Comment>(), IsEmpty());
    EXPECT_THAT(database->schema_differences<Tag>(), IsEmpty());
    EXPECT_THAT(database->schema_differences<PostTag>(), IsEmpty());
    EXPECT_NO_THROW(database->check_schema<User>());
    EXPECT_NO_THROW(database->check_schema<Post>());
    EXPECT_NO_THROW(database->check_schema<Comment>());
    EXPECT_NO_THROW(database->check_schema<Tag>());
    EXPECT_NO_THROW(database->check_schema<PostTag>());
}

TEST_F(SchemaCheck, ReportsADroppedIndex) {
    drop_index("posts", "posts_author_id_created_at_idx");
    expect_differences<Post>(
        {"index posts_author_id_created_at_idx is missing: the model declares it on (author_id, created_at DESC)" +
         std::string(on_sqlite() ? "" : " STORING (title)") + "; create_all creates missing indexes"});
}

TEST_F(ServerOnlySchemaCheck, ReportsADroppedForeignKeyWithTheStatementThatAddsIt) {
    alter("ALTER TABLE comments DROP CONSTRAINT comments_author_id_fkey");
    expect_differences<Comment>(
        {"foreign key comments_author_id_fkey is missing: the model declares (author_id) REFERENCES users (id) ON "
         "DELETE SET NULL; create_all does not add constraints to an existing table: ALTER TABLE comments ADD "
         "CONSTRAINT comments_author_id_fkey FOREIGN KEY (author_id) REFERENCES users (id) ON DELETE SET NULL"});
}

TEST_F(ServerOnlySchemaCheck, ReportsAKeyOnOtherColumns) {
    alter(
        "ALTER TABLE post_tags DROP CONSTRAINT post_tags_pkey, ADD CONSTRAINT post_tags_pkey PRIMARY KEY (tag, "
        "post_id)");
    expect_differences<PostTag>(
        {"primary key post_tags_pkey is on (tag, post_id), the model's key is (post_id, tag): rows would be found, "
         "updated and deleted by columns that are not the table's key; change the model's key or the table's"});
}

TEST_F(ServerOnlySchemaCheck, ReportsAnExtraUniqueConstraint) {
    alter("ALTER TABLE tags ADD CONSTRAINT tags_uses_key UNIQUE (uses)");
    expect_differences<Tag>({"extra unique constraint tags_uses_key on (uses), not in the model"});
}

TEST_F(ServerOnlySchemaCheck, ReportsAChangedOnDeleteAction) {
    alter(
        "ALTER TABLE posts DROP CONSTRAINT posts_author_id_fkey, ADD CONSTRAINT posts_author_id_fkey FOREIGN KEY "
        "(author_id) REFERENCES users (id) ON DELETE RESTRICT");
    expect_differences<Post>(
        {"foreign key posts_author_id_fkey has ON DELETE RESTRICT, the model declares ON DELETE CASCADE"});
}

TEST_F(ServerOnlySchemaCheck, ReportsADroppedServerDefaultOfADefaultedMember) {
    alter("ALTER TABLE posts ALTER COLUMN status DROP DEFAULT");
    expect_differences<Post>(
        {"column \"status\" has no default, the model's orm::defaulted member needs DEFAULT 'draft' (an INSERT that "
         "leaves it unset would fail): ALTER TABLE posts ALTER COLUMN status SET DEFAULT 'draft'"});
}

TEST_F(SchemaCheck, ReportsAnIndexWithItsColumnsReordered) {
    drop_index("comments", "comments_post_id_created_at_idx");
    alter("CREATE INDEX comments_post_id_created_at_idx ON comments (created_at, post_id)");
    expect_differences<Comment>(
        {"index comments_post_id_created_at_idx is on (created_at, post_id), the model "
         "declares (post_id, created_at)"});
}

TEST_F(SchemaCheck, ReportsAnExtraIndexAndAChangedDirection) {
    drop_index("posts", "posts_author_id_created_at_idx");
    const std::string storing = on_sqlite() ? "" : on_cockroachdb() ? " STORING (title)" : " INCLUDE (title)";
    alter("CREATE INDEX posts_author_id_created_at_idx ON posts (author_id, created_at)" + storing);
    alter("CREATE INDEX posts_slug_idx ON posts (slug)");
    expect_differences<Post>(
        {"index posts_author_id_created_at_idx is on (author_id, created_at), the model declares "
         "(author_id, created_at DESC)",
         "extra index posts_slug_idx on (slug), not in the model"});
}

TEST_F(ServerOnlySchemaCheck, ReportsEveryChangeToOneTableInOrder) {
    alter("ALTER TABLE posts ALTER COLUMN status DROP DEFAULT");
    alter("ALTER TABLE posts DROP CONSTRAINT posts_author_id_slug_key");
    alter("ALTER TABLE posts DROP CONSTRAINT posts_author_id_fkey");
    expect_differences<Post>(
        {"column \"status\" has no default, the model's orm::defaulted member needs DEFAULT 'draft' (an INSERT that "
         "leaves it unset would fail): ALTER TABLE posts ALTER COLUMN status SET DEFAULT 'draft'",
         "foreign key posts_author_id_fkey is missing: the model declares (author_id) REFERENCES users (id) ON DELETE "
         "CASCADE; create_all does not add constraints to an existing table: ALTER TABLE posts ADD CONSTRAINT "
         "posts_author_id_fkey FOREIGN KEY (author_id) REFERENCES users (id) ON DELETE CASCADE",
         "unique constraint posts_author_id_slug_key is missing: the model declares it on (author_id, slug); "
         "create_all does not add constraints to an existing table: ALTER TABLE posts ADD CONSTRAINT "
         "posts_author_id_slug_key UNIQUE (author_id, slug)"});
}

// PostgreSQL's catalogs give a partial index's predicate and tell a unique constraint from the index behind it;
// CockroachDB's SHOW INDEXES has no predicate column.
class PostgreSQLOnlySchemaCheck : public SchemaCheck {};

TEST_F(PostgreSQLOnlySchemaCheck, DescribeReadsKeyForeignKeysUniquesAndIndexesFromTheCatalogs) {
    const orm::TableDescription posts = database->describe("posts");
    ASSERT_TRUE(posts.key.has_value());
    EXPECT_EQ(*posts.key, (orm::KeyDescription{.name = "posts_pkey", .columns = {"id"}}));
    EXPECT_THAT(posts.foreign_keys, ElementsAre(orm::ForeignKeyDescription{.name = "posts_author_id_fkey",
                                                                           .columns = {"author_id"},
                                                                           .referenced_table = "users",
                                                                           .referenced_columns = {"id"},
                                                                           .on_delete = orm::Action::cascade,
                                                                           .on_update = orm::Action::no_action}));
    // The unique constraint's own index is reported once, as the constraint.
    EXPECT_THAT(posts.uniques, ElementsAre(orm::UniqueDescription{.name = "posts_author_id_slug_key",
                                                                  .columns = {"author_id", "slug"}}));
    EXPECT_THAT(posts.indexes,
                ElementsAre(orm::IndexDescription{.name = "posts_author_id_created_at_idx",
                                                  .columns = {{"author_id", false}, {"created_at", true}},
                                                  .storing = {"title"},
                                                  .predicate = "",
                                                  .unique = false}));
    const orm::TableDescription post_tags = database->describe("post_tags");
    EXPECT_EQ(post_tags.key, (orm::KeyDescription{.name = "post_tags_pkey", .columns = {"post_id", "tag"}}));
    ASSERT_EQ(post_tags.indexes.size(), 1u);
    EXPECT_EQ(post_tags.indexes[0].predicate, "\"position\" < 3");
    EXPECT_EQ(post_tags.foreign_keys.size(), 2u);
    EXPECT_EQ(post_tags.foreign_keys[1].on_update, orm::Action::cascade);
}

TEST_F(PostgreSQLOnlySchemaCheck, ReportsAChangedPredicateAndAUniqueIndex) {
    alter("DROP INDEX post_tags_tag_idx");
    alter("CREATE UNIQUE INDEX post_tags_tag_idx ON post_tags (tag) WHERE position < 5");
    expect_differences<PostTag>(
        {"index post_tags_tag_idx has WHERE \"position\" < 5, the model declares WHERE position < 3",
         "index post_tags_tag_idx is unique, the model declares it not unique"});
}

}  // namespace
