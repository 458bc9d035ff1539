// Type-name normalization in both dialects: every alias of a type the ORM maps comes out as one spelling, case and
// white space do not matter, and the modifiers that change behaviour survive.
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include <roachorm/dialect/cockroachdb.hpp>
#include <roachorm/dialect/postgresql.hpp>

namespace {

using orm::dialect::cockroachdb;
using orm::dialect::postgresql;

struct Aliases {
    std::string_view canonical;
    std::vector<std::string_view> spellings;
};

// Aliases that mean the same on both servers.
const std::vector<Aliases> shared_aliases = {
    {"int8", {"INT8", "BIGINT", "int8", "Int64", "bigint"}},
    {"int4", {"INT4", "int4"}},
    {"int2", {"INT2", "SMALLINT", "smallint"}},
    {"text", {"STRING", "TEXT", "VARCHAR", "CHARACTER VARYING", "character varying", "text"}},
    {"float8", {"FLOAT8", "DOUBLE PRECISION", "double  precision", "FLOAT", "float(53)", "FLOAT(25)"}},
    {"float4", {"FLOAT4", "REAL", "real", "FLOAT(24)", "float(1)"}},
    {"bool", {"BOOL", "BOOLEAN", "boolean"}},
    {"bytea", {"BYTES", "BYTEA", "bytea"}},
    {"timestamptz",
     {"TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE", "timestamp with time zone", "TIMESTAMPTZ(6)",
      "timestamp(6) with time zone"}},
    {"timestamp", {"TIMESTAMP", "timestamp without time zone"}},
    {"numeric", {"DECIMAL", "NUMERIC", "numeric", "Dec"}},
    {"numeric(10,2)", {"DECIMAL(10,2)", "NUMERIC(10, 2)", "numeric( 10 , 2 )"}},
    {"numeric(12,0)", {"DECIMAL(12)", "numeric(12,0)"}},
    {"uuid", {"UUID", "uuid"}},
    {"varchar(20)", {"VARCHAR(20)", "STRING(20)", "character varying(20)", "CHARACTER VARYING (20)"}},
    {"char(1)", {"CHAR", "CHARACTER", "char(1)", "character(1)"}},
    {"char(5)", {"CHAR(5)", "character(5)", "bpchar(5)", "BPCHAR (5)"}},
    {"timestamptz(3)", {"TIMESTAMPTZ(3)", "timestamp(3) with time zone", "timestamp with time zone(3)"}},
    {"int8[]", {"INT8[]", "bigint[]"}},
    {"text[]", {"STRING[]", "text[]", "character varying[]"}},
    {"jsonb", {"JSONB", "jsonb"}},
    {"interval", {"INTERVAL", "interval", "INTERVAL(6)"}},
    {"interval(3)", {"INTERVAL(3)"}},
};

TEST(TypeNormalization, SharedAliasesNormalizeToOneSpellingInBothDialects) {
    for (const auto& [canonical, spellings] : shared_aliases) {
        for (const std::string_view spelling : spellings) {
            EXPECT_EQ(postgresql().normalize_type(spelling), canonical) << "postgresql: " << spelling;
            EXPECT_EQ(cockroachdb().normalize_type(spelling), canonical) << "cockroachdb: " << spelling;
        }
    }
}

// CHARACTER without a length is CHARACTER(1), but PostgreSQL's bpchar without a length is blank-trimmed text of
// any length: the two must not compare equal.
TEST(TypeNormalization, BpcharWithoutALengthIsUnboundedNotCharOfOne) {
    for (const std::string_view spelling : {"bpchar", "BPCHAR", " bpchar "}) {
        EXPECT_EQ(postgresql().normalize_type(spelling), "bpchar") << spelling;
        EXPECT_EQ(cockroachdb().normalize_type(spelling), "bpchar") << spelling;
    }
    EXPECT_EQ(postgresql().normalize_type("bpchar[]"), "bpchar[]");
    EXPECT_NE(postgresql().normalize_type("bpchar"), postgresql().normalize_type("character"));
}

TEST(TypeNormalization, PlainIntIsInt8OnCockroachdbAndInt4OnPostgresql) {
    for (const std::string_view spelling : {"INT", "int", "INTEGER", "integer"}) {
        EXPECT_EQ(cockroachdb().normalize_type(spelling), "int8") << spelling;
        EXPECT_EQ(postgresql().normalize_type(spelling), "int4") << spelling;
    }
    EXPECT_EQ(cockroachdb().normalize_type("INT[]"), "int8[]");
    EXPECT_EQ(postgresql().normalize_type("integer[]"), "int4[]");
}

TEST(TypeNormalization, UnknownTypesComeBackLowerCasedWithSingleSpaces) {
    EXPECT_EQ(postgresql().normalize_type("  Tsvector "), "tsvector");
    EXPECT_EQ(cockroachdb().normalize_type("GEOGRAPHY(POINT,4326)"), "geography(point,4326)");
    EXPECT_EQ(postgresql().normalize_type("bit  varying(8)"), "bit varying(8)");
}

TEST(TypeNormalization, EveryModelTypeHasTheSameCanonicalSpellingInBothDialects) {
    using orm::SqlType;
    const std::pair<SqlType, std::string_view> expected[] = {
        {SqlType::boolean, "bool"}, {SqlType::int16, "int2"},      {SqlType::int32, "int4"},
        {SqlType::int64, "int8"},   {SqlType::float32, "float4"},  {SqlType::float64, "float8"},
        {SqlType::text, "text"},    {SqlType::uuid, "uuid"},       {SqlType::timestamptz, "timestamptz"},
        {SqlType::bytes, "bytea"},  {SqlType::decimal, "numeric"}, {SqlType::interval, "interval"},
    };
    for (const auto& [type, canonical] : expected) {
        EXPECT_EQ(postgresql().canonical_type(type), canonical) << postgresql().type_name(type);
        EXPECT_EQ(cockroachdb().canonical_type(type), canonical) << cockroachdb().type_name(type);
    }
}

}  // namespace
