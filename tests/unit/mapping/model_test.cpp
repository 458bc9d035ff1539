// Reflection of models: member names, column types, nullability and the primary key, all at compile time.
#include <gtest/gtest.h>

#include <roachorm/models/account.hpp>
#include <roachorm/models/blog.hpp>
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

struct Span {
    static constexpr std::string_view table_name = "spans";
    std::int32_t id = 0;
    orm::interval length{};
    std::optional<orm::interval> maybe{};
};

TEST(Reflection, AnIntervalMemberIsAnIntervalColumn) {
    constexpr auto& columns = orm::model_traits<Span>::columns;
    EXPECT_EQ(columns[1].type, SqlType::interval);
    EXPECT_FALSE(columns[1].nullable);
    EXPECT_EQ(columns[2].type, SqlType::interval);
    EXPECT_TRUE(columns[2].nullable);
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

namespace blog = models::blog;

TEST(Constraints, CompositeKeyListsItsMembersInDeclarationOrderAndIsAnApplicationKey) {
    using Traits = orm::model_traits<blog::PostTag>;
    static_assert(Traits::has_composite_key);
    static_assert(Traits::key_kind == KeyKind::application);
    static_assert(std::is_same_v<orm::key_type_t<blog::PostTag>, std::tuple<std::int64_t, std::string>>);
    EXPECT_EQ(Traits::key_columns.size(), 2u);
    EXPECT_EQ(Traits::key_columns[0], 0u);
    EXPECT_EQ(Traits::key_columns[1], 1u);
    EXPECT_TRUE(Traits::columns[0].primary_key && Traits::columns[1].primary_key);
    EXPECT_FALSE(Traits::columns[2].primary_key);
    EXPECT_EQ(Traits::key_name.view(), "post_tags_pkey");
    static_assert(!orm::model_traits<blog::Tag>::has_composite_key);
}

TEST(Constraints, ForeignKeysNameTheirColumnsTheReferencedTableAndTheirActions) {
    constexpr auto& keys = orm::model_traits<blog::Comment>::foreign_keys;
    static_assert(keys.size() == 3);
    EXPECT_EQ(keys[0].name.view(), "comments_post_id_fkey");
    EXPECT_EQ(keys[0].referenced_table, "posts");
    EXPECT_EQ(keys[0].referenced_columns[0], "id");
    EXPECT_EQ(keys[0].columns[0], 1u);
    EXPECT_EQ(keys[0].on_delete, orm::Action::cascade);
    EXPECT_EQ(keys[0].on_update, orm::Action::no_action);
    EXPECT_EQ(keys[1].on_delete, orm::Action::set_null);
    EXPECT_EQ(keys[2].referenced_table, "comments");  // a reply refers to its own table
    constexpr auto& tag_keys = orm::model_traits<blog::PostTag>::foreign_keys;
    EXPECT_EQ(tag_keys[1].referenced_columns[0], "name");
    EXPECT_EQ(tag_keys[1].on_update, orm::Action::cascade);
}

TEST(Constraints, UniqueConstraintsAndIndexesGetDeterministicNames) {
    EXPECT_EQ(orm::model_traits<blog::User>::uniques[0].name.view(), "users_email_key");
    constexpr auto& post = orm::model_traits<blog::Post>::table;
    ASSERT_EQ(post.uniques.size(), 1u);
    EXPECT_EQ(post.uniques[0].name.view(), "posts_author_id_slug_key");
    ASSERT_EQ(post.indexes.size(), 1u);
    const orm::IndexInfo& index = post.indexes[0];
    EXPECT_EQ(index.name.view(), "posts_author_id_created_at_idx");
    EXPECT_FALSE(index.columns[0].descending);
    EXPECT_TRUE(index.columns[1].descending);
    ASSERT_EQ(index.storing.size(), 1u);
    EXPECT_EQ(post.columns[index.storing[0]].name, "title");
    EXPECT_EQ(orm::model_traits<blog::PostTag>::indexes[0].predicate, "position < 3");
}

struct Renamed {
    static constexpr std::string_view table_name = "renamed";
    orm::serial id{};
    std::string code;
    static constexpr auto constraints = orm::constraints(orm::unique(&Renamed::code).named("one_code"),
                                                         orm::index(&Renamed::code).hash_sharded().named("by_code"));
};

TEST(Constraints, NamedDeclarationsKeepTheirNames) {
    EXPECT_EQ(orm::model_traits<Renamed>::uniques[0].name.view(), "one_code");
    EXPECT_EQ(orm::model_traits<Renamed>::indexes[0].name.view(), "by_code");
    EXPECT_TRUE(orm::model_traits<Renamed>::indexes[0].hash_sharded);
}

TEST(Constraints, DefaultedMembersCarryTheirServerDefault) {
    constexpr auto& columns = orm::model_traits<blog::Post>::columns;
    EXPECT_EQ(columns[0].server_default, nullptr);
    ASSERT_NE(columns[5].server_default, nullptr);
    EXPECT_EQ(columns[5].server_default(), "'draft'");
    EXPECT_EQ(columns[6].server_default(), "now()");
    EXPECT_FALSE(columns[6].nullable);
    EXPECT_EQ(orm::model_traits<blog::Tag>::columns[1].server_default(), "0");
    EXPECT_EQ(orm::detail::quoted_literal("it's"), "'it''s'");
}

}  // namespace
