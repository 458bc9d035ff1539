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
