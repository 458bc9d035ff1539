// Reading the servers' catalog listings without a server: SHOW TABLES and SHOW COLUMNS result sets built from
// CockroachDB's documented columns (in any order, with or without the optional ones), information_schema result
// sets for PostgreSQL, and the golden text of each reflection query.
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <roachorm/dialect/cockroachdb.hpp>
#include <roachorm/dialect/postgresql.hpp>
#include <roachorm/orm/core/error.hpp>

namespace {

using orm::ColumnDescription;
using orm::ResultSet;
using orm::TextValue;
using orm::dialect::cockroachdb;
using orm::dialect::postgresql;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// A result set whose rows are given as column-name -> value maps, laid out in the order of `columns`, so that one
// logical table can be presented with its columns in any order or with some left out. A name a row lacks is NULL.
ResultSet result_set(std::string statement, std::vector<std::string> columns,
                     const std::vector<std::vector<std::pair<std::string, TextValue>>>& rows) {
    ResultSet set{.statement = std::move(statement), .columns = std::move(columns), .rows = {}};
    for (const auto& row : rows) {
        std::vector<TextValue>& values = set.rows.emplace_back();
        for (const std::string& column : set.columns) {
            const auto found = std::ranges::find(row, column, &std::pair<std::string, TextValue>::first);
            values.push_back(found == row.end() ? TextValue{} : found->second);
        }
    }
    return set;
}

// ---- CockroachDB: SHOW TABLES --------------------------------------------------------------------------------------

const std::vector<std::vector<std::pair<std::string, TextValue>>> show_tables_rows = {
    {{"schema_name", "public"},
     {"table_name", "points"},
     {"type", "table"},
     {"owner", "root"},
     {"estimated_row_count", "12"},
     {"locality", TextValue{}},
     {"comment", ""}},
    {{"schema_name", "public"},
     {"table_name", "accounts"},
     {"type", "table"},
     {"owner", "root"},
     {"estimated_row_count", "0"},
     {"comment", "the bank"}},
    {{"schema_name", "public"}, {"table_name", "rich_accounts"}, {"type", "view"}, {"owner", "root"}},
    {{"schema_name", "public"}, {"table_name", "account_totals"}, {"type", "materialized view"}, {"owner", "root"}},
    {{"schema_name", "public"}, {"table_name", "points_id_seq"}, {"type", "sequence"}, {"owner", "root"}},
    {{"schema_name", "audit"}, {"table_name", "events"}, {"type", "table"}, {"owner", "root"}},
    {{"schema_name", "public"}, {"table_name", "Orders"}, {"type", "table"}, {"owner", "root"}},
};

TEST(CockroachdbShowTables, KeepsOnlyBaseTablesOfTheSchemaSortedWithTheDocumentedColumns) {
    const ResultSet set =
        result_set("SHOW TABLES", {"schema_name", "table_name", "type", "owner", "estimated_row_count", "locality"},
                   show_tables_rows);
    EXPECT_THAT(cockroachdb().table_names(set, "public"), ElementsAre("Orders", "accounts", "points"));
}

TEST(CockroachdbShowTables, OptionalColumnsMayBeAbsentOrAddedAndColumnsInAnyOrder) {
    const std::vector<std::vector<std::string>> layouts = {
        {"schema_name", "table_name", "type", "owner"},  // without estimated_row_count and locality
        {"schema_name", "table_name", "type", "owner", "estimated_row_count", "locality", "comment"},  // WITH COMMENT
        {"comment", "locality", "estimated_row_count", "owner", "type", "table_name", "schema_name"},  // reversed
        {"type", "table_name", "schema_name"},  // only what is read
    };
    for (const auto& layout : layouts) {
        const ResultSet set = result_set("SHOW TABLES", layout, show_tables_rows);
        EXPECT_THAT(cockroachdb().table_names(set, "public"), ElementsAre("Orders", "accounts", "points"))
            << "columns: " << ::testing::PrintToString(layout);
    }
}

TEST(CockroachdbShowTables, ReadsTheCurrentSchemaItIsGiven) {
    const ResultSet set = result_set("SHOW TABLES", {"schema_name", "table_name", "type"}, show_tables_rows);
    EXPECT_THAT(cockroachdb().table_names(set, "audit"), ElementsAre("events"));
    EXPECT_THAT(cockroachdb().table_names(set, "nowhere"), ElementsAre());
}

TEST(CockroachdbShowTables, AMissingRequiredColumnIsAMappingErrorNamingIt) {
    const ResultSet set = result_set("SHOW TABLES", {"schema_name", "table_name", "owner"}, show_tables_rows);
    try {
        cockroachdb().table_names(set, "public");
        FAIL() << "expected orm::MappingError";
    } catch (const orm::MappingError& error) {
        EXPECT_THAT(error.what(), HasSubstr("SHOW TABLES has no column \"type\""));
        EXPECT_THAT(error.what(), HasSubstr("its columns: schema_name, table_name, owner"));
    }
}

// ---- CockroachDB: SHOW COLUMNS -------------------------------------------------------------------------------------

// `CREATE TABLE ledger (account INT8 NOT NULL DEFAULT unique_rowid(), amount DECIMAL(12,2), memo STRING NOT NULL
// DEFAULT 'x', doubled DECIMAL AS (amount * 2) STORED)` has no primary key of its own, so CockroachDB adds the
// hidden rowid. Booleans arrive as t/f; an ordinary column's generation_expression is the empty string.
const std::vector<std::vector<std::pair<std::string, TextValue>>> show_columns_rows = {
    {{"column_name", "account"},
     {"data_type", "INT8"},
     {"is_nullable", "f"},
     {"column_default", "unique_rowid()"},
     {"generation_expression", ""},
     {"indices", "{ledger_pkey}"},
     {"is_hidden", "f"}},
    {{"column_name", "amount"},
     {"data_type", "DECIMAL(12,2)"},
     {"is_nullable", "t"},
     {"column_default", TextValue{}},
     {"generation_expression", ""},
     {"indices", "{ledger_pkey}"},
     {"is_hidden", "f"}},
    {{"column_name", "memo"},
     {"data_type", "STRING"},
     {"is_nullable", "f"},
     {"column_default", "'x':::STRING"},
     {"generation_expression", ""},
     {"indices", "{ledger_pkey}"},
     {"is_hidden", "f"}},
    {{"column_name", "doubled"},
     {"data_type", "DECIMAL"},
     {"is_nullable", "t"},
     {"column_default", TextValue{}},
     {"generation_expression", "amount * 2:::DECIMAL"},
     {"indices", "{ledger_pkey}"},
     {"is_hidden", "f"}},
    {{"column_name", "rowid"},
     {"data_type", "INT8"},
     {"is_nullable", "f"},
     {"column_default", "unique_rowid()"},
     {"generation_expression", ""},
     {"indices", "{ledger_pkey}"},
     {"is_hidden", "t"}},
};

const std::vector<ColumnDescription> ledger_columns = {
    {.name = "account", .type = "int8", .nullable = false, .default_expression = "unique_rowid()"},
    {.name = "amount", .type = "numeric(12,2)", .nullable = true, .default_expression = std::nullopt},
    {.name = "memo", .type = "text", .nullable = false, .default_expression = "'x':::STRING"},
    {.name = "doubled",
     .type = "numeric",
     .nullable = true,
     .default_expression = std::nullopt,
     .generation_expression = "amount * 2:::DECIMAL"},
};

TEST(CockroachdbShowColumns, SkipsHiddenRowidNormalizesTypesAndKeepsNullDefaults) {
    const ResultSet set = result_set(
        "SHOW COLUMNS FROM public.ledger",
        {"column_name", "data_type", "is_nullable", "column_default", "generation_expression", "indices", "is_hidden"},
        show_columns_rows);
    EXPECT_EQ(cockroachdb().columns(set), ledger_columns);
}

TEST(CockroachdbShowColumns, ColumnsAreReadByNameInAnyOrderWithOrWithoutTheOptionalOnes) {
    const std::vector<std::vector<std::string>> layouts = {
        {"is_hidden", "indices", "generation_expression", "column_default", "is_nullable", "data_type", "column_name"},
        {"column_name", "data_type", "is_nullable", "column_default", "generation_expression", "indices", "is_hidden",
         "comment"},  // WITH COMMENT
    };
    for (const auto& layout : layouts) {
        EXPECT_EQ(cockroachdb().columns(result_set("SHOW COLUMNS FROM public.ledger", layout, show_columns_rows)),
                  ledger_columns)
            << "columns: " << ::testing::PrintToString(layout);
    }
}

TEST(CockroachdbShowColumns, AComputedColumnKeepsItsGenerationExpressionAndOrdinaryOnesHaveNone) {
    const ResultSet set = result_set(
        "SHOW COLUMNS FROM public.ledger",
        {"column_name", "data_type", "is_nullable", "column_default", "generation_expression", "indices", "is_hidden"},
        show_columns_rows);
    const std::vector<ColumnDescription> columns = cockroachdb().columns(set);
    ASSERT_EQ(columns.size(), 4u);
    EXPECT_EQ(columns[0].generation_expression, std::nullopt);
    EXPECT_EQ(columns[2].generation_expression, std::nullopt);
    EXPECT_EQ(columns[3].generation_expression, "amount * 2:::DECIMAL");
}

TEST(CockroachdbShowColumns, WithoutIsHiddenEveryColumnIsVisible) {
    const ResultSet set = result_set("SHOW COLUMNS FROM public.ledger",
                                     {"column_name", "data_type", "is_nullable", "column_default"}, show_columns_rows);
    const std::vector<ColumnDescription> columns = cockroachdb().columns(set);
    ASSERT_EQ(columns.size(), 5u);
    EXPECT_EQ(columns.back().name, "rowid");
    EXPECT_EQ(columns[3].generation_expression, std::nullopt);  // not reported, so not known to be computed
}

TEST(CockroachdbShowColumns, AMissingRequiredColumnIsAMappingErrorNamingIt) {
    const ResultSet set = result_set("SHOW COLUMNS FROM public.ledger", {"column_name", "data_type", "column_default"},
                                     show_columns_rows);
    try {
        cockroachdb().columns(set);
        FAIL() << "expected orm::MappingError";
    } catch (const orm::MappingError& error) {
        EXPECT_THAT(error.what(), HasSubstr("SHOW COLUMNS FROM public.ledger has no column \"is_nullable\""));
    }
}

// ---- CockroachDB: SHOW CONSTRAINTS and SHOW INDEXES ----------------------------------------------------------------

using Rows = std::vector<std::vector<std::pair<std::string, TextValue>>>;

// SHOW CONSTRAINTS FROM posts for the blog's posts table plus a hash-sharded index and a unique index that is not a
// plain unique constraint; details as pg_constraint.condef prints them.
const Rows show_constraints_rows = {
    {{"table_name", "posts"},
     {"constraint_name", "posts_author_id_fkey"},
     {"constraint_type", "FOREIGN KEY"},
     {"details", "FOREIGN KEY (author_id) REFERENCES users(id) ON DELETE CASCADE"},
     {"validated", "t"}},
    {{"table_name", "posts"},
     {"constraint_name", "posts_author_id_slug_key"},
     {"constraint_type", "UNIQUE"},
     {"details", "UNIQUE (author_id ASC, slug ASC)"},
     {"validated", "t"}},
    {{"table_name", "posts"},
     {"constraint_name", "posts_pkey"},
     {"constraint_type", "PRIMARY KEY"},
     {"details", "PRIMARY KEY (id ASC)"},
     {"validated", "t"}},
    {{"table_name", "posts"},
     {"constraint_name", "posts_title_idx"},
     {"constraint_type", "UNIQUE"},
     {"details", "UNIQUE (title DESC) WHERE (status = 'published':::STRING)"},
     {"validated", "t"}},
    {{"table_name", "posts"},
     {"constraint_name", "Odd \"Ref\""},
     {"constraint_type", "FOREIGN KEY"},
     {"details",
      "FOREIGN KEY (\"Author Id\", slug) REFERENCES other.\"User Slugs\"(\"Id\", slug) MATCH FULL ON DELETE SET NULL "
      "ON UPDATE RESTRICT NOT VALID"},
     {"validated", "f"}},
    {{"table_name", "posts"},
     {"constraint_name", "posts_status_check"},
     {"constraint_type", "CHECK"},
     {"details", "CHECK ((status IN ('draft':::STRING, 'published':::STRING)))"},
     {"validated", "t"}},
};

std::vector<std::pair<std::string, TextValue>> index_row(std::string index, bool non_unique, int seq,
                                                         std::string column, std::string direction, bool storing,
                                                         bool implicit) {
    return {{"table_name", "posts"},
            {"index_name", std::move(index)},
            {"non_unique", non_unique ? "t" : "f"},
            {"seq_in_index", std::to_string(seq)},
            {"column_name", std::move(column)},
            {"direction", std::move(direction)},
            {"storing", storing ? "t" : "f"},
            {"implicit", implicit ? "t" : "f"},
            {"visible", "t"}};
}

// The primary index stores every other column; each secondary index carries the key column implicitly; a
// hash-sharded index starts with its implicit shard column.
const Rows show_indexes_rows = {
    index_row("posts_author_id_created_at_idx", true, 1, "author_id", "ASC", false, false),
    index_row("posts_author_id_created_at_idx", true, 2, "created_at", "DESC", false, false),
    index_row("posts_author_id_created_at_idx", true, 3, "title", "N/A", true, false),
    index_row("posts_author_id_created_at_idx", true, 4, "id", "ASC", false, true),
    index_row("posts_author_id_slug_key", false, 1, "author_id", "ASC", false, false),
    index_row("posts_author_id_slug_key", false, 2, "slug", "ASC", false, false),
    index_row("posts_author_id_slug_key", false, 3, "id", "ASC", false, true),
    index_row("posts_created_at_idx", true, 1, "crdb_internal_created_at_shard_16", "ASC", false, true),
    index_row("posts_created_at_idx", true, 2, "created_at", "ASC", false, false),
    index_row("posts_created_at_idx", true, 3, "id", "ASC", false, true),
    index_row("posts_pkey", false, 1, "id", "ASC", false, false),
    index_row("posts_pkey", false, 2, "author_id", "N/A", true, false),
    index_row("posts_pkey", false, 3, "slug", "N/A", true, false),
    index_row("posts_pkey", false, 4, "title", "N/A", true, false),
    index_row("posts_title_idx", false, 1, "title", "DESC", false, false),
    index_row("posts_title_idx", false, 2, "id", "ASC", false, true),
};

const std::vector<std::string> show_constraints_columns = {"table_name", "constraint_name", "constraint_type",
                                                           "details", "validated"};
const std::vector<std::string> show_indexes_columns = {"table_name",   "index_name",  "non_unique",
                                                       "seq_in_index", "column_name", "direction",
                                                       "storing",      "implicit",    "visible"};

orm::TableDescription read_cockroachdb(const std::vector<std::string>& constraint_columns,
                                       const std::vector<std::string>& index_columns) {
    orm::TableDescription table;
    cockroachdb().read_constraints(
        result_set("SHOW CONSTRAINTS FROM public.posts", constraint_columns, show_constraints_rows),
        result_set("SHOW INDEXES FROM public.posts", index_columns, show_indexes_rows), table);
    return table;
}

const orm::TableDescription posts_on_cockroachdb = {
    .columns = {},
    .key = orm::KeyDescription{.name = "posts_pkey", .columns = {"id"}},
    .foreign_keys = {{.name = "posts_author_id_fkey",
                      .columns = {"author_id"},
                      .referenced_table = "users",
                      .referenced_columns = {"id"},
                      .on_delete = orm::Action::cascade,
                      .on_update = orm::Action::no_action},
                     {.name = "Odd \"Ref\"",
                      .columns = {"Author Id", "slug"},
                      .referenced_table = "User Slugs",
                      .referenced_columns = {"Id", "slug"},
                      .on_delete = orm::Action::set_null,
                      .on_update = orm::Action::restrict}},
    .uniques = {{.name = "posts_author_id_slug_key", .columns = {"author_id", "slug"}}},
    .indexes = {{.name = "posts_author_id_created_at_idx",
                 .columns = {{"author_id", false}, {"created_at", true}},
                 .storing = {"title"},
                 .predicate = std::nullopt,
                 .unique = false},
                {.name = "posts_created_at_idx",
                 .columns = {{"created_at", false}},
                 .storing = {},
                 .predicate = std::nullopt,
                 .unique = false},
                {.name = "posts_title_idx",
                 .columns = {{"title", true}},
                 .storing = {},
                 .predicate = "status = 'published':::STRING",
                 .unique = true}},
};

TEST(CockroachdbShowConstraintsAndIndexes, ReadsKeyForeignKeysUniquesAndIndexesWithoutImplicitColumns) {
    EXPECT_EQ(read_cockroachdb(show_constraints_columns, show_indexes_columns), posts_on_cockroachdb);
}

TEST(CockroachdbShowConstraintsAndIndexes, ColumnsAreReadByNameInAnyOrderWithOrWithoutTheOptionalOnes) {
    // Reversed; without table_name, validated and visible (is_hidden in older versions); WITH COMMENT.
    EXPECT_EQ(read_cockroachdb({"validated", "details", "constraint_type", "constraint_name", "table_name"},
                               {"visible", "implicit", "storing", "direction", "column_name", "seq_in_index",
                                "non_unique", "index_name", "table_name"}),
              posts_on_cockroachdb);
    EXPECT_EQ(read_cockroachdb(
                  {"constraint_name", "constraint_type", "details"},
                  {"index_name", "non_unique", "seq_in_index", "column_name", "direction", "storing", "implicit"}),
              posts_on_cockroachdb);
    EXPECT_EQ(read_cockroachdb({"table_name", "constraint_name", "constraint_type", "details", "validated", "comment"},
                               {"table_name", "index_name", "non_unique", "seq_in_index", "column_name", "direction",
                                "storing", "implicit", "visible", "comment"}),
              posts_on_cockroachdb);
}

TEST(CockroachdbShowConstraintsAndIndexes, AMissingRequiredColumnIsAMappingErrorNamingIt) {
    try {
        read_cockroachdb(show_constraints_columns,
                         {"index_name", "non_unique", "seq_in_index", "column_name", "direction", "storing"});
        FAIL() << "expected orm::MappingError";
    } catch (const orm::MappingError& error) {
        EXPECT_THAT(error.what(), HasSubstr("SHOW INDEXES FROM public.posts has no column \"implicit\""));
    }
}

TEST(CockroachdbShowConstraintsAndIndexes, AForeignKeyTextItCannotReadIsAMappingErrorQuotingIt) {
    orm::TableDescription table;
    const ResultSet constraints =
        result_set("SHOW CONSTRAINTS FROM public.posts", show_constraints_columns,
                   {{{"constraint_name", "broken"}, {"constraint_type", "FOREIGN KEY"}, {"details", "FOREIGN KEY a"}}});
    try {
        cockroachdb().read_constraints(constraints, result_set("SHOW INDEXES", show_indexes_columns, {}), table);
        FAIL() << "expected orm::MappingError";
    } catch (const orm::MappingError& error) {
        EXPECT_THAT(error.what(), HasSubstr("FOREIGN KEY a"));
    }
}

// ---- PostgreSQL: information_schema --------------------------------------------------------------------------------

TEST(PostgresqlInformationSchema, TableNamesAreSorted) {
    const ResultSet set =
        result_set("SELECT table_name ...", {"table_name"},
                   {{{"table_name", "points"}}, {{"table_name", "accounts"}}, {{"table_name", "Orders"}}});
    EXPECT_THAT(postgresql().table_names(set, "public"), ElementsAre("Orders", "accounts", "points"));
}

TEST(PostgresqlInformationSchema, ColumnsComposeTheTypeFromTheModifierColumns) {
    const std::vector<std::string> layout = {
        "column_name",   "data_type",          "udt_name",    "character_maximum_length", "numeric_precision",
        "numeric_scale", "datetime_precision", "is_nullable", "column_default",           "generation_expression"};
    const ResultSet set = result_set(
        "SELECT column_name ...", layout,
        {
            {{"column_name", "id"},
             {"data_type", "bigint"},
             {"udt_name", "int8"},
             {"numeric_precision", "64"},
             {"numeric_scale", "0"},
             {"is_nullable", "NO"},
             {"column_default", "nextval('ledger_id_seq'::regclass)"}},
            {{"column_name", "amount"},
             {"data_type", "numeric"},
             {"udt_name", "numeric"},
             {"numeric_precision", "12"},
             {"numeric_scale", "2"},
             {"is_nullable", "YES"}},
            {{"column_name", "exact"}, {"data_type", "numeric"}, {"udt_name", "numeric"}, {"is_nullable", "NO"}},
            {{"column_name", "code"},
             {"data_type", "character varying"},
             {"udt_name", "varchar"},
             {"character_maximum_length", "20"},
             {"is_nullable", "NO"}},
            {{"column_name", "memo"},
             {"data_type", "text"},
             {"udt_name", "text"},
             {"is_nullable", "YES"},
             {"column_default", "'x'::text"}},
            {{"column_name", "at"},
             {"data_type", "timestamp with time zone"},
             {"udt_name", "timestamptz"},
             {"datetime_precision", "6"},
             {"is_nullable", "NO"}},
            {{"column_name", "coarse"},
             {"data_type", "timestamp with time zone"},
             {"udt_name", "timestamptz"},
             {"datetime_precision", "0"},
             {"is_nullable", "NO"}},
            {{"column_name", "day"},
             {"data_type", "date"},
             {"udt_name", "date"},
             {"datetime_precision", "0"},
             {"is_nullable", "NO"}},
            {{"column_name", "tags"}, {"data_type", "ARRAY"}, {"udt_name", "_int4"}, {"is_nullable", "YES"}},
            {{"column_name", "mood"}, {"data_type", "USER-DEFINED"}, {"udt_name", "mood"}, {"is_nullable", "YES"}},
            {{"column_name", "flag"},
             {"data_type", "character"},
             {"udt_name", "bpchar"},
             {"character_maximum_length", "1"},
             {"is_nullable", "YES"}},
            {{"column_name", "padded"}, {"data_type", "character"}, {"udt_name", "bpchar"}, {"is_nullable", "YES"}},
            {{"column_name", "total"},
             {"data_type", "numeric"},
             {"udt_name", "numeric"},
             {"is_nullable", "YES"},
             {"generation_expression", "(amount * (2)::numeric)"}},
        });
    const std::vector<ColumnDescription> expected = {
        {.name = "id", .type = "int8", .nullable = false, .default_expression = "nextval('ledger_id_seq'::regclass)"},
        {.name = "amount", .type = "numeric(12,2)", .nullable = true, .default_expression = std::nullopt},
        {.name = "exact", .type = "numeric", .nullable = false, .default_expression = std::nullopt},
        {.name = "code", .type = "varchar(20)", .nullable = false, .default_expression = std::nullopt},
        {.name = "memo", .type = "text", .nullable = true, .default_expression = "'x'::text"},
        {.name = "at", .type = "timestamptz", .nullable = false, .default_expression = std::nullopt},
        {.name = "coarse", .type = "timestamptz(0)", .nullable = false, .default_expression = std::nullopt},
        {.name = "day", .type = "date", .nullable = false, .default_expression = std::nullopt},
        {.name = "tags", .type = "int4[]", .nullable = true, .default_expression = std::nullopt},
        {.name = "mood", .type = "mood", .nullable = true, .default_expression = std::nullopt},
        {.name = "flag", .type = "char(1)", .nullable = true, .default_expression = std::nullopt},
        {.name = "padded", .type = "bpchar", .nullable = true, .default_expression = std::nullopt},
        {.name = "total",
         .type = "numeric",
         .nullable = true,
         .default_expression = std::nullopt,
         .generation_expression = "(amount * (2)::numeric)"},
    };
    EXPECT_EQ(postgresql().columns(set), expected);
}

TEST(PostgresqlInformationSchema, NoRowsMeansNoColumns) {
    EXPECT_TRUE(postgresql()
                    .columns(result_set("SELECT column_name ...",
                                        {"column_name", "data_type", "udt_name", "character_maximum_length",
                                         "numeric_precision", "numeric_scale", "datetime_precision", "is_nullable",
                                         "column_default", "generation_expression"},
                                        {}))
                    .empty());
}

// ---- golden reflection queries -------------------------------------------------------------------------------------

TEST(ReflectionQueries, CockroachdbUsesShowStatementsWithQuotedIdentifiers) {
    const auto tables = cockroachdb().table_names_query("public");
    EXPECT_EQ(tables.sql, "SHOW TABLES");
    EXPECT_TRUE(tables.params.empty());
    const auto columns = cockroachdb().columns_query("public", "accounts");
    EXPECT_EQ(columns.sql, "SHOW COLUMNS FROM public.accounts");
    EXPECT_TRUE(columns.params.empty());
    EXPECT_EQ(cockroachdb().columns_query("My Schema", "order").sql, "SHOW COLUMNS FROM \"My Schema\".\"order\"");
    EXPECT_EQ(cockroachdb().columns_query("public", "a\"b").sql, "SHOW COLUMNS FROM public.\"a\"\"b\"");
}

TEST(ReflectionQueries, CockroachdbShowsConstraintsAndIndexesOfTheQualifiedTable) {
    const auto constraints = cockroachdb().constraints_query("public", "posts");
    EXPECT_EQ(constraints.sql, "SHOW CONSTRAINTS FROM public.posts");
    EXPECT_TRUE(constraints.params.empty());
    const auto indexes = cockroachdb().indexes_query("public", "posts");
    EXPECT_EQ(indexes.sql, "SHOW INDEXES FROM public.posts");
    EXPECT_TRUE(indexes.params.empty());
    EXPECT_EQ(cockroachdb().constraints_query("My Schema", "order").sql,
              "SHOW CONSTRAINTS FROM \"My Schema\".\"order\"");
    EXPECT_EQ(cockroachdb().indexes_query("public", "a\"b").sql, "SHOW INDEXES FROM public.\"a\"\"b\"");
}

TEST(ReflectionQueries, PostgresqlConstraintAndIndexQueriesBindSchemaAndTable) {
    EXPECT_EQ(postgresql().constraints_query("public", "order").params, (std::vector<TextValue>{"public", "order"}));
    EXPECT_EQ(postgresql().indexes_query("public", "order").params, (std::vector<TextValue>{"public", "order"}));
}

TEST(ReflectionQueries, PostgresqlBindsSchemaAndTableAsParameters) {
    const auto tables = postgresql().table_names_query("public");
    EXPECT_EQ(tables.sql,
              "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'");
    EXPECT_EQ(tables.params, std::vector<TextValue>{"public"});
    const auto columns = postgresql().columns_query("public", "order");
    EXPECT_EQ(columns.sql,
              "SELECT column_name, data_type, udt_name, character_maximum_length, numeric_precision, numeric_scale, "
              "datetime_precision, is_nullable, column_default, generation_expression FROM information_schema.columns "
              "WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position");
    EXPECT_EQ(columns.params, (std::vector<TextValue>{"public", "order"}));
}

}  // namespace
