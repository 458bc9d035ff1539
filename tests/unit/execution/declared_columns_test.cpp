// A violated constraint's columns come from the declarations of the model whose statement failed.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <roachorm/models/blog.hpp>
#include <roachorm/orm/execution/declared_columns.hpp>

namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

orm::UniqueViolation unique(std::string table, std::string constraint) {
    return orm::UniqueViolation("23505", "INSERT ...",
                                {.table = std::move(table), .constraint = std::move(constraint), .columns = {}});
}

TEST(DeclaredColumns, NameTheColumnsOfADeclaredUniqueConstraintKeyOrForeignKey) {
    auto email = unique("users", "users_email_key");
    orm::name_declared_columns(orm::model_traits<models::blog::User>::table, email);
    EXPECT_THAT(email.columns(), ElementsAre("email"));
    EXPECT_THAT(email.what(), ::testing::HasSubstr("column \"email\""));

    auto key = unique("post_tags", "post_tags_pkey");
    orm::name_declared_columns(orm::model_traits<models::blog::PostTag>::table, key);
    EXPECT_THAT(key.columns(), ElementsAre("post_id", "tag"));

    auto slug = unique("", "posts_author_id_slug_key");  // CockroachDB sends no table name
    orm::name_declared_columns(orm::model_traits<models::blog::Post>::table, slug);
    EXPECT_THAT(slug.columns(), ElementsAre("author_id", "slug"));
}

TEST(DeclaredColumns, LeaveAConstraintOfAnotherTableOrAnUndeclaredOneAlone) {
    auto other = unique("accounts", "users_email_key");
    orm::name_declared_columns(orm::model_traits<models::blog::User>::table, other);
    EXPECT_THAT(other.columns(), IsEmpty());
    auto undeclared = unique("users", "users_name_key");
    orm::name_declared_columns(orm::model_traits<models::blog::User>::table, undeclared);
    EXPECT_THAT(undeclared.columns(), IsEmpty());
}

}  // namespace
