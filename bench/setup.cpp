// Server preparation: the sizes of the workloads, the seeded accounts (lookup, transfer), points (scan) and blog
// (join_aggregate), and ANALYZE so that every contender runs against the same plans from the first round on.
#include "setup.hpp"

#include <algorithm>
#include <cstdint>
#include <random>

#include <fmt/format.h>

#include <roachorm/models/account.hpp>
#include <roachorm/models/blog.hpp>
#include <roachorm/models/point.hpp>
#include <roachorm/orm/orm.hpp>

namespace bench {
namespace {

using models::Account;
using models::Point;
using models::blog::Comment;
using models::blog::Post;
using models::blog::User;

constexpr std::size_t seeded_accounts = 1'000;
constexpr std::int64_t seeded_balance = 1'000'000;
constexpr std::size_t bulk_points = 10'000;
constexpr std::size_t rows_per_transaction = 1'000;
constexpr std::size_t scan_rows = 10'000;
constexpr std::size_t blog_users = 100;
constexpr std::size_t blog_posts = 2'000;
constexpr std::size_t blog_comments = 20'000;
constexpr std::size_t page_rows = 50;

template <class Model>
bool holds_rows(orm::Database& db, const std::vector<std::string>& tables) {
    return std::ranges::find(tables, Model::table_name) != tables.end() &&
           orm::run_transaction(db, [](orm::Session& session) { return session.query<Model>().exists(); });
}

// Users, posts spread over them, and comments spread unevenly: every fourth post has none, every tenth is popular
// (a quarter of all comments), the others get about ten each, so pages differ little in how many rows they join.
// Returns the number of comments of each post, by id - 1 (the tables are new, so BIGSERIAL ids start at 1).
std::vector<std::int64_t> seed_blog(orm::Database& db) {
    std::mt19937_64 random(11);
    std::vector<std::int64_t> post_ids;
    orm::run_transaction(db, [&](orm::Session& session) {
        std::vector<User*> users;
        for (std::size_t i = 0; i < blog_users; ++i) {
            users.push_back(&session.add(
                User{.email = fmt::format("user{}@example.com", i), .name = fmt::format("User number {}", i)}));
        }
        session.flush();
        std::vector<Post*> posts;
        for (std::size_t i = 0; i < blog_posts; ++i) {
            posts.push_back(&session.add(Post{.author_id = users[i % blog_users]->id.value,
                                              .slug = fmt::format("post-{}", i),
                                              .title = fmt::format("Post number {} of the benchmark", i),
                                              .body = "..."}));
        }
        session.flush();
        for (const Post* post : posts) {
            post_ids.push_back(post->id.value);
        }
    });

    std::vector<std::int64_t> counts(blog_posts);
    std::uniform_int_distribution<std::size_t> any(0, blog_posts - 1);
    std::vector<Comment> comments;
    while (comments.size() < blog_comments) {
        std::size_t post = any(random);
        if (comments.size() % 4 == 0) {
            post = post / 10 * 10 + 1;
        }
        if (post % 4 == 0) {
            continue;
        }
        comments.push_back({.id = orm::uuid::random(), .post_id = post_ids[post], .body = "A comment"});
        ++counts[static_cast<std::size_t>(post_ids[post] - 1)];
    }
    orm::insert_chunked<Comment>(db, comments, rows_per_transaction);
    return counts;
}

}  // namespace

std::vector<PointValues> random_points(std::size_t count) {
    std::mt19937_64 random(7);
    std::uniform_real_distribution<double> coordinate(-1000, 1000);
    std::vector<PointValues> points(count);
    for (PointValues& point : points) {
        point = {coordinate(random), coordinate(random), coordinate(random)};
    }
    return points;
}

Setup prepare_server(const std::string& url, bool reset) {
    orm::Database db(url);
    const std::vector<std::string> tables = db.table_names();
    if (!reset && (holds_rows<Account>(db, tables) || holds_rows<Point>(db, tables) || holds_rows<User>(db, tables) ||
                   holds_rows<Post>(db, tables) || holds_rows<Comment>(db, tables))) {
        throw orm::Error(fmt::format(
            "the tables {}, {}, {}, {} and {} hold rows, and the benchmark drops and recreates them: pass --reset to "
            "let it (their rows are lost), or point it at a throwaway server (scripts/db)",
            Account::table_name, Point::table_name, User::table_name, Post::table_name, Comment::table_name));
    }
    // Fresh tables: no bloat from an earlier run, and BIGSERIAL ids from 1.
    db.drop_all<Account, Point, User, Post, Comment>();
    db.create_all<Account, Point, User, Post, Comment>();

    const orm::TransactionMode mode = db.options().transaction.mode();
    Setup setup{.url = url,
                .conninfo = db.url().conninfo,
                .dialect = db.url().dialect,
                .begin = db.dialect().begin_transaction(mode),
                .commit = db.dialect().commit_transaction(mode),
                .account_ids = {},
                .points = random_points(bulk_points),
                .rows_per_transaction = rows_per_transaction,
                .scan_rows = scan_rows,
                .page_rows = page_rows,
                .comments_per_post = {}};

    std::vector<Account> accounts(seeded_accounts);
    for (Account& account : accounts) {
        account = {.id = orm::uuid::random(), .balance = seeded_balance};
        setup.account_ids.push_back(account.id.to_string());
    }
    orm::run_transaction(db, [&](orm::Session& session) { session.add_all(accounts); });
    std::vector<Point> points;
    for (const PointValues& point : random_points(scan_rows)) {
        points.push_back({.id = {}, .x = point.x, .y = point.y, .z = point.z});
    }
    orm::insert_chunked<Point>(db, points, rows_per_transaction);
    setup.comments_per_post = seed_blog(db);

    const auto connection = db.connect();
    for (const std::string_view table :
         {Account::table_name, Point::table_name, User::table_name, Post::table_name, Comment::table_name}) {
        connection->execute_unprepared(fmt::format("ANALYZE {}", table));
    }
    return setup;
}

}  // namespace bench
