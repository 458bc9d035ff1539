// orm::Related and orm::Referenced group loaded rows by the key value their foreign key holds, never by row order;
// tests/compile_fail/related_control.hpp (compiled here) is the positive control of the related_* compile-fail files.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "../../compile_fail/related_control.hpp"

namespace {

using namespace models::blog;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

template <class Model>
Model with_id(std::int64_t id) {
    Model object;
    object.id = orm::serial{id};
    return object;
}

Comment comment_on(std::int64_t post_id, std::optional<std::int64_t> author_id = std::nullopt) {
    Comment comment;
    comment.post_id = post_id;
    comment.author_id = author_id;
    return comment;
}

PostTag tagged(std::int64_t post_id, std::string tag) {
    PostTag post_tag;
    post_tag.post_id = post_id;
    post_tag.tag = std::move(tag);
    return post_tag;
}

Tag tag_named(std::string name) {
    Tag tag;
    tag.name = std::move(name);
    return tag;
}

TEST(Related, GroupsChildrenByTheParentKeyTheirForeignKeyHoldsInTheOrderGiven) {
    std::vector<Comment> comments{comment_on(2), comment_on(1), comment_on(2), comment_on(3)};
    const std::vector<Comment*> loaded{&comments[0], &comments[1], &comments[2], &comments[3]};
    const orm::Related<Post, Comment> related(loaded, &Comment::post_id);
    const Post one = with_id<Post>(1);
    EXPECT_THAT(related.of(with_id<Post>(2)), ElementsAre(&comments[0], &comments[2]));
    EXPECT_THAT(related.of(&one), ElementsAre(&comments[1]));
    EXPECT_THAT(related.of(with_id<Post>(9)), IsEmpty());
    EXPECT_EQ(related.size(), 4u);
    EXPECT_EQ(std::vector<Comment*>(related.begin(), related.end()), loaded);
}

TEST(Related, AChildWithANullForeignKeyBelongsToNoParent) {
    std::vector<Comment> comments{comment_on(1, std::nullopt), comment_on(1, 7)};
    const orm::Related<User, Comment> related({&comments[0], &comments[1]}, &Comment::author_id);
    EXPECT_THAT(related.of(with_id<User>(7)), ElementsAre(&comments[1]));
    EXPECT_THAT(related.of(with_id<User>(0)), IsEmpty());
}

TEST(Related, TextKeysMatchByTheirText) {
    std::vector<PostTag> tags{tagged(1, "cpp"), tagged(2, "sql"), tagged(3, "cpp")};
    const orm::Related<Tag, PostTag> related({&tags[0], &tags[1], &tags[2]}, &PostTag::tag);
    EXPECT_THAT(related.of(tag_named("cpp")), ElementsAre(&tags[0], &tags[2]));
    EXPECT_THAT(related.of(tag_named("cp")), IsEmpty());
}

TEST(Referenced, FindsEachChildsParentByKeyAndNullForANullForeignKey) {
    std::vector<User> users{with_id<User>(5), with_id<User>(3)};
    const orm::Referenced<Comment, User> authors({&users[0], &users[1]}, &Comment::author_id);
    const Comment anonymous = comment_on(1, std::nullopt);
    EXPECT_EQ(authors.of(comment_on(1, 3)), &users[1]);
    EXPECT_EQ(authors.of(&anonymous), nullptr);
    EXPECT_EQ(authors.of(comment_on(1, 4)), nullptr);
    EXPECT_EQ(authors.size(), 2u);
}

}  // namespace
