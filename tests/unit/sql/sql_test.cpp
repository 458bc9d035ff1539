// Golden statement text for every statement kind in both dialects ("dry" tests: no server).
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <roachorm/models/account.hpp>
#include <roachorm/models/blog.hpp>
#include <roachorm/models/point.hpp>
#include <roachorm/orm/orm.hpp>
#include <roachorm/orm/sql/sql.hpp>

namespace {

// A model whose table and column names are reserved words, and a name with upper case: all must be quoted.
struct Order {
    static constexpr std::string_view table_name = "order";
    static constexpr std::string_view primary_key = "number";
    std::int64_t number = 0;
    std::string user;
    std::optional<std::string> Comment;
};

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
              "    PRIMARY KEY (id)\n"
              ")");
    EXPECT_EQ(crdb<models::Account>().create_table,
              "CREATE TABLE IF NOT EXISTS accounts (\n"
              "    id UUID NOT NULL DEFAULT gen_random_uuid(),\n"
              "    balance INT8 NOT NULL,\n"
              "    PRIMARY KEY (id)\n"
              ")");
}

TEST(CreateTable, SerialKeyIsBigserialOnPostgresqlAndUniqueRowidOnCockroachdb) {
    EXPECT_EQ(pg<models::Point>().create_table,
              "CREATE TABLE IF NOT EXISTS points (\n"
              "    id BIGSERIAL,\n"
              "    x DOUBLE PRECISION NOT NULL,\n"
              "    y DOUBLE PRECISION NOT NULL,\n"
              "    z DOUBLE PRECISION NOT NULL,\n"
              "    PRIMARY KEY (id)\n"
              ")");
    EXPECT_EQ(crdb<models::Point>().create_table,
              "CREATE TABLE IF NOT EXISTS points (\n"
              "    id INT8 NOT NULL DEFAULT unique_rowid(),\n"
              "    x FLOAT8 NOT NULL,\n"
              "    y FLOAT8 NOT NULL,\n"
              "    z FLOAT8 NOT NULL,\n"
              "    PRIMARY KEY (id)\n"
              ")");
}

TEST(CreateTable, ReservedAndMixedCaseIdentifiersAreQuotedAndOptionalIsNullable) {
    EXPECT_EQ(pg<Order>().create_table,
              "CREATE TABLE IF NOT EXISTS \"order\" (\n"
              "    number BIGINT NOT NULL,\n"
              "    \"user\" TEXT NOT NULL,\n"
              "    \"Comment\" TEXT,\n"
              "    PRIMARY KEY (number)\n"
              ")");
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

TEST(Insert, RowsPerStatementStayWithinTheParameterLimit) {
    EXPECT_EQ(orm::sql::max_rows_per_write(orm::model_traits<models::Point>::table), 65535u / 4);
    EXPECT_EQ(orm::sql::max_rows_per_write(orm::model_traits<models::Account>::table), 65535u / 2);
}

TEST(StatementBudget, StopsAtTheParameterLimit) {
    orm::sql::StatementBudget budget(4);
    for (std::size_t row = 0; row < 65535 / 4; ++row) {
        ASSERT_TRUE(budget.take(10)) << row;
    }
    EXPECT_FALSE(budget.take(10));
    EXPECT_EQ(budget.rows(), 65535u / 4);
}

TEST(StatementBudget, StopsBeforeTheRowThatWouldPassTheByteBudget) {
    orm::sql::StatementBudget budget(2, 1000);
    EXPECT_TRUE(budget.take(400));
    EXPECT_TRUE(budget.take(600));  // exactly at the budget
    EXPECT_FALSE(budget.take(1));
    EXPECT_EQ(budget.rows(), 2u);
}

TEST(StatementBudget, TakesAFirstRowOverTheBudgetAlone) {
    orm::sql::StatementBudget budget(2, 1000);
    EXPECT_TRUE(budget.take(5000));
    EXPECT_FALSE(budget.take(1));
    EXPECT_EQ(budget.rows(), 1u);
}

TEST(StatementBudget, DefaultsToHalfOfCockroachDBsDefaultMessageLimit) {
    EXPECT_EQ(orm::sql::max_statement_bytes, 8u * 1024 * 1024);
    orm::sql::StatementBudget budget(1);
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

}  // namespace
