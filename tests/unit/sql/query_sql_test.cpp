// Golden statement text of every query shape in both dialects, built from typed expressions ("dry": no server).
// The values travel beside the text; none may appear in it.
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <roachorm/models/account.hpp>
#include <roachorm/models/blog.hpp>
#include <roachorm/models/point.hpp>
#include <roachorm/orm/session/aggregates.hpp>
#include <roachorm/orm/session/conditions.hpp>
#include <roachorm/orm/session/expression.hpp>
#include <roachorm/orm/sql/query_sql.hpp>
#include <roachorm/orm/sql/statements.hpp>

// The positive control of the query compile-fail tests (each is one of its lines with a type error): this file
// compiling proves that those tests fail for their bad line and nothing else.
#include "../../compile_fail/query_control.hpp"

namespace {

using models::Account;
using models::Point;
using orm::col;
using ::testing::ElementsAre;

// Reserved words and an optional column, to see quoting and IS NULL.
struct Order {
    static constexpr std::string_view table_name = "order";
    std::int64_t id = 0;
    std::string user;
    std::optional<std::int32_t> limit;
    bool open = false;
};

template <orm::Model T>
orm::sql::QueryClauses where(const orm::Condition<T>& condition) {
    orm::sql::QueryClauses clauses;
    clauses.filters.push_back(condition.fragment());
    return clauses;
}

template <orm::Model T>
orm::sql::Statement select(const orm::dialect::Dialect& dialect, const orm::sql::QueryClauses& clauses,
                           orm::sql::SelectShape shape = orm::sql::SelectShape::rows) {
    orm::sql::Statement statement = orm::sql::select(dialect, orm::model_traits<T>::table, clauses, shape);
    // Query runs the text memoized per shape with separately gathered values: both must be what rendering gives,
    // for every golden statement here (a signature shared by two shapes would return the other's text).
    EXPECT_EQ(orm::statements<T>(dialect).select(clauses, shape), statement.text);
    EXPECT_EQ(orm::sql::select_values(dialect, clauses), statement.values);
    return statement;
}

const orm::dialect::Dialect& pg = orm::dialect::postgresql();
const orm::dialect::Dialect& crdb = orm::dialect::cockroachdb();

TEST(QuerySelect, KeyLookupBindsTheKey) {
    const orm::uuid id = orm::uuid::parse("6f1c2a4e-9a57-4a6b-8d7e-3f0b5c1d2e3f");
    for (const auto* dialect : {&pg, &crdb}) {
        const auto statement = select<Account>(*dialect, where(col(&Account::id) == id));
        EXPECT_EQ(statement.text, "SELECT id, balance FROM accounts WHERE id = $1");
        EXPECT_THAT(statement.values, ElementsAre("6f1c2a4e-9a57-4a6b-8d7e-3f0b5c1d2e3f"));
    }
}

TEST(QuerySelect, EveryComparisonOperator) {
    EXPECT_EQ(select<Account>(pg, where(col(&Account::balance) != 1)).text,
              "SELECT id, balance FROM accounts WHERE balance <> $1");
    EXPECT_EQ(select<Account>(pg, where(col(&Account::balance) < 1)).text,
              "SELECT id, balance FROM accounts WHERE balance < $1");
    EXPECT_EQ(select<Account>(pg, where(col(&Account::balance) <= 1)).text,
              "SELECT id, balance FROM accounts WHERE balance <= $1");
    EXPECT_EQ(select<Account>(pg, where(col(&Account::balance) > 1)).text,
              "SELECT id, balance FROM accounts WHERE balance > $1");
    EXPECT_EQ(select<Account>(pg, where(col(&Account::balance) >= 1)).text,
              "SELECT id, balance FROM accounts WHERE balance >= $1");
    EXPECT_EQ(select<Account>(pg, where(5 < col(&Account::balance))).text,
              "SELECT id, balance FROM accounts WHERE $1 < balance");
}

TEST(QuerySelect, LogicAndArithmeticAreParenthesizedAndValuesAreNumberedInOrder) {
    const auto condition =
        (col(&Point::x) + 1.5 > col(&Point::y) * 2 && !(col(&Point::z) == 0.0)) || col(&Point::id) == orm::serial{7};
    const auto statement = select<Point>(pg, where(condition));
    EXPECT_EQ(statement.text,
              "SELECT id, x, y, z FROM points WHERE (((x + $1) > (y * $2)) AND (NOT (z = $3))) OR (id = $4)");
    EXPECT_THAT(statement.values, ElementsAre("1.5", "2", "0", "7"));
}

TEST(QuerySelect, InBindsOneTypedArraySoAnyCountSharesOneStatement) {
    const std::vector<std::int64_t> none;
    const std::vector<std::int64_t> three{1, -2, 3};
    EXPECT_EQ(select<Order>(pg, where(col(&Order::id).in(three))).text,
              "SELECT id, \"user\", \"limit\", open FROM \"order\" WHERE id = ANY($1::BIGINT[])");
    EXPECT_EQ(select<Order>(crdb, where(col(&Order::id).in(none))).text,
              "SELECT id, \"user\", \"limit\", open FROM \"order\" WHERE id = ANY($1::INT8[])");
    EXPECT_THAT(select<Order>(pg, where(col(&Order::id).in(three))).values, ElementsAre("{\"1\",\"-2\",\"3\"}"));
    EXPECT_THAT(select<Order>(pg, where(col(&Order::id).in(none))).values, ElementsAre("{}"));
}

TEST(QuerySelect, InEscapesQuotesAndBackslashesInsideTheArrayLiteral) {
    const std::vector<std::string> names{"a\"b", "c\\d", "', NULL, '"};
    const auto statement = select<Order>(crdb, where(col(&Order::user).in(names)));
    EXPECT_EQ(statement.text, "SELECT id, \"user\", \"limit\", open FROM \"order\" WHERE \"user\" = ANY($1::STRING[])");
    EXPECT_THAT(statement.values, ElementsAre(R"({"a\"b","c\\d","', NULL, '"})"));
}

TEST(QuerySelect, NullTestsAndBoolColumnsAreConditions) {
    EXPECT_EQ(select<Order>(pg, where(col(&Order::limit).is_null())).text,
              "SELECT id, \"user\", \"limit\", open FROM \"order\" WHERE \"limit\" IS NULL");
    EXPECT_EQ(select<Order>(pg, where(col(&Order::limit).is_not_null() && col(&Order::open))).text,
              "SELECT id, \"user\", \"limit\", open FROM \"order\" WHERE (\"limit\" IS NOT NULL) AND open");
}

TEST(QuerySelect, RepeatedFiltersAreAndedOrderLimitOffsetAndLockAreBound) {
    orm::sql::QueryClauses clauses = where(col(&Account::balance) > 0 || col(&Account::balance) < -10);
    clauses.filters.push_back((col(&Account::balance) != 5).fragment());
    clauses.order.push_back({col(&Account::balance).fragment(), orm::desc, std::nullopt});
    clauses.order.push_back({col(&Account::id).fragment(), orm::asc, std::nullopt});
    clauses.limit = 10;
    clauses.offset = 20;
    clauses.for_update = true;
    const auto statement = select<Account>(crdb, clauses);
    EXPECT_EQ(statement.text,
              "SELECT id, balance FROM accounts WHERE ((balance > $1) OR (balance < $2)) AND (balance <> $3) "
              "ORDER BY balance DESC, id ASC LIMIT $4 OFFSET $5 FOR UPDATE");
    EXPECT_THAT(statement.values, ElementsAre("0", "-10", "5", "10", "20"));
}

TEST(QuerySelect, CountAndExists) {
    const auto rich = where(col(&Account::balance) > 100);
    EXPECT_EQ(select<Account>(pg, rich, orm::sql::SelectShape::count).text,
              "SELECT count(*) FROM accounts WHERE balance > $1");
    EXPECT_EQ(select<Account>(crdb, {}, orm::sql::SelectShape::exists).text, "SELECT EXISTS (SELECT 1 FROM accounts)");
    orm::sql::QueryClauses limited = rich;
    limited.limit = 3;
    EXPECT_EQ(select<Account>(pg, limited, orm::sql::SelectShape::count).text,
              "SELECT count(*) FROM (SELECT 1 FROM accounts WHERE balance > $1 LIMIT $2) AS counted");
}

TEST(QuerySelect, MemoizedTextIsSharedByValuesButNotByShapes) {
    const orm::TableStatements& statements = orm::statements<Account>(pg);
    const std::string& small = statements.select(where(col(&Account::balance) < 1), orm::sql::SelectShape::rows);
    EXPECT_EQ(&statements.select(where(col(&Account::balance) < 99), orm::sql::SelectShape::rows), &small);
    EXPECT_NE(&statements.select(where(col(&Account::balance) <= 1), orm::sql::SelectShape::rows), &small);
    EXPECT_NE(&statements.select(where(col(&Account::balance) < 1), orm::sql::SelectShape::count), &small);
    orm::sql::QueryClauses limited = where(col(&Account::balance) < 1);
    limited.limit = 5;
    EXPECT_EQ(statements.select(limited, orm::sql::SelectShape::rows),
              "SELECT id, balance FROM accounts WHERE balance < $1 LIMIT $2");
    limited.limit.reset();
    limited.offset = 5;
    EXPECT_EQ(statements.select(limited, orm::sql::SelectShape::rows),
              "SELECT id, balance FROM accounts WHERE balance < $1 OFFSET $2");
    EXPECT_EQ(orm::statements<Account>(crdb).select(where(col(&Account::balance) < 1), orm::sql::SelectShape::rows),
              small);
}

TEST(QueryUpdate, SetsFromExpressionsAndReturnsKeyAndColumnsOnlyWhenAsked) {
    const std::vector<orm::uuid> ids{orm::uuid::parse("6f1c2a4e-9a57-4a6b-8d7e-3f0b5c1d2e3f")};
    const auto clauses = where(col(&Account::id).in(ids));
    const std::vector<orm::sql::Assignment> add_five{
        orm::set(&Account::balance, col(&Account::balance) + 5).assignment};
    for (const auto* dialect : {&pg, &crdb}) {
        const auto statement = orm::sql::update(*dialect, orm::model_traits<Account>::table, clauses, add_five, true);
        EXPECT_EQ(statement.text, fmt::format("UPDATE accounts SET balance = balance + $1 WHERE id = ANY($2::UUID[]) "
                                              "RETURNING id, balance"));
        EXPECT_THAT(statement.values, ElementsAre("5", "{\"6f1c2a4e-9a57-4a6b-8d7e-3f0b5c1d2e3f\"}"));
    }
    EXPECT_EQ(orm::sql::update(pg, orm::model_traits<Account>::table, {}, add_five, false).text,
              "UPDATE accounts SET balance = balance + $1");
}

TEST(QueryUpdate, SetsValuesAndNull) {
    const std::vector<orm::sql::Assignment> assignments{orm::set(&Order::limit, std::nullopt).assignment,
                                                        orm::set(&Order::user, "x").assignment,
                                                        orm::set(&Order::open, true).assignment};
    const auto statement =
        orm::sql::update(crdb, orm::model_traits<Order>::table, where(col(&Order::id) == 3), assignments, false);
    EXPECT_EQ(statement.text, "UPDATE \"order\" SET \"limit\" = NULL, \"user\" = $1, open = $2 WHERE id = $3");
    EXPECT_THAT(statement.values, ElementsAre("x", "t", "3"));
}

TEST(QueryUpdate, RefusesOrderLimitAndLockRatherThanIgnoringThem) {
    orm::sql::QueryClauses limited;
    limited.limit = 1;
    const std::vector<orm::sql::Assignment> assignments{orm::set(&Account::balance, 0).assignment};
    EXPECT_THROW(orm::sql::update(pg, orm::model_traits<Account>::table, limited, assignments, false), orm::Error);
    EXPECT_THROW(orm::sql::remove(pg, orm::model_traits<Account>::table, limited, false), orm::Error);
}

TEST(QueryRemove, DeletesMatchingRowsAndReturnsKeysOnlyWhenAsked) {
    const auto clauses = where(col(&Point::x) < 0.0);
    EXPECT_EQ(orm::sql::remove(pg, orm::model_traits<Point>::table, clauses, true).text,
              "DELETE FROM points WHERE x < $1 RETURNING id");
    EXPECT_EQ(orm::sql::remove(crdb, orm::model_traits<Point>::table, clauses, false).text,
              "DELETE FROM points WHERE x < $1");
}

// A bulk write on a composite-key table returns every key column, so that each row finds its own tracked object.
TEST(QueryUpdateAndRemove, ReturnEveryColumnOfACompositeKey) {
    using models::blog::PostTag;
    const auto clauses = where(col(&PostTag::post_id) == 7);
    const std::vector<orm::sql::Assignment> first{orm::set(&PostTag::position, 0).assignment};
    for (const auto* dialect : {&pg, &crdb}) {
        EXPECT_EQ(orm::sql::update(*dialect, orm::model_traits<PostTag>::table, clauses, first, true).text,
                  "UPDATE post_tags SET \"position\" = $1 WHERE post_id = $2 RETURNING post_id, tag, \"position\"");
        EXPECT_EQ(orm::sql::remove(*dialect, orm::model_traits<PostTag>::table, clauses, true).text,
                  "DELETE FROM post_tags WHERE post_id = $1 RETURNING post_id, tag");
    }
}

TEST(QueryValues, IntegersOfAnyWidthAreBoundWithoutNarrowing) {
    EXPECT_THAT(select<Order>(pg, where(col(&Order::limit) == std::int64_t{5'000'000'000})).values,
                ElementsAre("5000000000"));
    EXPECT_THROW(col(&Order::id) == std::uint64_t{1} << 63, orm::MappingError);
}

// ---- joins, projections, grouping and the everyday conditions ----

namespace blog = models::blog;

const orm::TableInfo& users = orm::model_traits<blog::User>::table;
const orm::TableInfo& comments = orm::model_traits<blog::Comment>::table;

orm::sql::Join join(const orm::TableInfo& table,
                    const orm::Condition<orm::detail::scope_union_t<blog::Post, blog::User>>& on,
                    orm::sql::JoinKind kind = orm::sql::JoinKind::inner) {
    return {&table, kind, on.fragment()};
}

constexpr std::string_view post_columns =
    "posts.id, posts.author_id, posts.slug, posts.title, posts.body, posts.status, posts.created_at";

TEST(QueryJoin, AJoinQualifiesEveryColumnAndBindsValuesInTextOrder) {
    orm::sql::QueryClauses clauses;
    clauses.joins.push_back(join(users, col(&blog::Post::author_id) == col(&blog::User::id)));
    clauses.filters.push_back((col(&blog::User::name) == "Ada").fragment());
    clauses.order.push_back({col(&blog::Post::created_at).fragment(), orm::desc, std::nullopt});
    clauses.limit = 20;
    for (const auto* dialect : {&pg, &crdb}) {
        const auto statement = select<blog::Post>(*dialect, clauses);
        EXPECT_EQ(
            statement.text,
            fmt::format("SELECT {}, users.id, users.email, users.name, users.joined_at FROM posts INNER JOIN users "
                        "ON posts.author_id = users.id WHERE users.name = $1 ORDER BY posts.created_at DESC "
                        "LIMIT $2",
                        post_columns));
        EXPECT_THAT(statement.values, ElementsAre("Ada", "20"));
    }
}

TEST(QueryJoin, ALeftJoinIsSpelledAndCachedApartFromAnInnerOne) {
    orm::sql::QueryClauses inner;
    inner.joins.push_back(join(users, col(&blog::Post::author_id) == col(&blog::User::id)));
    orm::sql::QueryClauses left;
    left.joins.push_back(join(users, col(&blog::Post::author_id) == col(&blog::User::id), orm::sql::JoinKind::left));
    EXPECT_THAT(select<blog::Post>(pg, left).text, ::testing::HasSubstr(" FROM posts LEFT JOIN users ON "));
    EXPECT_NE(select<blog::Post>(pg, inner).text, select<blog::Post>(pg, left).text);
    EXPECT_EQ(select<blog::Post>(pg, inner, orm::sql::SelectShape::count).text,
              "SELECT count(*) FROM posts INNER JOIN users ON posts.author_id = users.id");
}

TEST(QueryProjection, AggregatesGroupByAndHavingInClauseOrder) {
    const auto comment_count = orm::count(col(&blog::Comment::id));
    orm::sql::QueryClauses clauses;
    clauses.joins.push_back(
        {&comments, orm::sql::JoinKind::left, (col(&blog::Comment::post_id) == col(&blog::Post::id)).fragment()});
    clauses.projection = {col(&blog::Post::title).fragment(), comment_count.fragment()};
    clauses.group_by = {col(&blog::Post::id).fragment(), col(&blog::Post::title).fragment()};
    clauses.having.push_back((comment_count >= 2).fragment());
    clauses.order.push_back({comment_count.fragment(), orm::desc, std::nullopt});
    const std::string grouped =
        "SELECT posts.title, count(comments.id) FROM posts LEFT JOIN comments ON comments.post_id = posts.id GROUP BY "
        "posts.id, posts.title HAVING count(comments.id) >= $1 ORDER BY count(comments.id) DESC";
    for (const auto* dialect : {&pg, &crdb}) {
        EXPECT_EQ(select<blog::Post>(*dialect, clauses).text, grouped);
        EXPECT_EQ(select<blog::Post>(*dialect, clauses, orm::sql::SelectShape::count).text,
                  "SELECT count(*) FROM (" + grouped + ") AS counted");
    }
    EXPECT_THAT(select<blog::Post>(pg, clauses).values, ElementsAre("2"));
}

TEST(QueryProjection, DistinctAndEveryAggregate) {
    orm::sql::QueryClauses clauses;
    clauses.projection = {col(&Account::balance).fragment()};
    clauses.distinct = true;
    EXPECT_EQ(select<Account>(pg, clauses).text, "SELECT DISTINCT balance FROM accounts");
    EXPECT_EQ(select<Account>(pg, clauses, orm::sql::SelectShape::count).text,
              "SELECT count(*) FROM (SELECT DISTINCT balance FROM accounts) AS counted");
    clauses.distinct = false;
    clauses.projection = {orm::count().fragment(),
                          orm::count_distinct(col(&Account::balance)).fragment(),
                          orm::sum(col(&Account::balance)).fragment(),
                          orm::avg(col(&Account::balance) + 1).fragment(),
                          orm::min(col(&Account::balance)).fragment(),
                          orm::max(col(&Account::balance)).fragment()};
    const auto statement = select<Account>(crdb, clauses);
    EXPECT_EQ(statement.text,
              "SELECT count(*), count(DISTINCT balance), sum(balance), avg(balance + $1), min(balance), max(balance) "
              "FROM accounts");
    EXPECT_THAT(statement.values, ElementsAre("1"));
}

TEST(QueryProjection, CountingAProjectionWithAValueBindsItWhereTheTextHasIt) {
    orm::sql::QueryClauses clauses;
    clauses.projection = {(col(&Account::balance) + 1).fragment()};
    const auto statement = select<Account>(pg, clauses, orm::sql::SelectShape::count);
    EXPECT_EQ(statement.text, "SELECT count(*) FROM (SELECT balance + $1 FROM accounts) AS counted");
    EXPECT_THAT(statement.values, ElementsAre("1"));
}

TEST(QueryConditions, PatternsAreBoundAndALiteralPrefixEscapesItsWildcards) {
    const auto like = select<blog::Comment>(pg, where(orm::like(col(&blog::Comment::body), "%is%")));
    EXPECT_THAT(like.text, ::testing::EndsWith(" WHERE body LIKE $1"));
    EXPECT_THAT(like.values, ElementsAre("%is%"));
    EXPECT_THAT(select<blog::Comment>(pg, where(orm::ilike(col(&blog::Comment::body), "a%"))).text,
                ::testing::EndsWith(" WHERE body ILIKE $1"));
    const auto prefix = select<blog::Comment>(crdb, where(orm::starts_with(col(&blog::Comment::body), "A_100%!")));
    EXPECT_THAT(prefix.text, ::testing::EndsWith(" WHERE body LIKE $1 ESCAPE '!'"));
    EXPECT_THAT(prefix.values, ElementsAre("A!_100!%!!%"));
    EXPECT_THAT(select<blog::Comment>(pg, where(orm::contains(col(&blog::Comment::body), "50%"))).values,
                ElementsAre("%50!%%"));
}

TEST(QueryConditions, LowerUpperBetweenAndNullopt) {
    EXPECT_THAT(select<blog::Comment>(pg, where(orm::lower(col(&blog::Comment::body)) == "hi")).text,
                ::testing::EndsWith(" WHERE lower(body) = $1"));
    EXPECT_THAT(select<blog::Comment>(pg, where(orm::upper(orm::lower(col(&blog::Comment::body))) == "HI")).text,
                ::testing::EndsWith(" WHERE upper(lower(body)) = $1"));
    const auto between = select<blog::Tag>(pg, where(orm::between(col(&blog::Tag::uses), 1, 3)));
    EXPECT_THAT(between.text, ::testing::EndsWith(" WHERE (uses >= $1) AND (uses <= $2)"));
    EXPECT_THAT(between.values, ElementsAre("1", "3"));
    EXPECT_THAT(select<blog::Comment>(pg, where(col(&blog::Comment::author_id) == std::nullopt)).text,
                ::testing::EndsWith(" WHERE author_id IS NULL"));
    EXPECT_THAT(select<blog::Comment>(pg, where(col(&blog::Comment::author_id) != std::nullopt)).text,
                ::testing::EndsWith(" WHERE author_id IS NOT NULL"));
    EXPECT_THAT(select<blog::Comment>(pg, where(col(&blog::Comment::author_id) == std::optional<std::int64_t>(4))).text,
                ::testing::EndsWith(" WHERE author_id = $1"));
}

TEST(QueryConditions, AForeignKeyComparesWithTheSerialKeyItReferences) {
    const auto statement = select<blog::Post>(pg, where(col(&blog::Post::author_id) == orm::serial{42}));
    EXPECT_THAT(statement.text, ::testing::EndsWith(" WHERE author_id = $1"));
    EXPECT_THAT(statement.values, ElementsAre("42"));
}

TEST(QueryUpdateAndRemove, RefuseJoinsAndProjections) {
    orm::sql::QueryClauses clauses;
    clauses.joins.push_back(join(users, col(&blog::Post::author_id) == col(&blog::User::id)));
    const std::vector<orm::sql::Assignment> assignments{orm::set(&blog::Post::title, "x").assignment};
    const orm::TableInfo& posts = orm::model_traits<blog::Post>::table;
    EXPECT_THROW(orm::sql::update(pg, posts, clauses, assignments, false), orm::Error);
    EXPECT_THROW(orm::sql::remove(pg, posts, clauses, false), orm::Error);
}

}  // namespace
