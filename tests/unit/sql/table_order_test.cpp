// The order create_all creates tables in (and drop_all drops them in reverse): orm::sql::creation_order.
#include <string_view>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <roachorm/models/account.hpp>
#include <roachorm/models/blog.hpp>
#include <roachorm/orm/core/error.hpp>
#include <roachorm/orm/sql/table_order.hpp>

namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using namespace models::blog;

template <orm::Model... Ts>
std::vector<std::string_view> created_in_order() {
    const std::vector<const orm::TableInfo*> tables{&orm::model_traits<Ts>::table...};
    std::vector<std::string_view> names;
    for (std::size_t i : orm::sql::creation_order(tables)) {
        names.push_back(tables[i]->name);
    }
    return names;
}

TEST(CreationOrder, PutsEveryTableAfterTheListedTablesItReferences) {
    EXPECT_THAT((created_in_order<PostTag, Comment, Post, Tag, User>()),
                ElementsAre("tags", "users", "posts", "post_tags", "comments"));
    EXPECT_THAT((created_in_order<Comment, PostTag, Post, User, Tag>()),
                ElementsAre("users", "posts", "comments", "tags", "post_tags"));
}

TEST(CreationOrder, KeepsAnOrderThatAlreadyWorks) {
    EXPECT_THAT((created_in_order<User, Post, Comment, Tag, PostTag>()),
                ElementsAre("users", "posts", "comments", "tags", "post_tags"));
    EXPECT_THAT((created_in_order<models::Account, Tag, User>()), ElementsAre("accounts", "tags", "users"));
}

TEST(CreationOrder, ASelfReferenceNeedsNothing) {
    EXPECT_THAT((created_in_order<Comment, Post, User>()), ElementsAre("users", "posts", "comments"));
}

TEST(CreationOrder, AReferencedTableThatIsNotListedIsTakenToExist) {
    EXPECT_THAT((created_in_order<PostTag, Comment>()), ElementsAre("post_tags", "comments"));
    EXPECT_THAT((created_in_order<PostTag, Tag>()), ElementsAre("tags", "post_tags"));
}

TEST(CreationOrder, OfNothingIsEmpty) {
    EXPECT_THAT(orm::sql::creation_order({}), IsEmpty());
}

// Declarations cannot make a cycle between two models, but two models can share a table name: x -> y, and another
// "y" -> x.
TEST(CreationOrder, ACycleByTableNameIsAnErrorNamingTheTables) {
    const orm::ColumnInfo columns[] = {{"id", orm::SqlType::int64, false, true, nullptr}};
    orm::ForeignKeyInfo to_y{};
    to_y.referenced_table = "y";
    orm::ForeignKeyInfo to_x{};
    to_x.referenced_table = "x";
    const orm::TableInfo x{.name = "x",
                           .columns = columns,
                           .key_index = 0,
                           .key_kind = orm::KeyKind::application,
                           .foreign_keys = {&to_y, 1}};
    const orm::TableInfo y{.name = "y",
                           .columns = columns,
                           .key_index = 0,
                           .key_kind = orm::KeyKind::application,
                           .foreign_keys = {&to_x, 1}};
    const std::vector<const orm::TableInfo*> tables{&x, &y};
    try {
        orm::sql::creation_order(tables);
        FAIL() << "expected orm::Error";
    } catch (const orm::Error& error) {
        EXPECT_THAT(error.what(), HasSubstr("tables x, y reference each other in a cycle"));
    }
}

}  // namespace
