// Related rows without N+1 on the real server: the comments of 20 posts in one SELECT after the posts' own (counted in
// the echo), compared with the same rows read by hand-written SQL; the authors of those posts in one more; the identity
// map and autoflush hold as for any query; no parents send no statement.
#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <roachorm/models/blog.hpp>

#include "test_server.hpp"

namespace {

using namespace models::blog;
using orm::col;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

class RelatedRows : public ::testing::Test {
protected:
    static constexpr int post_count = 20;

    void SetUp() override {
        database = std::make_unique<orm::Database>(roachorm_test::server_url());
        database->drop_all<PostTag, Comment, Post, Tag, User>();
        database->create_all<PostTag, Comment, Post, Tag, User>();
        echoed = std::make_unique<orm::Database>(roachorm_test::server_url(), echo.options());
        // Post i has i % 4 comments (five posts have none), by alternating authors and some by no author.
        orm::run_transaction(*database, [](orm::Session& session) {
            std::vector<User*> users;
            for (int u = 0; u < 3; ++u) {
                users.push_back(&session.add(
                    User{.email = fmt::format("user{}@example.com", u), .name = fmt::format("User {}", u)}));
            }
            session.flush();
            for (int i = 0; i < post_count; ++i) {
                Post& post = session.add(Post{.author_id = users[static_cast<std::size_t>(i % 3)]->id.value,
                                              .slug = fmt::format("post-{}", i),
                                              .title = fmt::format("Post {}", i),
                                              .body = "..."});
                session.flush();
                for (int c = 0; c < i % 4; ++c) {
                    session.add(Comment{.post_id = post.id.value,
                                        .author_id = c == 2
                                                         ? std::nullopt
                                                         : std::optional(users[static_cast<std::size_t>(c)]->id.value),
                                        .body = fmt::format("comment {} on {}", c, i)});
                }
            }
        });
        echo.clear();
    }

    // The comment ids of each post in id order, as hand-written SQL reads them.
    std::map<std::int64_t, std::vector<orm::uuid>> comments_by_hand() {
        return orm::run_transaction(*database, [](orm::Session& session) {
            std::map<std::int64_t, std::vector<orm::uuid>> by_post;
            for (const auto& [post_id, id] :
                 session.select<std::int64_t, orm::uuid>("SELECT post_id, id FROM comments ORDER BY post_id, id")) {
                by_post[post_id].push_back(id);
            }
            return by_post;
        });
    }

    std::unique_ptr<orm::Database> database;
    roachorm_test::EchoCapture echo;
    std::unique_ptr<orm::Database> echoed;

    // How a list of keys is the statement's one parameter: an array on the servers, a JSON array on SQLite.
    std::string any_of_list() const {
        return roachorm_test::per_dialect(*database, "= ANY($1::BIGINT[])", "IN (SELECT value FROM json_each(?1))");
    }
};

TEST_F(RelatedRows, TwentyPostsAndTheirCommentsTakeTwoSelects) {
    const auto loaded = orm::run_transaction(*echoed, [](orm::Session& session) {
        const std::vector<Post*> posts = session.query<Post>().order_by(col(&Post::id)).all();
        EXPECT_THAT(posts, SizeIs(post_count));
        const orm::Related<Post, Comment> comments =
            session.query<Comment>().order_by(col(&Comment::id)).children_of(posts, &Comment::post_id);
        std::map<std::int64_t, std::vector<orm::uuid>> by_post;
        std::size_t without_comments = 0;
        for (const Post* post : posts) {
            for (const Comment* comment : comments.of(post)) {
                EXPECT_EQ(comment->post_id, post->id.value);
                by_post[post->id.value].push_back(comment->id);
            }
            without_comments += comments.of(post).empty() ? 1 : 0;
        }
        EXPECT_EQ(without_comments, 5u);
        EXPECT_EQ(comments.size(), 30u);  // 5 * (0 + 1 + 2 + 3)
        return by_post;
    });
    const std::vector<std::string> selects = echo.statements("SELECT");
    ASSERT_THAT(selects, SizeIs(2)) << "the posts, then all their comments: no query per post";
    EXPECT_EQ(selects[0], "SELECT id, author_id, slug, title, body, status, created_at FROM posts ORDER BY id ASC");
    EXPECT_THAT(selects[1], HasSubstr("FROM comments WHERE post_id " + any_of_list() + " ORDER BY id ASC"));
    EXPECT_EQ(loaded, comments_by_hand());
}

TEST_F(RelatedRows, LoadChildrenMatchesByKeyWhateverOrderTheRowsComeIn) {
    const auto loaded = orm::run_transaction(*echoed, [](orm::Session& session) {
        // Newest first, and each post twice: duplicates are fine and rows come in another order than the parents.
        std::vector<Post*> posts = session.query<Post>().order_by(col(&Post::id), orm::desc).all();
        const std::vector<Post*> twice = posts;
        posts.insert(posts.end(), twice.begin(), twice.end());
        const orm::Related<Post, Comment> comments = session.load_children(posts, &Comment::post_id);
        EXPECT_EQ(comments.size(), 30u) << "each comment once";
        std::map<std::int64_t, std::vector<orm::uuid>> by_post;
        for (const Post* post : twice) {
            for (const Comment* comment : comments.of(*post)) {
                by_post[post->id.value].push_back(comment->id);
            }
        }
        for (auto& [post, ids] : by_post) {
            std::sort(ids.begin(), ids.end());  // no order was asked for; the hand query's is by id
        }
        return by_post;
    });
    EXPECT_THAT(echo.statements("SELECT"), SizeIs(2));
    EXPECT_EQ(loaded, comments_by_hand());
}

TEST_F(RelatedRows, ChildrenOfAFilteredQueryKeepItsFilterAndRefuseALimit) {
    const auto loaded = orm::run_transaction(*echoed, [](orm::Session& session) {
        const std::vector<Post*> posts = session.query<Post>().all();
        std::map<std::int64_t, std::vector<orm::uuid>> by_post;
        const orm::Related<Post, Comment> comments = session.query<Comment>()
                                                         .filter(col(&Comment::author_id).is_not_null())
                                                         .order_by(col(&Comment::id))
                                                         .children_of(posts, &Comment::post_id);
        for (const Post* post : posts) {
            for (const Comment* comment : comments.of(post)) {
                by_post[post->id.value].push_back(comment->id);
            }
        }
        EXPECT_THROW(session.query<Comment>().limit(10).children_of(posts, &Comment::post_id), orm::Error);
        return by_post;
    });
    EXPECT_THAT(echo.statements("SELECT")[1], HasSubstr("FROM comments WHERE (author_id IS NOT NULL) AND (post_id " +
                                                        any_of_list() + ") ORDER BY id ASC"));
    const auto by_hand = orm::run_transaction(*database, [](orm::Session& session) {
        std::map<std::int64_t, std::vector<orm::uuid>> by_post;
        for (const auto& [post_id, id] : session.select<std::int64_t, orm::uuid>(
                 "SELECT post_id, id FROM comments WHERE author_id IS NOT NULL ORDER BY post_id, id")) {
            by_post[post_id].push_back(id);
        }
        return by_post;
    });
    EXPECT_EQ(loaded, by_hand);
}

TEST_F(RelatedRows, NoParentsSendNoStatement) {
    orm::run_transaction(*echoed, [](orm::Session& session) {
        EXPECT_THAT(session.load_children(std::vector<Post*>{}, &Comment::post_id), IsEmpty());
        EXPECT_THAT(session.load_children(std::vector<Post*>{nullptr}, &Comment::post_id), IsEmpty());
        EXPECT_THAT(session.load_parents<User>(std::vector<Comment>{{.author_id = std::nullopt, .body = ""}},
                                               &Comment::author_id),
                    IsEmpty());
    });
    EXPECT_THAT(echo.statements("SELECT"), IsEmpty());
}

TEST_F(RelatedRows, ChildrenAreTheSessionsTrackedObjectsAndPendingChangesAreFlushedFirst) {
    orm::run_transaction(*echoed, [](orm::Session& session) {
        std::vector<Post*> posts = session.query<Post>().filter(col(&Post::slug) == "post-3").all();
        ASSERT_THAT(posts, SizeIs(1));
        Comment& tracked = *session.query<Comment>().filter(col(&Comment::post_id) == posts[0]->id.value).all().at(0);
        tracked.body = "edited before the load";
        const orm::Related<Post, Comment> comments = session.load_children(posts, &Comment::post_id);
        ASSERT_THAT(comments.of(posts[0]), SizeIs(3));
        EXPECT_EQ(std::count(comments.begin(), comments.end(), &tracked), 1) << "the same object, not a copy";
        EXPECT_EQ(tracked.body, "edited before the load");
    });
    const std::vector<std::string> statements = echo.statements();
    const auto update = std::find_if(statements.begin(), statements.end(),
                                     [](const std::string& s) { return s.starts_with("UPDATE comments"); });
    ASSERT_NE(update, statements.end()) << "the pending change was flushed";
    EXPECT_THAT(*std::next(update), HasSubstr("post_id " + any_of_list())) << "before the children were read";
}

TEST_F(RelatedRows, TheAuthorsOfAPageOfPostsTakeOneSelectAndNoneWhenTracked) {
    const auto names = orm::run_transaction(*echoed, [](orm::Session& session) {
        const std::vector<Post*> posts = session.query<Post>().order_by(col(&Post::id)).all();
        const orm::Referenced<Post, User> authors = session.load_parents<User>(posts, &Post::author_id);
        EXPECT_EQ(authors.size(), 3u) << "each author once";
        std::vector<std::tuple<std::int64_t, std::string>> by_post;
        for (const Post* post : posts) {
            const User* author = authors.of(post);
            EXPECT_NE(author, nullptr);
            by_post.emplace_back(post->id.value, author ? author->name : "");
        }
        const orm::Referenced<Post, User> again = session.load_parents<User>(posts, &Post::author_id);
        EXPECT_EQ(again.of(posts[0]), authors.of(posts[0])) << "the same tracked object";
        return by_post;
    });
    EXPECT_THAT(echo.statements("SELECT"), SizeIs(2)) << "the posts, their authors, and nothing for the second load";
    EXPECT_THAT(echo.statements("SELECT")[1], HasSubstr("FROM users WHERE id " + any_of_list()));
    const auto by_hand = orm::run_transaction(*database, [](orm::Session& session) {
        return session.select<std::int64_t, std::string>(
            "SELECT p.id, u.name FROM posts p JOIN users u ON u.id = p.author_id ORDER BY p.id");
    });
    EXPECT_EQ(names, by_hand);
}

TEST_F(RelatedRows, ANullForeignKeyHasNoParent) {
    orm::run_transaction(*database, [](orm::Session& session) {
        const std::vector<Comment*> comments = session.query<Comment>().all();
        const orm::Referenced<Comment, User> authors = session.load_parents<User>(comments, &Comment::author_id);
        std::size_t anonymous = 0;
        for (const Comment* comment : comments) {
            const User* author = authors.of(comment);
            EXPECT_EQ(author == nullptr, !comment->author_id.has_value());
            if (author != nullptr) {
                EXPECT_EQ(author->id.value, *comment->author_id);
            }
            anonymous += author == nullptr ? 1 : 0;
        }
        EXPECT_EQ(anonymous, 5u);  // the third comment of each post with three
    });
}

}  // namespace
