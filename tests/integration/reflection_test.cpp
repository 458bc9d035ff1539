// Schema reflection and check_schema against the real server: table_names() lists base tables only, columns()
// reports normalized types, nullability and defaults for every mapped type, and check_schema names each kind of
// difference exactly. Only standard DDL both servers accept, so the suite runs on CockroachDB too.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_server.hpp"

namespace {

using orm::ColumnDescription;
using ::testing::Contains;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;

struct Everything {
    static constexpr std::string_view table_name = "reflect_everything";
    orm::serial id{};
    bool flag = false;
    std::int16_t small = 0;
    std::int32_t medium = 0;
    std::int64_t large = 0;
    float single = 0;
    double twice = 0;
    std::string label{};
    orm::uuid reference{};
    orm::timestamp at{};
    orm::bytes blob{};
    orm::decimal amount{};
    std::optional<bool> maybe_flag{};
    std::optional<std::int64_t> maybe_large{};
    std::optional<std::string> maybe_label{};
    std::optional<orm::uuid> maybe_reference{};
    std::optional<orm::timestamp> maybe_at{};
    std::optional<orm::bytes> maybe_blob{};
    std::optional<orm::decimal> maybe_amount{};
};

struct Token {
    static constexpr std::string_view table_name = "reflect_tokens";
    orm::uuid id{};
    std::string owner{};
};

// An application key, and names that must be quoted: reflection has to find them exactly as created.
struct Group {
    static constexpr std::string_view table_name = "Reflect Group";
    static constexpr std::string_view primary_key = "code";
    std::string code{};
    std::optional<double> Score{};
};

// Mapped onto a table whose "total" the server computes (created by hand: create_all never makes one).
struct Priced {
    static constexpr std::string_view table_name = "reflect_priced";
    orm::uuid id{};
    std::int64_t quantity = 0;
    std::int64_t total = 0;
};

// The same table without the computed column in the model.
struct PricedQuantity {
    static constexpr std::string_view table_name = "reflect_priced";
    orm::uuid id{};
    std::int64_t quantity = 0;
};

class Reflection : public roachorm_test::ServerTest<Everything, Token, Group> {
protected:
    // A view depends on its table, so it must go before the next test's drop_all.
    void TearDown() override {
        if (connection) {
            connection->execute_unprepared("DROP VIEW IF EXISTS reflect_view");
            connection->execute_unprepared("DROP TABLE IF EXISTS reflect_priced");
        }
    }

    // Every backend accepts GENERATED ALWAYS AS (...) STORED and NOT NULL on such a column (SQLite: gencol.html);
    // SQLite has no gen_random_uuid(), and roachorm chooses uuid keys on the client there.
    void create_priced_table() {
        alter("DROP TABLE IF EXISTS reflect_priced");
        alter(roachorm_test::per_dialect(
            *database,
            "CREATE TABLE reflect_priced (id UUID PRIMARY KEY DEFAULT gen_random_uuid(), quantity BIGINT NOT NULL, "
            "total BIGINT NOT NULL GENERATED ALWAYS AS (quantity * 2) STORED)",
            "CREATE TABLE reflect_priced (id UUID NOT NULL, quantity INT8 NOT NULL, total INT8 NOT NULL GENERATED "
            "ALWAYS AS (quantity * 2) STORED, CONSTRAINT reflect_priced_pkey PRIMARY KEY (id))"));
    }

    bool on_cockroachdb() const { return database->dialect().kind() == orm::DialectKind::cockroachdb; }

    bool on_sqlite() const { return database->dialect().kind() == orm::DialectKind::sqlite; }

    // SQLite's serial key is the rowid, which it assigns; its uuid keys are chosen by roachorm, with no default.
    std::string serial_key_default() const {
        return on_sqlite()        ? "rowid"
               : on_cockroachdb() ? "unique_rowid()"
                                  : "nextval('reflect_everything_id_seq'::regclass)";
    }
    std::optional<std::string> uuid_key_default() const {
        return on_sqlite() ? std::nullopt : std::optional<std::string>("gen_random_uuid()");
    }

    void alter(const std::string& ddl) { connection->execute_unprepared(ddl); }

    // check_schema<T>() throws a SchemaMismatch listing exactly `expected`; schema_differences<T>() returns it.
    template <orm::Model T>
    void expect_mismatch(const std::vector<std::string>& expected) {
        try {
            database->check_schema<T>();
            ADD_FAILURE() << "expected orm::SchemaMismatch";
        } catch (const orm::SchemaMismatch& mismatch) {
            EXPECT_EQ(mismatch.table(), T::table_name);
            EXPECT_EQ(mismatch.differences(), expected);
        }
        EXPECT_EQ(database->schema_differences<T>(), expected);
    }
};

// Sequences (SQLite has none) and ALTER COLUMN (SQLite's ALTER TABLE cannot change a column: lang_altertable.html).
class ServerOnlyReflection : public Reflection {
protected:
    void TearDown() override {
        if (connection) {
            connection->execute_unprepared("DROP SEQUENCE IF EXISTS reflect_sequence");
        }
        Reflection::TearDown();
    }
};

TEST_F(Reflection, TableNamesListsBaseTablesSortedWithoutViews) {
    alter("CREATE VIEW reflect_view AS SELECT id, label FROM reflect_everything");
    const std::vector<std::string> names = database->table_names();
    EXPECT_THAT(names, Contains("reflect_everything"));
    EXPECT_THAT(names, Contains("reflect_tokens"));
    EXPECT_THAT(names, Contains("Reflect Group"));
    EXPECT_THAT(names, Not(Contains("reflect_view")));
    EXPECT_TRUE(std::ranges::is_sorted(names));
}

TEST_F(ServerOnlyReflection, TableNamesListsNoSequences) {
    alter("CREATE SEQUENCE reflect_sequence");
    const std::vector<std::string> names = database->table_names();
    EXPECT_THAT(names, Contains("reflect_everything"));
    EXPECT_THAT(names, Not(Contains("reflect_sequence")));
    EXPECT_THAT(names, Not(Contains("reflect_everything_id_seq")));  // BIGSERIAL's own sequence on PostgreSQL
}

TEST_F(Reflection, TableNamesNoLongerListsADroppedTable) {
    database->drop_all<Token>();
    EXPECT_THAT(database->table_names(), Not(Contains("reflect_tokens")));
    EXPECT_THAT(database->table_names(), Contains("reflect_everything"));
}

TEST_F(Reflection, ColumnsReportEveryMappedTypeNormalizedWithNullabilityAndDefaults) {
    const auto column = [](std::string name, std::string type, bool nullable) {
        return ColumnDescription{
            .name = std::move(name), .type = std::move(type), .nullable = nullable, .default_expression = {}};
    };
    const std::vector<ColumnDescription> expected = {
        {.name = "id", .type = "int8", .nullable = false, .default_expression = serial_key_default()},
        column("flag", "bool", false),
        column("small", "int2", false),
        column("medium", "int4", false),
        column("large", "int8", false),
        column("single", "float4", false),
        column("twice", "float8", false),
        column("label", "text", false),
        column("reference", "uuid", false),
        column("at", "timestamptz", false),
        column("blob", "bytea", false),
        column("amount", "numeric", false),
        column("maybe_flag", "bool", true),
        column("maybe_large", "int8", true),
        column("maybe_label", "text", true),
        column("maybe_reference", "uuid", true),
        column("maybe_at", "timestamptz", true),
        column("maybe_blob", "bytea", true),
        column("maybe_amount", "numeric", true),
    };
    EXPECT_EQ(database->columns("reflect_everything"), expected);
    EXPECT_EQ(database->columns("reflect_tokens"),
              (std::vector<ColumnDescription>{
                  {.name = "id", .type = "uuid", .nullable = false, .default_expression = uuid_key_default()},
                  column("owner", "text", false)}));
    EXPECT_EQ(database->columns("Reflect Group"),
              (std::vector<ColumnDescription>{column("code", "text", false), column("Score", "float8", true)}));
}

TEST_F(Reflection, ReflectionStatementsAreEchoedLikeEveryOtherStatement) {
    std::vector<std::string> lines;
    orm::Database echoing(roachorm_test::server_url(),
                          {.echo = true, .log_sink = [&](std::string_view line) { lines.emplace_back(line); }});
    echoing.columns("reflect_tokens");
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_THAT(lines[0], StartsWith(roachorm_test::per_dialect(echoing, "roachorm: -- connected to ",
                                                                "roachorm: -- opened SQLite database ")))
        << "the pool's first connection";
    EXPECT_THAT(lines[1], EndsWith(" " + std::string(echoing.dialect().current_schema_query())));
    EXPECT_THAT(lines[2], EndsWith(" " + echoing.dialect()
                                             .columns_query(roachorm_test::per_dialect(echoing, "public", "main"),
                                                            "reflect_tokens")
                                             .sql));
}

TEST_F(Reflection, CheckSchemaPassesForTablesCreateAllMade) {
    EXPECT_NO_THROW(database->check_schema<Everything>());
    EXPECT_NO_THROW(database->check_schema<Token>());
    EXPECT_NO_THROW(database->check_schema<Group>());
    EXPECT_THAT(database->schema_differences<Everything>(), IsEmpty());
}

TEST_F(Reflection, ColumnsOfAMissingTableIsADatabaseErrorNamingItAndSuggestingCreateAll) {
    try {
        database->columns("reflect_never_created");
        FAIL() << "expected orm::DatabaseError";
    } catch (const orm::DatabaseError& error) {
        EXPECT_EQ(error.sqlstate(), "42P01");
        EXPECT_THAT(error.what(), HasSubstr("reflect_never_created"));
        EXPECT_THAT(error.what(), HasSubstr("db.create_all<...>()"));
    }
}

TEST_F(Reflection, CheckSchemaReportsADroppedTable) {
    alter("DROP TABLE reflect_tokens");
    expect_mismatch<Token>(
        {"table \"reflect_tokens\" does not exist: create it with db.create_all<...>() for its model"});
}

TEST_F(Reflection, CheckSchemaReportsADroppedColumn) {
    alter("ALTER TABLE reflect_everything DROP COLUMN maybe_label");
    expect_mismatch<Everything>({"column \"maybe_label\" is missing: the model expects text (nullable)"});
}

TEST_F(Reflection, CheckSchemaReportsExtraColumnsAndWhichOneBreaksInserts) {
    alter("ALTER TABLE reflect_tokens ADD COLUMN required_extra BIGINT NOT NULL");
    alter("ALTER TABLE reflect_tokens ADD COLUMN optional_extra TEXT");
    expect_mismatch<Token>({
        "extra column \"required_extra\" int8 NOT NULL without a default, not in the model: the model's INSERTs will "
        "fail until it gets a default, becomes nullable or joins the model",
        "extra column \"optional_extra\" text (nullable), not in the model",
    });
}

TEST_F(ServerOnlyReflection, CheckSchemaReportsAChangedType) {
    alter("ALTER TABLE reflect_everything ALTER COLUMN medium TYPE BIGINT");
    expect_mismatch<Everything>({"column \"medium\" has type int8, the model expects int4"});
}

TEST_F(ServerOnlyReflection, CheckSchemaReportsChangedNullabilityBothWays) {
    alter("ALTER TABLE reflect_everything ALTER COLUMN label DROP NOT NULL");
    alter("ALTER TABLE reflect_everything ALTER COLUMN maybe_large SET NOT NULL");
    expect_mismatch<Everything>({
        "column \"label\" is nullable, the model expects NOT NULL (reading a NULL into its member would fail)",
        "column \"maybe_large\" is NOT NULL, the model expects it nullable (std::optional)",
    });
}

TEST_F(Reflection, ColumnsReportTheGenerationExpressionOfAComputedColumn) {
    create_priced_table();
    const std::vector<ColumnDescription> columns = database->columns("reflect_priced");
    ASSERT_EQ(columns.size(), 3u);
    EXPECT_EQ(columns[1].generation_expression, std::nullopt);
    ASSERT_TRUE(columns[2].generation_expression.has_value());
    EXPECT_THAT(*columns[2].generation_expression, HasSubstr("quantity"));
    EXPECT_EQ(columns[2].default_expression, std::nullopt);
}

// INSERT names every mapped column, and the server refuses a value for a computed one: check_schema must say so
// before the first INSERT does.
TEST_F(Reflection, CheckSchemaReportsAMappedColumnTheServerComputes) {
    create_priced_table();
    const std::vector<std::string> differences = database->schema_differences<Priced>();
    ASSERT_EQ(differences.size(), 1u) << ::testing::PrintToString(differences);
    EXPECT_THAT(differences[0], StartsWith("column \"total\" is computed by the server (generation_expression: "));
    EXPECT_THAT(differences[0], HasSubstr("quantity"));
    EXPECT_THAT(differences[0], EndsWith("); roachorm writes every mapped column, so its INSERTs would fail: remove "
                                         "the member or make the column ordinary"));
    EXPECT_THROW(database->check_schema<Priced>(), orm::SchemaMismatch);
    EXPECT_THROW(orm::run_transaction(*database, [](orm::Session& session) { session.add(Priced{.quantity = 3}); }),
                 orm::DatabaseError);
}

// Left out of the model, a computed column costs nothing: INSERTs do not name it, so it does not break them.
TEST_F(Reflection, CheckSchemaListsAnUnmappedComputedColumnWithoutClaimingItBreaksInserts) {
    create_priced_table();
    const std::vector<std::string> differences = database->schema_differences<PricedQuantity>();
    ASSERT_EQ(differences.size(), 1u) << ::testing::PrintToString(differences);
    EXPECT_THAT(differences[0], StartsWith("extra column \"total\" int8 NOT NULL computed by the server"));
    EXPECT_THAT(differences[0], Not(HasSubstr("INSERTs will fail")));
    orm::run_transaction(*database, [](orm::Session& session) { session.add(PricedQuantity{.quantity = 3}); });
    EXPECT_EQ(roachorm_test::query_value(*connection, "SELECT total FROM reflect_priced"), "6");
}

TEST_F(ServerOnlyReflection, CheckSchemaReportsADroppedKeyDefault) {
    alter("ALTER TABLE reflect_everything ALTER COLUMN id DROP DEFAULT");
    alter("ALTER TABLE reflect_tokens ALTER COLUMN id DROP DEFAULT");
    expect_mismatch<Everything>({"key column \"id\" has no default, the model's serial key needs DEFAULT " +
                                 std::string(on_cockroachdb() ? "unique_rowid()" : "nextval(...)")});
    expect_mismatch<Token>({"key column \"id\" has no default, the model's uuid key needs DEFAULT gen_random_uuid()"});
}

// PostgreSQL's bpchar without a length holds blank-trimmed text of any length; CHAR without one is CHAR(1).
// CockroachDB prints both as CHAR in SHOW COLUMNS, so only PostgreSQL can tell them apart.
class PostgreSQLOnlyReflection : public Reflection {};

TEST_F(PostgreSQLOnlyReflection, AnUnboundedBpcharColumnIsNotReportedAsCharOfOne) {
    alter("ALTER TABLE reflect_tokens ADD COLUMN padded bpchar, ADD COLUMN one CHAR, ADD COLUMN five bpchar(5)");
    const std::vector<ColumnDescription> columns = database->columns("reflect_tokens");
    ASSERT_EQ(columns.size(), 5u);
    EXPECT_EQ(columns[2].type, "bpchar");
    EXPECT_EQ(columns[3].type, "char(1)");
    EXPECT_EQ(columns[4].type, "char(5)");
}

}  // namespace
