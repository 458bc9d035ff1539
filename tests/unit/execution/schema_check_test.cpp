// check_schema's comparison without a server: a model against hand-built live columns, one exact sentence per kind
// of difference, in both dialects.
#include <optional>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <roachorm/dialect/cockroachdb.hpp>
#include <roachorm/dialect/postgresql.hpp>
#include <roachorm/models/blog.hpp>
#include <roachorm/orm/core/error.hpp>
#include <roachorm/orm/execution/schema_check.hpp>

namespace {

using orm::ColumnDescription;
using orm::dialect::cockroachdb;
using orm::dialect::postgresql;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

struct Gadget {
    static constexpr std::string_view table_name = "gadgets";
    orm::serial id{};
    std::int32_t count = 0;
    std::string label{};
    std::optional<std::string> note{};
    orm::decimal price{};
};

struct Token {
    static constexpr std::string_view table_name = "tokens";
    orm::uuid id{};
    std::string owner{};
};

struct Code {
    static constexpr std::string_view table_name = "codes";
    static constexpr std::string_view primary_key = "code";
    std::string code{};
    bool active = false;
};

template <orm::Model T>
constexpr const orm::TableInfo& table = orm::model_traits<T>::table;

// A live table with `columns` and the model's own key, so that only the columns can differ.
std::vector<std::string> compare_columns(const orm::TableInfo& model, std::vector<ColumnDescription> columns,
                                         const orm::dialect::Dialect& dialect) {
    orm::TableDescription live{.columns = std::move(columns), .key = orm::KeyDescription{}};
    live.key->name = std::string(model.key_name.view());
    for (std::size_t column : model.key_columns) {
        live.key->columns.emplace_back(model.columns[column].name);
    }
    return orm::compare_schema(model, live, dialect);
}

// What each server reports for a gadgets table that create_all made.
std::vector<ColumnDescription> live_gadgets(std::optional<std::string> key_default) {
    return {
        {.name = "id", .type = "int8", .nullable = false, .default_expression = std::move(key_default)},
        {.name = "count", .type = "int4", .nullable = false, .default_expression = std::nullopt},
        {.name = "label", .type = "text", .nullable = false, .default_expression = std::nullopt},
        {.name = "note", .type = "text", .nullable = true, .default_expression = std::nullopt},
        {.name = "price", .type = "numeric", .nullable = false, .default_expression = std::nullopt},
    };
}
const std::string pg_serial_default = "nextval('gadgets_id_seq'::regclass)";

std::vector<ColumnDescription> live_tokens(std::optional<std::string> key_default = "gen_random_uuid()") {
    return {
        {.name = "id", .type = "uuid", .nullable = false, .default_expression = std::move(key_default)},
        {.name = "owner", .type = "text", .nullable = false, .default_expression = std::nullopt},
    };
}

TEST(SchemaCheck, ATableCreateAllMadeMatchesInBothDialects) {
    EXPECT_THAT(compare_columns(table<Gadget>, live_gadgets(pg_serial_default), postgresql()), IsEmpty());
    EXPECT_THAT(compare_columns(table<Gadget>, live_gadgets("unique_rowid()"), cockroachdb()), IsEmpty());
    EXPECT_THAT(compare_columns(table<Token>, live_tokens(), postgresql()), IsEmpty());
    EXPECT_THAT(compare_columns(table<Token>, live_tokens(), cockroachdb()), IsEmpty());
}

TEST(SchemaCheck, AMissingTableIsTheOnlyDifferenceAndSuggestsCreateAll) {
    EXPECT_THAT(orm::compare_schema(table<Gadget>, std::nullopt, postgresql()),
                ElementsAre("table \"gadgets\" does not exist: create it with db.create_all<...>() for its model"));
}

TEST(SchemaCheck, AMissingColumnSaysWhatTheModelExpects) {
    auto live = live_gadgets("unique_rowid()");
    live.erase(live.begin() + 1);  // count
    live.erase(live.begin() + 2);  // note
    EXPECT_THAT(compare_columns(table<Gadget>, live, cockroachdb()),
                ElementsAre("column \"count\" is missing: the model expects int4 NOT NULL",
                            "column \"note\" is missing: the model expects text (nullable)"));
}

TEST(SchemaCheck, ExtraColumnsAreListedAndOnlyANotNullOneWithoutDefaultBreaksInserts) {
    auto live = live_gadgets(pg_serial_default);
    live.push_back({.name = "weight", .type = "float8", .nullable = false, .default_expression = std::nullopt});
    live.push_back({.name = "comment", .type = "text", .nullable = true, .default_expression = std::nullopt});
    live.push_back({.name = "rank", .type = "int8", .nullable = false, .default_expression = "0"});
    EXPECT_THAT(
        compare_columns(table<Gadget>, live, postgresql()),
        ElementsAre("extra column \"weight\" float8 NOT NULL without a default, not in the model: the model's INSERTs "
                    "will fail until it gets a default, becomes nullable or joins the model",
                    "extra column \"comment\" text (nullable), not in the model",
                    "extra column \"rank\" int8 NOT NULL DEFAULT 0, not in the model"));
}

// roachorm's INSERT names every mapped column, and both servers refuse a value for a computed one.
TEST(SchemaCheck, AMappedColumnTheServerComputesIsADifferenceInBothDialects) {
    auto live = live_gadgets("unique_rowid()");
    live[1].generation_expression = "id::INT4 % 7:::INT8";
    const std::string expected =
        "column \"count\" is computed by the server (generation_expression: id::INT4 % 7:::INT8); roachorm writes "
        "every mapped column, so its INSERTs would fail: remove the member or make the column ordinary";
    EXPECT_THAT(compare_columns(table<Gadget>, live, cockroachdb()), ElementsAre(expected));
    live[0].default_expression = pg_serial_default;
    EXPECT_THAT(compare_columns(table<Gadget>, live, postgresql()), ElementsAre(expected));
}

// Left out of the model, a computed column is not named by INSERTs: NOT NULL without a default breaks nothing.
TEST(SchemaCheck, AnExtraComputedColumnIsListedWithoutClaimingItBreaksInserts) {
    auto live = live_gadgets(pg_serial_default);
    live.push_back({.name = "total",
                    .type = "numeric",
                    .nullable = false,
                    .default_expression = std::nullopt,
                    .generation_expression = "(price * (count)::numeric)"});
    live.push_back({.name = "shout",
                    .type = "text",
                    .nullable = true,
                    .default_expression = std::nullopt,
                    .generation_expression = "upper(label)"});
    EXPECT_THAT(compare_columns(table<Gadget>, live, postgresql()),
                ElementsAre("extra column \"total\" numeric NOT NULL computed by the server (generation_expression: "
                            "(price * (count)::numeric)), not in the model",
                            "extra column \"shout\" text (nullable) computed by the server (generation_expression: "
                            "upper(label)), not in the model"));
}

TEST(SchemaCheck, ADifferentTypeNamesLiveAndModelTypesNormalized) {
    auto live = live_gadgets("unique_rowid()");
    live[1].type = "int8";
    live[2].type = "varchar(20)";
    EXPECT_THAT(compare_columns(table<Gadget>, live, cockroachdb()),
                ElementsAre("column \"count\" has type int8, the model expects int4",
                            "column \"label\" has type varchar(20), the model expects text"));
}

TEST(SchemaCheck, ADecimalMatchesANumericOfAnyPrecision) {
    auto live = live_gadgets(pg_serial_default);
    live[4].type = "numeric(12,2)";
    EXPECT_THAT(compare_columns(table<Gadget>, live, postgresql()), IsEmpty());
}

TEST(SchemaCheck, NullabilityDiffersInEitherDirection) {
    auto live = live_gadgets(pg_serial_default);
    live[2].nullable = true;   // label: the model says NOT NULL
    live[3].nullable = false;  // note: the model says std::optional
    EXPECT_THAT(compare_columns(table<Gadget>, live, postgresql()),
                ElementsAre("column \"label\" is nullable, the model expects NOT NULL (reading a NULL into its member "
                            "would fail)",
                            "column \"note\" is NOT NULL, the model expects it nullable (std::optional)"));
}

TEST(SchemaCheck, ASerialKeyNeedsTheDialectsServerDefault) {
    EXPECT_THAT(compare_columns(table<Gadget>, live_gadgets(std::nullopt), postgresql()),
                ElementsAre("key column \"id\" has no default, the model's serial key needs DEFAULT nextval(...)"));
    EXPECT_THAT(compare_columns(table<Gadget>, live_gadgets(std::nullopt), cockroachdb()),
                ElementsAre("key column \"id\" has no default, the model's serial key needs DEFAULT unique_rowid()"));
    // unique_rowid() is CockroachDB's, not PostgreSQL's.
    EXPECT_THAT(
        compare_columns(table<Gadget>, live_gadgets("unique_rowid()"), postgresql()),
        ElementsAre("key column \"id\" has DEFAULT unique_rowid(), the model's serial key needs DEFAULT nextval(...)"));
}

TEST(SchemaCheck, CockroachdbAcceptsEverySerialNormalizationForASerialKey) {
    for (const char* key_default : {"unique_rowid()", "unordered_unique_rowid()", "nextval('public.gadgets_id_seq')"}) {
        EXPECT_THAT(compare_columns(table<Gadget>, live_gadgets(key_default), cockroachdb()), IsEmpty()) << key_default;
    }
}

TEST(SchemaCheck, AUuidKeyNeedsGenRandomUuid) {
    EXPECT_THAT(compare_columns(table<Token>, live_tokens(std::nullopt), cockroachdb()),
                ElementsAre("key column \"id\" has no default, the model's uuid key needs DEFAULT gen_random_uuid()"));
    EXPECT_THAT(compare_columns(table<Token>, live_tokens("uuid_generate_v4()"), postgresql()),
                ElementsAre("key column \"id\" has DEFAULT uuid_generate_v4(), the model's uuid key needs DEFAULT "
                            "gen_random_uuid()"));
}

TEST(SchemaCheck, AnApplicationKeyNeedsNoDefault) {
    const std::vector<ColumnDescription> live = {
        {.name = "code", .type = "text", .nullable = false, .default_expression = std::nullopt},
        {.name = "active", .type = "bool", .nullable = false, .default_expression = "false"},
    };
    EXPECT_THAT(compare_columns(table<Code>, live, postgresql()), IsEmpty());
}

TEST(SchemaCheck, EveryDifferenceIsListedModelColumnsFirstThenExtras) {
    std::vector<ColumnDescription> live = {
        {.name = "surplus", .type = "text", .nullable = true, .default_expression = std::nullopt},
        {.name = "label", .type = "int8", .nullable = true, .default_expression = std::nullopt},
        {.name = "id", .type = "int8", .nullable = false, .default_expression = std::nullopt},
        {.name = "price", .type = "numeric", .nullable = false, .default_expression = std::nullopt},
    };
    const auto differences = compare_columns(table<Gadget>, live, cockroachdb());
    EXPECT_THAT(differences,
                ElementsAre("key column \"id\" has no default, the model's serial key needs DEFAULT unique_rowid()",
                            "column \"count\" is missing: the model expects int4 NOT NULL",
                            "column \"label\" has type int8, the model expects text",
                            "column \"label\" is nullable, the model expects NOT NULL (reading a NULL into its member "
                            "would fail)",
                            "column \"note\" is missing: the model expects text (nullable)",
                            "extra column \"surplus\" text (nullable), not in the model"));
    const orm::SchemaMismatch mismatch("gadgets", differences);
    EXPECT_EQ(mismatch.differences(), differences);
    EXPECT_THAT(mismatch.what(),
                ::testing::StartsWith("table \"gadgets\" does not match its model: key column \"id\""));
    EXPECT_THAT(mismatch.what(), ::testing::EndsWith("; extra column \"surplus\" text (nullable), not in the model"));
}

// ---- keys, foreign keys, unique constraints, indexes ---------------------------------------------------------------

// The blog's post_tags table as CockroachDB describes it when it matches the model: no predicate for a non-unique
// index (SHOW INDEXES has none).
orm::TableDescription live_post_tags() {
    return {.columns = {{.name = "post_id", .type = "int8", .nullable = false, .default_expression = std::nullopt},
                        {.name = "tag", .type = "text", .nullable = false, .default_expression = std::nullopt},
                        {.name = "position", .type = "int4", .nullable = false, .default_expression = std::nullopt}},
            .key = orm::KeyDescription{.name = "post_tags_pkey", .columns = {"post_id", "tag"}},
            .foreign_keys = {{.name = "post_tags_post_id_fkey",
                              .columns = {"post_id"},
                              .referenced_table = "posts",
                              .referenced_columns = {"id"},
                              .on_delete = orm::Action::cascade,
                              .on_update = orm::Action::no_action},
                             {.name = "post_tags_tag_fkey",
                              .columns = {"tag"},
                              .referenced_table = "tags",
                              .referenced_columns = {"name"},
                              .on_delete = orm::Action::no_action,
                              .on_update = orm::Action::cascade}},
            .uniques = {},
            .indexes = {{.name = "post_tags_tag_idx",
                         .columns = {{"tag", false}},
                         .storing = {},
                         .predicate = std::nullopt,
                         .unique = false}}};
}

TEST(SchemaCheckConstraints, AMatchingTableHasNoDifferencesAndAnUnknownPredicateIsNotOne) {
    EXPECT_THAT(orm::compare_schema(table<models::blog::PostTag>, live_post_tags(), cockroachdb()), IsEmpty());
}

TEST(SchemaCheckConstraints, APredicateIsComparedWithoutTheServersParenthesesQuotesAndCasts) {
    auto live = live_post_tags();
    live.indexes[0].predicate = "(\"position\" < 3)";
    EXPECT_THAT(orm::compare_schema(table<models::blog::PostTag>, live, postgresql()), IsEmpty());
    live.indexes[0].predicate = "(\"position\" < 4)";
    EXPECT_THAT(orm::compare_schema(table<models::blog::PostTag>, live, postgresql()),
                ElementsAre("index post_tags_tag_idx has WHERE (\"position\" < 4), the model declares WHERE position "
                            "< 3"));
    live.indexes[0].predicate = "";
    EXPECT_THAT(orm::compare_schema(table<models::blog::PostTag>, live, postgresql()),
                ElementsAre("index post_tags_tag_idx has no WHERE clause, the model declares WHERE position < 3"));
}

TEST(SchemaCheckConstraints, AMissingKeyAndAKeyUnderAnotherNameAreDifferences) {
    auto live = live_post_tags();
    live.key.reset();
    EXPECT_THAT(orm::compare_schema(table<models::blog::PostTag>, live, postgresql()),
                ElementsAre("the table has no primary key, the model's key post_tags_pkey is (post_id, tag): ALTER "
                            "TABLE post_tags ADD CONSTRAINT post_tags_pkey PRIMARY KEY (post_id, tag)"));
    live = live_post_tags();
    live.key->name = "primary";
    EXPECT_THAT(orm::compare_schema(table<models::blog::PostTag>, live, cockroachdb()),
                ElementsAre("primary key is named primary, the model expects post_tags_pkey"));
}

TEST(SchemaCheckConstraints, ForeignKeyColumnsReferenceAndActionsAreEachADifference) {
    auto live = live_post_tags();
    live.foreign_keys[1].referenced_table = "labels";
    live.foreign_keys[1].referenced_columns = {"label"};
    live.foreign_keys[1].on_update = orm::Action::no_action;
    live.foreign_keys[1].on_delete = orm::Action::set_default;
    live.foreign_keys.push_back({.name = "post_tags_position_fkey",
                                 .columns = {"position"},
                                 .referenced_table = "positions",
                                 .referenced_columns = {"id"}});
    EXPECT_THAT(
        orm::compare_schema(table<models::blog::PostTag>, live, cockroachdb()),
        ElementsAre("foreign key post_tags_tag_fkey references labels (label), the model declares tags (name)",
                    "foreign key post_tags_tag_fkey has ON DELETE SET DEFAULT, the model declares ON DELETE NO ACTION",
                    "foreign key post_tags_tag_fkey has ON UPDATE NO ACTION, the model declares ON UPDATE CASCADE",
                    "extra foreign key post_tags_position_fkey (position) REFERENCES positions (id), not in the "
                    "model"));
}

// CockroachDB lists every unique index as a UNIQUE constraint, and a unique constraint is a unique index on both
// servers: a plain one of the same name and columns stands for the other.
TEST(SchemaCheckConstraints, AUniqueConstraintAndAPlainUniqueIndexOfTheSameNameStandForEachOther) {
    orm::TableDescription users{
        .columns = {{.name = "id", .type = "int8", .nullable = false, .default_expression = "unique_rowid()"},
                    {.name = "email", .type = "text", .nullable = false, .default_expression = std::nullopt},
                    {.name = "name", .type = "text", .nullable = false, .default_expression = std::nullopt},
                    {.name = "joined_at", .type = "timestamptz", .nullable = false, .default_expression = "now()"}},
        .key = orm::KeyDescription{.name = "users_pkey", .columns = {"id"}},
        .foreign_keys = {},
        .uniques = {},
        .indexes = {{.name = "users_email_key",
                     .columns = {{"email", false}},
                     .storing = {},
                     .predicate = "",
                     .unique = true}}};
    EXPECT_THAT(orm::compare_schema(table<models::blog::User>, users, cockroachdb()), IsEmpty());
    users.indexes[0].columns[0].descending = true;
    EXPECT_THAT(orm::compare_schema(table<models::blog::User>, users, cockroachdb()),
                ElementsAre("unique constraint users_email_key is a unique index on (email DESC) on the server, the "
                            "model declares a unique constraint on (email)"));
}

TEST(SchemaCheckConstraints, IndexStoringAndUniquenessAreDifferences) {
    auto live = live_post_tags();
    live.indexes[0].storing = {"position"};
    live.indexes[0].unique = true;
    EXPECT_THAT(orm::compare_schema(table<models::blog::PostTag>, live, cockroachdb()),
                ElementsAre("index post_tags_tag_idx stores (position), the model declares no STORING columns",
                            "index post_tags_tag_idx is unique, the model declares it not unique"));
}

TEST(SchemaCheckConstraints, ADefaultedMembersColumnWithoutADefaultIsADifference) {
    const std::vector<ColumnDescription> tags = {
        {.name = "name", .type = "text", .nullable = false, .default_expression = std::nullopt},
        {.name = "uses", .type = "int4", .nullable = false, .default_expression = std::nullopt},
    };
    EXPECT_THAT(compare_columns(table<models::blog::Tag>, tags, postgresql()),
                ElementsAre("column \"uses\" has no default, the model's orm::defaulted member needs DEFAULT 0 (an "
                            "INSERT that leaves it unset would fail): ALTER TABLE tags ALTER COLUMN uses SET DEFAULT "
                            "0"));
    auto with_default = tags;
    with_default[1].default_expression = "(7)::integer";  // only presence is compared
    EXPECT_THAT(compare_columns(table<models::blog::Tag>, with_default, postgresql()), IsEmpty());
}

}  // namespace
