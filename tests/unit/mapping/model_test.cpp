// Reflection of models: member names, column types, nullability and the primary key, all at compile time.
#include <gtest/gtest.h>

#include <roachorm/models/account.hpp>
#include <roachorm/models/point.hpp>
#include <roachorm/orm/mapping/model.hpp>

namespace {

struct Everything {
    static constexpr std::string_view table_name = "everything";
    std::int32_t id = 0;
    bool b;
    std::int16_t i16;
    std::int64_t i64;
    float f;
    double d;
    std::string s;
    orm::uuid u;
    orm::timestamp t;
    orm::bytes bytes;
    orm::decimal amount;
    std::optional<std::int64_t> maybe;
};

struct NamedKey {
    static constexpr std::string_view table_name = "named_key";
    static constexpr std::string_view primary_key = "code";
    std::string label;
    std::string code;
};

using orm::KeyKind;
using orm::SqlType;

TEST(Reflection, MemberNamesComeBackInDeclarationOrder) {
    constexpr auto& names = orm::model_traits<Everything>::column_names;
    static_assert(names.size() == 12);
    static_assert(names[0] == "id" && names[6] == "s" && names[9] == "bytes" && names[11] == "maybe");
    EXPECT_EQ(orm::model_traits<models::Point>::column_names[3], "z");
}

TEST(Reflection, EachSupportedTypeMapsToItsColumnType) {
    constexpr auto& columns = orm::model_traits<Everything>::columns;
    constexpr SqlType expected[] = {SqlType::int32,       SqlType::boolean, SqlType::int16,   SqlType::int64,
                                    SqlType::float32,     SqlType::float64, SqlType::text,    SqlType::uuid,
                                    SqlType::timestamptz, SqlType::bytes,   SqlType::decimal, SqlType::int64};
    for (std::size_t i = 0; i < columns.size(); ++i) {
        EXPECT_EQ(columns[i].type, expected[i]) << columns[i].name;
        EXPECT_EQ(columns[i].nullable, i == 11) << columns[i].name;
    }
}

TEST(Reflection, PrimaryKeyIsTheMemberNamedIdOrTheOneNamedByPrimaryKey) {
    static_assert(orm::model_traits<models::Account>::key_index == 0);
    static_assert(orm::model_traits<NamedKey>::key_index == 1);
    EXPECT_TRUE(orm::model_traits<NamedKey>::columns[1].primary_key);
    EXPECT_FALSE(orm::model_traits<NamedKey>::columns[0].primary_key);
}

TEST(Reflection, KeyKindFollowsTheKeyType) {
    static_assert(orm::model_traits<models::Account>::key_kind == KeyKind::uuid);
    static_assert(orm::model_traits<models::Point>::key_kind == KeyKind::serial);
    static_assert(orm::model_traits<NamedKey>::key_kind == KeyKind::application);
    EXPECT_EQ(orm::model_traits<models::Point>::table.name, "points");
}

}  // namespace
