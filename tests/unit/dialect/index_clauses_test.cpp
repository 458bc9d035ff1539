// The CREATE INDEX clauses that differ between the servers: covering columns and hash sharding.
#include <string_view>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <roachorm/dialect/dialect.hpp>
#include <roachorm/orm/core/error.hpp>

namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

TEST(CoveringColumns, AreStoringOnCockroachdbAndIncludeOnPostgresql) {
    const orm::ColumnInfo columns[] = {{"id", orm::SqlType::int64, false, true, nullptr}};
    const orm::TableInfo table{.name = "posts", .columns = columns, .key_index = 0, .key_kind = orm::KeyKind::serial};
    const orm::IndexInfo index{};
    EXPECT_EQ(orm::dialect::cockroachdb().covering_columns(table, index, "title, \"user\""),
              "STORING (title, \"user\")");
    EXPECT_EQ(orm::dialect::postgresql().covering_columns(table, index, "title, \"user\""),
              "INCLUDE (title, \"user\")");
}

TEST(HashSharding, IsUsingHashOnCockroachdbAndAnErrorOnPostgresql) {
    const orm::ColumnInfo columns[] = {{"id", orm::SqlType::int64, false, true, nullptr}};
    const orm::TableInfo table{.name = "events", .columns = columns, .key_index = 0, .key_kind = orm::KeyKind::serial};
    orm::IndexInfo index{};
    index.name.append("events_id_idx");
    index.hash_sharded = true;
    EXPECT_EQ(orm::dialect::cockroachdb().hash_sharding(table, index), "USING HASH");
    try {
        orm::dialect::postgresql().hash_sharding(table, index);
        FAIL() << "expected orm::Error";
    } catch (const orm::Error& error) {
        EXPECT_THAT(error.what(), AllOf(HasSubstr("index \"events_id_idx\" of table \"events\""),
                                        HasSubstr("CockroachDB-only"), HasSubstr("Remove .hash_sharded()")));
    }
}

}  // namespace
