// The conditions of everyday queries on the real server: like / ilike with a bound pattern, a literal prefix or
// substring (its % and _ are no wildcards), lower / upper, between, and a nullable column compared with std::nullopt
// or a std::optional. Each is compared with the same condition written by hand in SQL.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <roachorm/models/blog.hpp>

#include "blog_data.hpp"
#include "test_server.hpp"

namespace {

using namespace models::blog;
using orm::col;
using roachorm_test::query_rows;
using ::testing::ElementsAre;
using Rows = std::vector<std::vector<std::string>>;

class Conditions : public roachorm_test::BlogData {
protected:
    // The bodies of the comments matching `condition`, in order.
    template <class C>
    Rows bodies(const C& condition) {
        return orm::run_transaction(*database, [&](orm::Session& session) {
            Rows rows;
            for (const Comment* comment :
                 session.query<Comment>().filter(condition).order_by(col(&Comment::body)).all()) {
                rows.push_back({comment->body});
            }
            return rows;
        });
    }

    Rows bodies_by_hand(const std::string& where) {
        return query_rows(*connection, "SELECT body FROM comments WHERE " + where + " ORDER BY body", 1);
    }
};

TEST_F(Conditions, LikeAndIlikeTakeABoundPattern) {
    EXPECT_EQ(bodies(orm::like(col(&Comment::body), "%is%")), bodies_by_hand("body LIKE '%is%'"));
    // SQLite's own LIKE ignores the case of ASCII letters (lang_expr.html#like); it has no ILIKE.
    EXPECT_EQ(bodies(orm::ilike(col(&Comment::body), "note%")),
              bodies_by_hand(roachorm_test::per_dialect(*database, "body ILIKE 'note%'", "body LIKE 'note%'")));
    EXPECT_THAT(bodies(orm::ilike(col(&Comment::body), "note%")), ElementsAre(ElementsAre("Note G is the best")));
}

TEST_F(Conditions, StartsWithAndContainsTakeTheirTextLiterally) {
    // "A_100% improvement": a LIKE 'A_1%' would also match "AB1..."; starts_with's _ and % are the characters.
    EXPECT_THAT(bodies(orm::starts_with(col(&Comment::body), "A_100%")),
                ElementsAre(ElementsAre("A_100% improvement")));
    EXPECT_THAT(bodies(orm::starts_with(col(&Comment::body), "A%")), ElementsAre());
    EXPECT_THAT(bodies(orm::contains(col(&Comment::body), "0% i")), ElementsAre(ElementsAre("A_100% improvement")));
    EXPECT_THAT(bodies(orm::contains(col(&Comment::body), "!")), ElementsAre(ElementsAre("First!")));
    EXPECT_EQ(bodies(orm::starts_with(col(&Comment::body), "Ta")), bodies_by_hand("body LIKE 'Ta%'"));
}

TEST_F(Conditions, LowerAndUpperCompareIgnoringCase) {
    EXPECT_EQ(bodies(orm::lower(col(&Comment::body)) == "brilliant"), bodies_by_hand("lower(body) = 'brilliant'"));
    EXPECT_THAT(bodies(orm::upper(col(&Comment::body)) == "FIRST!"), ElementsAre(ElementsAre("First!")));
}

TEST_F(Conditions, BetweenIncludesBothBounds) {
    const Rows by_hand = query_rows(*connection, "SELECT name FROM tags WHERE uses BETWEEN 1 AND 3 ORDER BY name", 1);
    orm::run_transaction(*database, [&](orm::Session& session) {
        Rows seen;
        for (const Tag* tag :
             session.query<Tag>().filter(orm::between(col(&Tag::uses), 1, 3)).order_by(col(&Tag::name)).all()) {
            seen.push_back({tag->name});
        }
        EXPECT_EQ(seen, by_hand);
        EXPECT_THAT(seen, ElementsAre(ElementsAre("cpp"), ElementsAre("history")));
    });
}

TEST_F(Conditions, ANullableColumnComparedWithNulloptIsIsNull) {
    EXPECT_EQ(bodies(col(&Comment::author_id) == std::nullopt), bodies_by_hand("author_id IS NULL"));
    EXPECT_THAT(bodies(col(&Comment::author_id) == std::nullopt), ElementsAre(ElementsAre("First!")));
    EXPECT_EQ(bodies(col(&Comment::author_id) != std::nullopt), bodies_by_hand("author_id IS NOT NULL"));

    const std::optional<std::int64_t> nobody;
    const std::optional<std::int64_t> grace_id = grace;
    EXPECT_EQ(bodies(col(&Comment::author_id) == nobody), bodies_by_hand("author_id IS NULL"));
    EXPECT_EQ(bodies(col(&Comment::author_id) == grace_id), bodies_by_hand("author_id = " + std::to_string(grace)));
}

}  // namespace
