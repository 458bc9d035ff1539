// Golden statement text for every statement kind in both dialects ("dry" tests: no server).
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <roachorm/models/account.hpp>
#include <roachorm/models/blog.hpp>
#include <roachorm/models/point.hpp>
#include <roachorm/orm/orm.hpp>
#include <roachorm/orm/sql/sql.hpp>

#include "../reserved_names_model.hpp"

namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

using roachorm_test::Order;

template <orm::Model T>
const orm::TableStatements& pg() {
    return orm::statements<T>(orm::dialect::postgresql());
}
template <orm::Model T>
const orm::TableStatements& crdb() {
    return orm::statements<T>(orm::dialect::cockroachdb());
}

TEST(CreateTable, UuidKeyDefaultsToGenRandomUuidInBothDialects) {
    EXPECT_EQ(pg<models::Account>().create_table,
              "CREATE TABLE IF NOT EXISTS accounts (\n"
              "    id UUID NOT NULL DEFAULT gen_random_uuid(),\n"
              "    balance BIGINT NOT NULL,\n"
              "    CONSTRAINT accounts_pkey PRIMARY KEY (id)\n"
              ")");
    EXPECT_EQ(crdb<models::Account>().create_table,
              "CREATE TABLE IF NOT EXISTS accounts (\n"
              "    id UUID NOT NULL DEFAULT gen_random_uuid(),\n"
              "    balance INT8 NOT NULL,\n"
              "    CONSTRAINT accounts_pkey PRIMARY KEY (id)\n"
              ")");
}

TEST(CreateTable, SerialKeyIsBigserialOnPostgresqlAndUniqueRowidOnCockroachdb) {
    EXPECT_EQ(pg<models::Point>().create_table,
              "CREATE TABLE IF NOT EXISTS points (\n"
              "    id BIGSERIAL,\n"
              "    x DOUBLE PRECISION NOT NULL,\n"
              "    y DOUBLE PRECISION NOT NULL,\n"
              "    z DOUBLE PRECISION NOT NULL,\n"
              "    CONSTRAINT points_pkey PRIMARY KEY (id)\n"
              ")");
    EXPECT_EQ(crdb<models::Point>().create_table,
              "CREATE TABLE IF NOT EXISTS points (\n"
              "    id INT8 NOT NULL DEFAULT unique_rowid(),\n"
              "    x FLOAT8 NOT NULL,\n"
              "    y FLOAT8 NOT NULL,\n"
              "    z FLOAT8 NOT NULL,\n"
              "    CONSTRAINT points_pkey PRIMARY KEY (id)\n"
              ")");
}

TEST(CreateTable, ReservedAndMixedCaseIdentifiersAreQuotedAndOptionalIsNullable) {
    EXPECT_EQ(pg<Order>().create_table,
              "CREATE TABLE IF NOT EXISTS \"order\" (\n"
              "    number BIGINT NOT NULL,\n"
              "    \"user\" TEXT NOT NULL,\n"
              "    \"Comment\" TEXT,\n"
              "    CONSTRAINT order_pkey PRIMARY KEY (number)\n"
              ")");
}

// A composite key, and a unique constraint that a foreign key can reference.
struct Shelf {
    static constexpr std::string_view table_name = "shelves";
    std::string room;
    std::int32_t number = 0;
    std::string label;

    static constexpr auto primary_key = orm::key(&Shelf::room, &Shelf::number);
    static constexpr auto constraints = orm::constraints(orm::unique(&Shelf::label).named("shelf_label_unique"));
};

// Every kind of foreign key action, unique constraints, server defaults of every kind, indexes of every shape.
struct Book {
    static constexpr std::string_view table_name = "books";
    orm::uuid id{};
    std::string room;
    std::int32_t shelf = 0;
    std::optional<std::string> label;
    std::optional<orm::uuid> sequel_of;
    std::string title;
    std::int64_t isbn = 0;
    orm::timestamp published{};
    orm::defaulted<std::int32_t, 1> copies;
    orm::defaulted<bool, true> in_print;
    orm::defaulted<double, 2.5> weight;
    orm::defaulted<std::string, orm::literal{"it's new"}> note;
    orm::defaulted<orm::timestamp, orm::now> added;

    static constexpr auto constraints = orm::constraints(
        orm::foreign_key(&Book::room, &Book::shelf)
            .references(&Shelf::room, &Shelf::number)
            .on_delete(orm::Action::restrict)
            .on_update(orm::Action::cascade),
        orm::foreign_key(&Book::label).references(&Shelf::label).on_delete(orm::Action::set_null),
        orm::foreign_key(&Book::sequel_of)
            .references(&Book::id)
            .on_delete(orm::Action::set_default)
            .on_update(orm::Action::no_action),
        orm::unique(&Book::isbn), orm::unique(&Book::room, &Book::title), orm::index(&Book::title),
        orm::index(orm::descending(&Book::published), &Book::title).storing(&Book::isbn, &Book::copies),
        orm::index(&Book::isbn).where("copies > 0").unique().named("books_in_stock_isbn"));
};

// Hash-sharded indexes, which only CockroachDB has.
struct Event {
    static constexpr std::string_view table_name = "events";
    orm::serial id{};
    orm::timestamp happened{};
    std::string kind;
    std::string payload;

    static constexpr auto constraints = orm::constraints(orm::index(&Event::happened).hash_sharded(),
                                                         orm::index(orm::descending(&Event::happened), &Event::kind)
                                                             .hash_sharded()
                                                             .unique()
                                                             .storing(&Event::payload)
                                                             .where("kind <> 'noise'"));
};

TEST(CreateTable, CompositeKeyIsOneNamedPrimaryKeyConstraintInBothDialects) {
    EXPECT_EQ(pg<Shelf>().create_table,
              "CREATE TABLE IF NOT EXISTS shelves (\n"
              "    room TEXT NOT NULL,\n"
              "    number INTEGER NOT NULL,\n"
              "    label TEXT NOT NULL,\n"
              "    CONSTRAINT shelves_pkey PRIMARY KEY (room, number),\n"
              "    CONSTRAINT shelf_label_unique UNIQUE (label)\n"
              ")");
    EXPECT_EQ(crdb<Shelf>().create_table,
              "CREATE TABLE IF NOT EXISTS shelves (\n"
              "    room STRING NOT NULL,\n"
              "    number INT4 NOT NULL,\n"
              "    label STRING NOT NULL,\n"
              "    CONSTRAINT shelves_pkey PRIMARY KEY (room, number),\n"
              "    CONSTRAINT shelf_label_unique UNIQUE (label)\n"
              ")");
}

TEST(CreateTable, DefaultsUniquesAndForeignKeysWithEveryActionInBothDialects) {
    EXPECT_EQ(pg<Book>().create_table,
              "CREATE TABLE IF NOT EXISTS books (\n"
              "    id UUID NOT NULL DEFAULT gen_random_uuid(),\n"
              "    room TEXT NOT NULL,\n"
              "    shelf INTEGER NOT NULL,\n"
              "    label TEXT,\n"
              "    sequel_of UUID,\n"
              "    title TEXT NOT NULL,\n"
              "    isbn BIGINT NOT NULL,\n"
              "    published TIMESTAMPTZ NOT NULL,\n"
              "    copies INTEGER NOT NULL DEFAULT 1,\n"
              "    in_print BOOLEAN NOT NULL DEFAULT true,\n"
              "    weight DOUBLE PRECISION NOT NULL DEFAULT 2.5,\n"
              "    note TEXT NOT NULL DEFAULT 'it''s new',\n"
              "    added TIMESTAMPTZ NOT NULL DEFAULT now(),\n"
              "    CONSTRAINT books_pkey PRIMARY KEY (id),\n"
              "    CONSTRAINT books_isbn_key UNIQUE (isbn),\n"
              "    CONSTRAINT books_room_title_key UNIQUE (room, title),\n"
              "    CONSTRAINT books_room_shelf_fkey FOREIGN KEY (room, shelf) REFERENCES shelves (room, number) "
              "ON DELETE RESTRICT ON UPDATE CASCADE,\n"
              "    CONSTRAINT books_label_fkey FOREIGN KEY (label) REFERENCES shelves (label) ON DELETE SET NULL,\n"
              "    CONSTRAINT books_sequel_of_fkey FOREIGN KEY (sequel_of) REFERENCES books (id) "
              "ON DELETE SET DEFAULT\n"
              ")");
    EXPECT_EQ(crdb<Book>().create_table,
              "CREATE TABLE IF NOT EXISTS books (\n"
              "    id UUID NOT NULL DEFAULT gen_random_uuid(),\n"
              "    room STRING NOT NULL,\n"
              "    shelf INT4 NOT NULL,\n"
              "    label STRING,\n"
              "    sequel_of UUID,\n"
              "    title STRING NOT NULL,\n"
              "    isbn INT8 NOT NULL,\n"
              "    published TIMESTAMPTZ NOT NULL,\n"
              "    copies INT4 NOT NULL DEFAULT 1,\n"
              "    in_print BOOL NOT NULL DEFAULT true,\n"
              "    weight FLOAT8 NOT NULL DEFAULT 2.5,\n"
              "    note STRING NOT NULL DEFAULT 'it''s new',\n"
              "    added TIMESTAMPTZ NOT NULL DEFAULT now(),\n"
              "    CONSTRAINT books_pkey PRIMARY KEY (id),\n"
              "    CONSTRAINT books_isbn_key UNIQUE (isbn),\n"
              "    CONSTRAINT books_room_title_key UNIQUE (room, title),\n"
              "    CONSTRAINT books_room_shelf_fkey FOREIGN KEY (room, shelf) REFERENCES shelves (room, number) "
              "ON DELETE RESTRICT ON UPDATE CASCADE,\n"
              "    CONSTRAINT books_label_fkey FOREIGN KEY (label) REFERENCES shelves (label) ON DELETE SET NULL,\n"
              "    CONSTRAINT books_sequel_of_fkey FOREIGN KEY (sequel_of) REFERENCES books (id) "
              "ON DELETE SET DEFAULT\n"
              ")");
}

TEST(CreateTable, SerialKeyKeepsItsGeneratorAndDefaultedColumnsGetTheirs) {
    EXPECT_EQ(pg<models::blog::Post>().create_table,
              "CREATE TABLE IF NOT EXISTS posts (\n"
              "    id BIGSERIAL,\n"
              "    author_id BIGINT NOT NULL,\n"
              "    slug TEXT NOT NULL,\n"
              "    title TEXT NOT NULL,\n"
              "    body TEXT NOT NULL,\n"
              "    status TEXT NOT NULL DEFAULT 'draft',\n"
              "    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),\n"
              "    CONSTRAINT posts_pkey PRIMARY KEY (id),\n"
              "    CONSTRAINT posts_author_id_slug_key UNIQUE (author_id, slug),\n"
              "    CONSTRAINT posts_author_id_fkey FOREIGN KEY (author_id) REFERENCES users (id) ON DELETE CASCADE\n"
              ")");
    EXPECT_EQ(crdb<models::blog::Tag>().create_table,
              "CREATE TABLE IF NOT EXISTS tags (\n"
              "    name STRING NOT NULL,\n"
              "    uses INT4 NOT NULL DEFAULT 0,\n"
              "    CONSTRAINT tags_pkey PRIMARY KEY (name)\n"
              ")");
}

// Reserved words and upper case in table, column, constraint and index names.
struct Member {
    static constexpr std::string_view table_name = "group";
    std::int64_t id = 0;
    std::int64_t order_number = 0;
    std::string user;

    static constexpr auto constraints =
        orm::constraints(orm::foreign_key(&Member::order_number).references(&Order::number),
                         orm::unique(&Member::user).named("Member_user"), orm::index(&Member::user).named("select"));
};

TEST(CreateTable, ConstraintAndIndexNamesAreQuotedLikeAnyIdentifier) {
    EXPECT_EQ(crdb<Member>().create_table,
              "CREATE TABLE IF NOT EXISTS \"group\" (\n"
              "    id INT8 NOT NULL,\n"
              "    order_number INT8 NOT NULL,\n"
              "    \"user\" STRING NOT NULL,\n"
              "    CONSTRAINT group_pkey PRIMARY KEY (id),\n"
              "    CONSTRAINT \"Member_user\" UNIQUE (\"user\"),\n"
              "    CONSTRAINT group_order_number_fkey FOREIGN KEY (order_number) REFERENCES \"order\" (number)\n"
              ")");
    EXPECT_THAT(pg<Member>().create_indexes(),
                ElementsAre("CREATE INDEX IF NOT EXISTS \"select\" ON \"group\" (\"user\")"));
}

TEST(CreateIndex, PlainDescendingCoveringAndPartialUniqueInBothDialects) {
    EXPECT_THAT(pg<Book>().create_indexes(),
                ElementsAre("CREATE INDEX IF NOT EXISTS books_title_idx ON books (title)",
                            "CREATE INDEX IF NOT EXISTS books_published_title_idx ON books (published DESC, title) "
                            "INCLUDE (isbn, copies)",
                            "CREATE UNIQUE INDEX IF NOT EXISTS books_in_stock_isbn ON books (isbn) WHERE copies > 0"));
    EXPECT_THAT(crdb<Book>().create_indexes(),
                ElementsAre("CREATE INDEX IF NOT EXISTS books_title_idx ON books (title)",
                            "CREATE INDEX IF NOT EXISTS books_published_title_idx ON books (published DESC, title) "
                            "STORING (isbn, copies)",
                            "CREATE UNIQUE INDEX IF NOT EXISTS books_in_stock_isbn ON books (isbn) WHERE copies > 0"));
    EXPECT_THAT(pg<Shelf>().create_indexes(), IsEmpty());
}

TEST(CreateIndex, HashShardedIsUsingHashOnCockroachdbBeforeStoringAndWhere) {
    EXPECT_THAT(
        crdb<Event>().create_indexes(),
        ElementsAre("CREATE INDEX IF NOT EXISTS events_happened_idx ON events (happened) USING HASH",
                    "CREATE UNIQUE INDEX IF NOT EXISTS events_happened_kind_idx ON events (happened DESC, kind) "
                    "USING HASH STORING (payload) WHERE kind <> 'noise'"));
}

TEST(CreateIndex, HashShardedOnPostgresqlIsAnErrorNamingTableAndIndex) {
    try {
        pg<Event>().create_indexes();
        FAIL() << "expected orm::Error";
    } catch (const orm::Error& error) {
        EXPECT_THAT(error.what(), HasSubstr("index \"events_happened_idx\" of table \"events\""));
        EXPECT_THAT(error.what(), HasSubstr("CockroachDB-only"));
        EXPECT_THAT(error.what(), HasSubstr("Remove .hash_sharded()"));
    }
    // The CockroachDB texts of the same model are unaffected.
    EXPECT_EQ(crdb<Event>().create_indexes().size(), 2u);
}

TEST(DropTable, IsIdempotent) {
    EXPECT_EQ(pg<models::Point>().drop_table, "DROP TABLE IF EXISTS points");
    EXPECT_EQ(crdb<Order>().drop_table, "DROP TABLE IF EXISTS \"order\"");
}

TEST(Insert, WritesEveryKeyAndReturnsNothing) {
    EXPECT_EQ(pg<models::Point>().insert(2),
              "INSERT INTO points (id, x, y, z) VALUES ($1, $2, $3, $4), ($5, $6, $7, $8)");
    EXPECT_EQ(crdb<models::Point>().insert(1), "INSERT INTO points (id, x, y, z) VALUES ($1, $2, $3, $4)");
    EXPECT_EQ(pg<models::Account>().insert(2), "INSERT INTO accounts (id, balance) VALUES ($1, $2), ($3, $4)");
    EXPECT_EQ(crdb<models::Account>().insert(1), "INSERT INTO accounts (id, balance) VALUES ($1, $2)");
}

TEST(Insert, OneRowMayLeaveItsSerialKeyToTheServerAndReturnIt) {
    EXPECT_EQ(pg<models::Point>().insert_returning_key,
              "INSERT INTO points (x, y, z) VALUES ($1, $2, $3) RETURNING id");
    EXPECT_EQ(crdb<models::Point>().insert_returning_key,
              "INSERT INTO points (x, y, z) VALUES ($1, $2, $3) RETURNING id");
    EXPECT_EQ(pg<models::Account>().insert_returning_key, "") << "uuid keys come from the client";
}

// A serial table whose name is a reserved word, and whose only column is its key.
struct Sequence {
    static constexpr std::string_view table_name = "User's";
    orm::serial id;
};

TEST(Insert, ARowOfOnlyASerialKeyTakesItsDefault) {
    EXPECT_EQ(pg<Sequence>().insert_returning_key, "INSERT INTO \"User's\" DEFAULT VALUES RETURNING id");
}

TEST(ReserveSerialKeys, DrawsFromTheKeyColumnsOwnGenerator) {
    // A key per row: neither generator promises a range free of other transactions' keys.
    EXPECT_FALSE(orm::dialect::cockroachdb().reserves_key_ranges());
    EXPECT_FALSE(orm::dialect::postgresql().reserves_key_ranges());
    EXPECT_EQ(crdb<models::Point>().reserve_serial_keys, "SELECT unique_rowid() FROM generate_series(1, $1::INT8)");
    EXPECT_EQ(pg<models::Point>().reserve_serial_keys,
              "WITH key_sequence AS MATERIALIZED (SELECT pg_get_serial_sequence('points', 'id')::regclass AS name) "
              "SELECT nextval(key_sequence.name) FROM key_sequence, generate_series(1, $1::INT8)");
    // The table name as SQL reads it (quoted: case and reserved words kept), in a literal whose quotes are doubled.
    EXPECT_EQ(
        pg<Sequence>().reserve_serial_keys,
        "WITH key_sequence AS MATERIALIZED (SELECT pg_get_serial_sequence('\"User''s\"', 'id')::regclass AS name) "
        "SELECT nextval(key_sequence.name) FROM key_sequence, generate_series(1, $1::INT8)");
    EXPECT_EQ(pg<models::Account>().reserve_serial_keys, "") << "uuid keys come from the client";
}

TEST(Insert, ApplicationKeyIsWrittenAndNothingIsReturned) {
    EXPECT_EQ(pg<Order>().insert(1), "INSERT INTO \"order\" (number, \"user\", \"Comment\") VALUES ($1, $2, $3)");
}

TEST(Upsert, IsUpsertIntoOnCockroachdbAndOnConflictDoUpdateOnPostgresql) {
    EXPECT_EQ(crdb<models::Account>().upsert(2), "UPSERT INTO accounts (id, balance) VALUES ($1, $2), ($3, $4)");
    EXPECT_EQ(pg<models::Account>().upsert(1),
              "INSERT INTO accounts (id, balance) VALUES ($1, $2) "
              "ON CONFLICT (id) DO UPDATE SET balance = EXCLUDED.balance");
}

TEST(Upsert, WritesASerialKeyAsGivenAndQuotesReservedWords) {
    EXPECT_EQ(crdb<models::Point>().upsert(1), "UPSERT INTO points (id, x, y, z) VALUES ($1, $2, $3, $4)");
    EXPECT_EQ(pg<models::Point>().upsert(1),
              "INSERT INTO points (id, x, y, z) VALUES ($1, $2, $3, $4) "
              "ON CONFLICT (id) DO UPDATE SET x = EXCLUDED.x, y = EXCLUDED.y, z = EXCLUDED.z");
    EXPECT_EQ(crdb<Order>().upsert(1), "UPSERT INTO \"order\" (number, \"user\", \"Comment\") VALUES ($1, $2, $3)");
    EXPECT_EQ(pg<Order>().upsert(1),
              "INSERT INTO \"order\" (number, \"user\", \"Comment\") VALUES ($1, $2, $3) ON CONFLICT (number) "
              "DO UPDATE SET \"user\" = EXCLUDED.\"user\", \"Comment\" = EXCLUDED.\"Comment\"");
}

// A table that is all key: there is nothing for an upsert to overwrite.
struct Tag {
    static constexpr std::string_view table_name = "tags";
    std::string id;
};

TEST(Upsert, OfAKeyOnlyTableKeepsTheExistingRowOnPostgresql) {
    EXPECT_EQ(pg<Tag>().upsert(1), "INSERT INTO tags (id) VALUES ($1) ON CONFLICT (id) DO NOTHING");
    EXPECT_EQ(crdb<Tag>().upsert(1), "UPSERT INTO tags (id) VALUES ($1)");
}

TEST(Insert, RowsPerStatementStayWithinTheDialectsParameterLimit) {
    const auto& postgresql = orm::dialect::postgresql();
    const auto& cockroachdb = orm::dialect::cockroachdb();
    EXPECT_EQ(postgresql.max_parameters(), 65535u) << "the Bind message's Int16 count";
    EXPECT_EQ(cockroachdb.max_parameters(), 65535u);
    EXPECT_EQ(orm::sql::max_rows_per_write(postgresql, orm::model_traits<models::Point>::table), 65535u / 4);
    EXPECT_EQ(orm::sql::max_rows_per_write(cockroachdb, orm::model_traits<models::Account>::table), 65535u / 2);
}

TEST(StatementBudget, StopsAtTheParameterLimit) {
    orm::sql::StatementBudget budget(65535, 4);
    for (std::size_t row = 0; row < 65535 / 4; ++row) {
        ASSERT_TRUE(budget.take(10)) << row;
    }
    EXPECT_FALSE(budget.take(10));
    EXPECT_EQ(budget.rows(), 65535u / 4);
}

TEST(StatementBudget, StopsBeforeTheRowThatWouldPassTheByteBudget) {
    orm::sql::StatementBudget budget(65535, 2, 1000);
    EXPECT_TRUE(budget.take(400));
    EXPECT_TRUE(budget.take(600));  // exactly at the budget
    EXPECT_FALSE(budget.take(1));
    EXPECT_EQ(budget.rows(), 2u);
}

TEST(StatementBudget, TakesAFirstRowOverTheBudgetAlone) {
    orm::sql::StatementBudget budget(65535, 2, 1000);
    EXPECT_TRUE(budget.take(5000));
    EXPECT_FALSE(budget.take(1));
    EXPECT_EQ(budget.rows(), 1u);
}

TEST(StatementBudget, DefaultsToHalfOfCockroachDBsDefaultMessageLimit) {
    EXPECT_EQ(orm::sql::max_statement_bytes, 8u * 1024 * 1024);
    orm::sql::StatementBudget budget(65535, 1);
    EXPECT_TRUE(budget.take(8u * 1024 * 1024 - 1));
    EXPECT_FALSE(budget.take(2));
}

TEST(Select, AllColumnsInDeclarationOrder) {
    EXPECT_EQ(pg<models::Account>().select_all, "SELECT id, balance FROM accounts");
    EXPECT_EQ(crdb<Order>().select_all, "SELECT number, \"user\", \"Comment\" FROM \"order\"");
}

TEST(Select, ByPrimaryKey) {
    EXPECT_EQ(pg<models::Point>().select_by_key, "SELECT id, x, y, z FROM points WHERE id = $1");
    EXPECT_EQ(crdb<Order>().select_by_key, "SELECT number, \"user\", \"Comment\" FROM \"order\" WHERE number = $1");
}

TEST(Update, SetsOnlyTheGivenColumnsThenMatchesTheKey) {
    EXPECT_EQ(pg<models::Account>().update(0b10), "UPDATE accounts SET balance = $1 WHERE id = $2");
    EXPECT_EQ(crdb<models::Point>().update(0b1010), "UPDATE points SET x = $1, z = $2 WHERE id = $3");
    EXPECT_EQ(pg<Order>().update(0b110), "UPDATE \"order\" SET \"user\" = $1, \"Comment\" = $2 WHERE number = $3");
}

TEST(Delete, ByPrimaryKey) {
    EXPECT_EQ(pg<models::Account>().delete_by_key, "DELETE FROM accounts WHERE id = $1");
    EXPECT_EQ(crdb<Order>().delete_by_key, "DELETE FROM \"order\" WHERE number = $1");
}

// A composite key (models::blog::PostTag: post_id, tag): every statement that finds a row by its key names every key
// column, in key order, and the upsert conflicts on all of them.
using models::blog::PostTag;

TEST(CompositeKey, SelectUpdateAndDeleteMatchEveryKeyColumn) {
    for (const auto& statements : {&pg<PostTag>(), &crdb<PostTag>()}) {
        EXPECT_EQ(statements->select_by_key,
                  "SELECT post_id, tag, \"position\" FROM post_tags WHERE post_id = $1 AND tag = $2");
        EXPECT_EQ(statements->update(0b100), "UPDATE post_tags SET \"position\" = $1 WHERE post_id = $2 AND tag = $3");
        EXPECT_EQ(statements->delete_by_key, "DELETE FROM post_tags WHERE post_id = $1 AND tag = $2");
    }
}

TEST(CompositeKey, UpsertConflictsOnEveryKeyColumn) {
    EXPECT_EQ(crdb<PostTag>().upsert(2),
              "UPSERT INTO post_tags (post_id, tag, \"position\") VALUES ($1, $2, $3), ($4, $5, $6)");
    EXPECT_EQ(pg<PostTag>().upsert(1),
              "INSERT INTO post_tags (post_id, tag, \"position\") VALUES ($1, $2, $3) "
              "ON CONFLICT (post_id, tag) DO UPDATE SET \"position\" = EXCLUDED.\"position\"");
}

TEST(StatementText, IsGeneratedOncePerModelDialectAndShape) {
    EXPECT_EQ(&pg<models::Point>().insert(5), &pg<models::Point>().insert(5));
    EXPECT_EQ(&pg<models::Point>().update(0b10), &pg<models::Point>().update(0b10));
    EXPECT_NE(&pg<models::Point>(), &crdb<models::Point>());
}

TEST(Quote, LeavesPlainLowerCaseNamesBareAndDoublesEmbeddedQuotes) {
    const auto& dialect = orm::dialect::cockroachdb();
    EXPECT_EQ(dialect.quote("balance"), "balance");
    EXPECT_EQ(dialect.quote("_private2"), "_private2");
    EXPECT_EQ(dialect.quote("select"), "\"select\"");
    EXPECT_EQ(dialect.quote("family"), "\"family\"");  // reserved by CockroachDB only
    EXPECT_EQ(dialect.quote("2fast"), "\"2fast\"");
    EXPECT_EQ(dialect.quote("odd\"name"), "\"odd\"\"name\"");
}

// Columns of unset orm::defaulted members are left out of the row and come back after the key.
struct Note {
    static constexpr std::string_view table_name = "notes";
    orm::serial id{};
    std::string text;
    orm::defaulted<std::string, orm::literal{"draft"}> status{};
    orm::defaulted<orm::timestamp, orm::now> created_at{};
};

constexpr orm::sql::ColumnMask status_and_created = 0b1100;
constexpr orm::sql::ColumnMask created_only = 0b1000;

TEST(ServerDefaults, AnInsertLeavingColumnsToTheServerReturnsTheKeyAndThoseColumns) {
    EXPECT_EQ(pg<Note>().insert(2, status_and_created),
              "INSERT INTO notes (id, text) VALUES ($1, $2), ($3, $4) RETURNING id, status, created_at");
    EXPECT_EQ(crdb<Note>().insert(1, created_only),
              "INSERT INTO notes (id, text, status) VALUES ($1, $2, $3) RETURNING id, created_at");
    EXPECT_EQ(pg<Note>().insert(1), "INSERT INTO notes (id, text, status, created_at) VALUES ($1, $2, $3, $4)");
}

TEST(ServerDefaults, ALoneRowWithoutKeyReturnsItsServerKeyFirst) {
    EXPECT_EQ(pg<Note>().insert_returning(status_and_created),
              "INSERT INTO notes (text) VALUES ($1) RETURNING id, status, created_at");
    EXPECT_EQ(crdb<Note>().insert_returning(created_only),
              "INSERT INTO notes (text, status) VALUES ($1, $2) RETURNING id, created_at");
}

TEST(ServerDefaults, AnUpsertOverwritesOnlyTheColumnsItWrites) {
    EXPECT_EQ(crdb<Note>().upsert(1, created_only),
              "UPSERT INTO notes (id, text, status) VALUES ($1, $2, $3) RETURNING id, created_at");
    EXPECT_EQ(pg<Note>().upsert(1, status_and_created),
              "INSERT INTO notes (id, text) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET text = EXCLUDED.text "
              "RETURNING id, status, created_at");
}

struct Label {
    static constexpr std::string_view table_name = "labels";
    std::string name;
    orm::defaulted<std::string, orm::literal{"grey"}> colour{};
    static constexpr std::string_view primary_key = "name";
};

TEST(ServerDefaults, AnUpsertOfOnlyAKeyStillReturnsTheExistingRowOnPostgresql) {
    EXPECT_EQ(pg<Label>().upsert(1, 0b10),
              "INSERT INTO labels (name) VALUES ($1) ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name "
              "RETURNING name, colour");
    EXPECT_EQ(pg<Label>().upsert(1),
              "INSERT INTO labels (name, colour) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE "
              "SET colour = EXCLUDED.colour");
}

}  // namespace
