// Golden SQL of every statement shape in the sqlite dialect, each prepared (and most run) on a real in-memory SQLite
// through libsqlite3, and the dialect's reflection read back from that database into compare_schema.
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <roachorm/dialect/sqlite.hpp>
#include <roachorm/models/account.hpp>
#include <roachorm/models/blog.hpp>
#include <roachorm/models/point.hpp>
#include <roachorm/orm/core/value_text.hpp>
#include <roachorm/orm/execution/schema_check.hpp>
#include <roachorm/orm/orm.hpp>
#include <roachorm/orm/sql/keyset.hpp>
#include <roachorm/orm/sql/sql.hpp>

#include "../reserved_names_model.hpp"

namespace {

using orm::col;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const orm::dialect::Dialect& lite = orm::dialect::sqlite();

template <orm::Model T>
const orm::TableStatements& statements() {
    return orm::statements<T>(lite);
}

// A connection to a fresh in-memory database, with foreign keys enforced as the SQLite connection enforces them.
// Statements bind every value as text, as roachorm's connections do.
class Database {
public:
    Database() {
        sqlite3* handle = nullptr;
        EXPECT_EQ(sqlite3_open(":memory:", &handle), SQLITE_OK);
        handle_.reset(handle);
        run("PRAGMA foreign_keys = ON");
    }

    // Every statement of `sql`, as the connection runs transaction control (sqlite3_exec).
    void run_all(const std::string& sql) {
        if (sqlite3_exec(handle_.get(), sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
            throw std::runtime_error(sqlite3_errmsg(handle_.get()) + std::string(" in: ") + sql);
        }
    }

    // The rows of `sql` with `params` bound as text, each column as text (NULL as std::nullopt).
    orm::ResultSet run(const std::string& sql, const std::vector<orm::TextValue>& params = {}) {
        sqlite3_stmt* raw = nullptr;
        const int prepared = sqlite3_prepare_v2(handle_.get(), sql.c_str(), -1, &raw, nullptr);
        const std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> statement(raw, &sqlite3_finalize);
        if (prepared != SQLITE_OK) {
            throw std::runtime_error(sqlite3_errmsg(handle_.get()) + std::string(" in: ") + sql);
        }
        for (std::size_t i = 0; i < params.size(); ++i) {
            const int position = static_cast<int>(i + 1);
            if (params[i]) {
                sqlite3_bind_text(raw, position, params[i]->c_str(), -1, SQLITE_TRANSIENT);
            } else {
                sqlite3_bind_null(raw, position);
            }
        }
        orm::ResultSet result{.statement = sql, .columns = {}, .rows = {}};
        for (int c = 0; c < sqlite3_column_count(raw); ++c) {
            result.columns.emplace_back(sqlite3_column_name(raw, c));
        }
        int step = SQLITE_ROW;
        while ((step = sqlite3_step(raw)) == SQLITE_ROW) {
            std::vector<orm::TextValue> row;
            for (int c = 0; c < sqlite3_column_count(raw); ++c) {
                const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(raw, c));
                row.push_back(text == nullptr ? orm::TextValue() : orm::TextValue(text));
            }
            result.rows.push_back(std::move(row));
        }
        if (step != SQLITE_DONE) {
            throw std::runtime_error(sqlite3_errmsg(handle_.get()) + std::string(" in: ") + sql);
        }
        return result;
    }

    // The first column of every row.
    std::vector<std::string> column(const std::string& sql, const std::vector<orm::TextValue>& params = {}) {
        std::vector<std::string> values;
        for (const auto& row : run(sql, params).rows) {
            values.push_back(row.front().value_or("NULL"));
        }
        return values;
    }

    // Lowers the most parameters a statement may bind, as a build of SQLite may have set it.
    void limit_parameters(int most) { sqlite3_limit(handle_.get(), SQLITE_LIMIT_VARIABLE_NUMBER, most); }

    // Whether SQLite accepts `sql` (it parses, and every table and column it names exists).
    bool prepares(const std::string& sql) {
        sqlite3_stmt* raw = nullptr;
        const int prepared = sqlite3_prepare_v2(handle_.get(), sql.c_str(), -1, &raw, nullptr);
        sqlite3_finalize(raw);
        if (prepared != SQLITE_OK) {
            ADD_FAILURE() << sqlite3_errmsg(handle_.get()) << " in: " << sql;
        }
        return prepared == SQLITE_OK;
    }

    template <orm::Model... T>
    void create() {
        (run(statements<T>().create_table), ...);
    }

    template <orm::Model T>
    orm::TableDescription describe() {
        orm::TableDescription table;
        const auto columns = lite.columns_query("main", orm::model_traits<T>::table_name);
        table.columns = lite.columns(run(columns.sql, columns.params));
        const auto constraints = lite.constraints_query("main", orm::model_traits<T>::table_name);
        const auto indexes = lite.indexes_query("main", orm::model_traits<T>::table_name);
        lite.read_constraints(run(constraints.sql, constraints.params), run(indexes.sql, indexes.params), table);
        return table;
    }

private:
    std::unique_ptr<sqlite3, decltype(&sqlite3_close)> handle_{nullptr, &sqlite3_close};
};

template <orm::Model T>
orm::sql::QueryClauses where(const orm::Condition<T>& condition) {
    orm::sql::QueryClauses clauses;
    clauses.filters.push_back(condition.fragment());
    return clauses;
}

template <orm::Model T>
orm::sql::Statement select(const orm::sql::QueryClauses& clauses,
                           orm::sql::SelectShape shape = orm::sql::SelectShape::rows) {
    orm::sql::Statement statement = orm::sql::select(lite, orm::model_traits<T>::table, clauses, shape);
    EXPECT_EQ(statements<T>().select(clauses, shape), statement.text);
    EXPECT_EQ(orm::sql::select_values(lite, clauses), statement.values);
    return statement;
}

// Every table, index and constraint of the blog, on one database.
struct Blog : Database {
    Blog() {
        create<models::blog::User, models::blog::Post, models::blog::Comment, models::blog::Tag,
               models::blog::PostTag>();
        for (const std::string& index : statements<models::blog::Comment>().create_indexes()) {
            run(index);
        }
        for (const std::string& index : statements<models::blog::PostTag>().create_indexes()) {
            run(index);
        }
    }
};

// Every column type, every kind of default, a composite foreign key with actions, and named, descending, unique and
// partial indexes.
struct Shelf {
    static constexpr std::string_view table_name = "shelves";
    std::string room;
    std::int16_t number = 0;
    static constexpr auto primary_key = orm::key(&Shelf::room, &Shelf::number);
};

struct Item {
    static constexpr std::string_view table_name = "items";
    orm::uuid id{};
    std::string room;
    std::int16_t shelf = 0;
    std::int32_t copies = 0;
    std::int64_t isbn = 0;
    float width = 0;
    double weight = 0;
    orm::decimal price{"0"};
    orm::bytes cover{};
    orm::interval loan{};
    std::optional<orm::uuid> sequel_of;
    orm::timestamp published{};
    orm::defaulted<bool, true> in_print;
    orm::defaulted<double, 2.5> rating;
    orm::defaulted<std::string, orm::literal{"it's new"}> note;
    orm::defaulted<orm::timestamp, orm::now> added;

    static constexpr auto constraints =
        orm::constraints(orm::foreign_key(&Item::room, &Item::shelf)
                             .references(&Shelf::room, &Shelf::number)
                             .on_delete(orm::Action::restrict)
                             .on_update(orm::Action::cascade),
                         orm::foreign_key(&Item::sequel_of).references(&Item::id).on_delete(orm::Action::set_null),
                         orm::unique(&Item::isbn), orm::index(orm::descending(&Item::published), &Item::room),
                         orm::index(&Item::isbn).where("copies > 0").unique().named("items_in_stock_isbn"));
};

// ---- CREATE TABLE and CREATE INDEX --------------------------------------------------------------------------------

TEST(SQLiteCreateTable, UuidKeyHasNoDefaultAndIntegersKeepTheirWidthInTheirNames) {
    EXPECT_EQ(statements<models::Account>().create_table,
              "CREATE TABLE IF NOT EXISTS accounts (\n"
              "    id UUID NOT NULL,\n"
              "    balance INT8 NOT NULL,\n"
              "    CONSTRAINT accounts_pkey PRIMARY KEY (id)\n"
              ")");
}

TEST(SQLiteCreateTable, SerialKeyIsDeclaredExactlyIntegerToBeTheRowid) {
    EXPECT_EQ(statements<models::Point>().create_table,
              "CREATE TABLE IF NOT EXISTS points (\n"
              "    id INTEGER NOT NULL,\n"
              "    x FLOAT8 NOT NULL,\n"
              "    y FLOAT8 NOT NULL,\n"
              "    z FLOAT8 NOT NULL,\n"
              "    CONSTRAINT points_pkey PRIMARY KEY (id)\n"
              ")");
    Database db;
    db.create<models::Point>();
    // An INSERT without the key gets rowids; an alias of the rowid has the rowid's value.
    EXPECT_THAT(db.column(statements<models::Point>().insert_returning_key, {"1.5", "2", "3"}), ElementsAre("1"));
    EXPECT_THAT(db.column(statements<models::Point>().insert_returning_key, {"1.5", "2", "3"}), ElementsAre("2"));
    EXPECT_THAT(db.column("SELECT rowid = id FROM points"), ElementsAre("1", "1"));
}

TEST(SQLiteCreateTable, DefaultsAreSpelledForSQLiteAndConstraintsAreNamedInline) {
    EXPECT_EQ(statements<models::blog::User>().create_table,
              "CREATE TABLE IF NOT EXISTS users (\n"
              "    id INTEGER NOT NULL,\n"
              "    email TEXT NOT NULL,\n"
              "    name TEXT NOT NULL,\n"
              "    joined_at TIMESTAMPTZ NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now') || '000+00:00'),\n"
              "    CONSTRAINT users_pkey PRIMARY KEY (id),\n"
              "    CONSTRAINT users_email_key UNIQUE (email)\n"
              ")");
    EXPECT_EQ(statements<models::blog::Post>().create_table,
              "CREATE TABLE IF NOT EXISTS posts (\n"
              "    id INTEGER NOT NULL,\n"
              "    author_id INT8 NOT NULL,\n"
              "    slug TEXT NOT NULL,\n"
              "    title TEXT NOT NULL,\n"
              "    body TEXT NOT NULL,\n"
              "    status TEXT NOT NULL DEFAULT 'draft',\n"
              "    created_at TIMESTAMPTZ NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now') || '000+00:00'),\n"
              "    CONSTRAINT posts_pkey PRIMARY KEY (id),\n"
              "    CONSTRAINT posts_author_id_slug_key UNIQUE (author_id, slug),\n"
              "    CONSTRAINT posts_author_id_fkey FOREIGN KEY (author_id) REFERENCES users (id) ON DELETE CASCADE\n"
              ")");
    EXPECT_EQ(statements<models::blog::Tag>().create_table,
              "CREATE TABLE IF NOT EXISTS tags (\n"
              "    name TEXT NOT NULL,\n"
              "    uses INT4 NOT NULL DEFAULT 0,\n"
              "    CONSTRAINT tags_pkey PRIMARY KEY (name)\n"
              ")");
}

TEST(SQLiteCreateTable, EveryBlogTableAndIndexIsCreatedAndTheTimestampDefaultReadsBack) {
    Blog db;
    EXPECT_THAT(db.column(lite.table_names_query("main").sql),
                ElementsAre("comments", "post_tags", "posts", "tags", "users"));
    const auto joined =
        db.column("INSERT INTO users (email, name) VALUES ('ada@example.com', 'Ada') RETURNING joined_at");
    ASSERT_EQ(joined.size(), 1U);
    EXPECT_NO_THROW(orm::text::parse_timestamp(joined.front())) << joined.front();
}

TEST(SQLiteCreateIndex, PlainAndPartialIndexesAreStandardSQL) {
    EXPECT_THAT(statements<models::blog::Comment>().create_indexes(),
                ElementsAre("CREATE INDEX IF NOT EXISTS comments_post_id_created_at_idx ON comments (post_id, "
                            "created_at)"));
    EXPECT_THAT(statements<models::blog::PostTag>().create_indexes(),
                ElementsAre("CREATE INDEX IF NOT EXISTS post_tags_tag_idx ON post_tags (tag) WHERE position < 3"));
}

TEST(SQLiteCreateIndex, CoveringColumnsAreLeftOutAndHashShardingIsAnErrorNamingTableAndIndex) {
    // SQLite indexes have no INCLUDE/STORING: the index is made on its key columns, which gives the same results.
    EXPECT_FALSE(lite.has_covering_columns());
    EXPECT_THAT(statements<models::blog::Post>().create_indexes(),
                ElementsAre("CREATE INDEX IF NOT EXISTS posts_author_id_created_at_idx ON posts (author_id, "
                            "created_at DESC)"));
    const orm::ColumnInfo columns[] = {{"id", orm::SqlType::int64, false, true, nullptr}};
    const orm::TableInfo table{.name = "events", .columns = columns, .key_index = 0, .key_kind = orm::KeyKind::serial};
    orm::IndexInfo index{};
    index.name.append("events_id_idx");
    EXPECT_THROW(
        {
            try {
                lite.hash_sharding(table, index);
            } catch (const orm::Error& error) {
                EXPECT_THAT(error.what(), AllOf(HasSubstr("index \"events_id_idx\" of table \"events\""),
                                                HasSubstr("SQLite has none")));
                throw;
            }
        },
        orm::Error);
}

TEST(SQLiteCreateTable, EveryTypeAndDefaultRoundTripsThroughItsDeclaredType) {
    EXPECT_EQ(statements<Item>().create_table,
              "CREATE TABLE IF NOT EXISTS items (\n"
              "    id UUID NOT NULL,\n"
              "    room TEXT NOT NULL,\n"
              "    shelf INT2 NOT NULL,\n"
              "    copies INT4 NOT NULL,\n"
              "    isbn INT8 NOT NULL,\n"
              "    width FLOAT4 NOT NULL,\n"
              "    weight FLOAT8 NOT NULL,\n"
              "    price NUMERIC NOT NULL,\n"
              "    cover BLOB NOT NULL,\n"
              "    loan INTERVAL NOT NULL,\n"
              "    sequel_of UUID,\n"
              "    published TIMESTAMPTZ NOT NULL,\n"
              "    in_print BOOLEAN NOT NULL DEFAULT 't',\n"
              "    rating FLOAT8 NOT NULL DEFAULT 2.5,\n"
              "    note TEXT NOT NULL DEFAULT 'it''s new',\n"
              "    added TIMESTAMPTZ NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now') || '000+00:00'),\n"
              "    CONSTRAINT items_pkey PRIMARY KEY (id),\n"
              "    CONSTRAINT items_isbn_key UNIQUE (isbn),\n"
              "    CONSTRAINT items_room_shelf_fkey FOREIGN KEY (room, shelf) REFERENCES shelves (room, number) ON "
              "DELETE RESTRICT ON UPDATE CASCADE,\n"
              "    CONSTRAINT items_sequel_of_fkey FOREIGN KEY (sequel_of) REFERENCES items (id) ON DELETE SET NULL\n"
              ")");
    Database db;
    db.create<Shelf, Item>();
    for (const std::string& index : statements<Item>().create_indexes()) {
        db.run(index);
    }
    db.run(statements<Shelf>().insert(1), {"hall", "3"});
    // What roachorm writes for each type, the defaulted columns left to SQLite.
    const Item written{.id = orm::uuid::random(),
                       .room = "hall",
                       .shelf = 3,
                       .copies = 2,
                       .isbn = 9'780'131'103'627,
                       .width = 0.5F,
                       .weight = 1.25,
                       .price = orm::decimal{"12.50"},
                       .cover = orm::bytes{std::byte{0x00}, std::byte{0xff}},
                       .loan = orm::interval{std::chrono::days{14}},
                       .sequel_of = std::nullopt,
                       .published = orm::text::parse_timestamp("2024-01-02 03:04:05.123456+00:00"),
                       .in_print = {},
                       .rating = {},
                       .note = {},
                       .added = {}};
    constexpr orm::sql::ColumnMask defaulted = 0b1111ULL << 12;
    std::vector<orm::TextValue> values;
    orm::mapping::append_row_values(written, values, defaulted);
    const orm::ResultSet returned = db.run(statements<Item>().insert(1, defaulted), values);
    ASSERT_EQ(returned.rows.size(), 1U);
    EXPECT_THAT(returned.rows[0],
                ElementsAre(orm::text::format_uuid(written.id), "t", "2.5", "it's new", ::testing::_));
    const orm::ResultSet read = db.run(statements<Item>().select_by_key, {orm::text::format_uuid(written.id)});
    ASSERT_EQ(read.rows.size(), 1U);
    std::vector<orm::TextView> row;
    for (const orm::TextValue& value : read.rows[0]) {
        row.push_back(value ? orm::TextView(*value) : orm::TextView());
    }
    const Item item = orm::mapping::object_from_row<Item>(row);
    EXPECT_EQ(item.isbn, written.isbn);
    EXPECT_EQ(item.width, written.width);
    EXPECT_EQ(item.price, orm::decimal{"12.5"}) << "NUMERIC affinity keeps the number, not its trailing zero";
    EXPECT_EQ(item.cover, written.cover);
    EXPECT_EQ(item.loan, written.loan);
    EXPECT_EQ(item.published, written.published);
    EXPECT_EQ(item.in_print, true);
    EXPECT_EQ(item.note, std::string("it's new"));
    EXPECT_THAT(orm::compare_schema(orm::model_traits<Item>::table, db.describe<Item>(), lite), IsEmpty());
}

using roachorm_test::Order;

TEST(SQLiteCreateTable, ReservedAndMixedCaseNamesAreQuotedAndEveryStatementRuns) {
    EXPECT_EQ(statements<Order>().create_table,
              "CREATE TABLE IF NOT EXISTS \"order\" (\n"
              "    number INT8 NOT NULL,\n"
              "    \"user\" TEXT NOT NULL,\n"
              "    \"Comment\" TEXT,\n"
              "    CONSTRAINT order_pkey PRIMARY KEY (number)\n"
              ")");
    Database db;
    db.create<Order>();
    db.run(statements<Order>().insert(1), {"1", "ada", std::nullopt});
    db.run(statements<Order>().upsert(1), {"1", "grace", "late"});
    db.run(statements<Order>().update(0b110), {"alan", std::nullopt, "1"});
    EXPECT_THAT(db.run(statements<Order>().select_by_key, {"1"}).rows,
                ElementsAre(ElementsAre("1", "alan", std::nullopt)));
    const std::vector<std::string> users{"alan"};
    const auto named = select<Order>(where(col(&Order::user).in(users) && col(&Order::Comment).is_null()));
    EXPECT_THAT(db.column(named.text, named.values), ElementsAre("1"));
    db.run(statements<Order>().delete_by_key, {"1"});
    EXPECT_THAT(db.column("SELECT count(*) FROM \"order\""), ElementsAre("0"));
}

// ---- writes -------------------------------------------------------------------------------------------------------

TEST(SQLiteWrite, ParametersAreNumberedQuestionMarks) {
    EXPECT_EQ(statements<models::Point>().insert(2),
              "INSERT INTO points (id, x, y, z) VALUES (?1, ?2, ?3, ?4), (?5, ?6, ?7, ?8)");
    EXPECT_EQ(statements<models::Point>().insert_returning_key,
              "INSERT INTO points (x, y, z) VALUES (?1, ?2, ?3) RETURNING id");
    EXPECT_EQ(statements<models::Point>().select_by_key, "SELECT id, x, y, z FROM points WHERE id = ?1");
    EXPECT_EQ(statements<models::Point>().update(0b0110), "UPDATE points SET x = ?1, y = ?2 WHERE id = ?3");
    EXPECT_EQ(statements<models::Point>().delete_by_key, "DELETE FROM points WHERE id = ?1");
    EXPECT_EQ(statements<models::Point>().drop_table, "DROP TABLE IF EXISTS points");
    Database db;
    db.create<models::Point>();
    db.run(statements<models::Point>().insert(2), {"1", "0.5", "1", "2", "2", "3", "4", "5"});
    db.run(statements<models::Point>().update(0b0110), {"9", "8", "1"});
    EXPECT_THAT(db.run(statements<models::Point>().select_by_key, {"1"}).rows,
                ElementsAre(ElementsAre("1", "9.0", "8.0", "2.0")));
    db.run(statements<models::Point>().delete_by_key, {"2"});
    EXPECT_THAT(db.column("SELECT count(*) FROM points"), ElementsAre("1"));
    db.run(statements<models::Point>().drop_table);
    EXPECT_THAT(db.column(lite.table_names_query("main").sql), IsEmpty());
}

// Debian's SQLite allows 250000 parameters; a build that kept SQLite's default allows 32766, set here.
TEST(SQLiteWrite, AStatementBindsNoMoreParametersThanSQLitesDefaultLimit) {
    EXPECT_EQ(lite.max_parameters(), 32766u) << "SQLITE_MAX_VARIABLE_NUMBER's default since 3.32.0";
    const std::size_t rows = orm::sql::max_rows_per_write(lite, orm::model_traits<models::Point>::table);
    EXPECT_EQ(rows, 32766u / 4);
    Database db;
    db.create<models::Point>();
    db.limit_parameters(32766);
    EXPECT_TRUE(db.prepares(statements<models::Point>().insert(rows)));
    EXPECT_THROW(db.run(statements<models::Point>().insert(rows + 1)), std::runtime_error) << "one row too many";
}

TEST(SQLiteWrite, TheKeysReservedAreThoseAfterTheLargestWhichIsWhatSQLiteWouldAssignNext) {
    EXPECT_TRUE(lite.reserves_key_ranges());
    EXPECT_EQ(statements<models::Point>().reserve_serial_keys, "SELECT coalesce(max(id), 0) FROM points");
    Database db;
    db.create<models::Point>();
    EXPECT_THAT(db.column(statements<models::Point>().reserve_serial_keys), ElementsAre("0"));
    db.run(statements<models::Point>().insert(2), {"1", "0", "0", "0", "2", "0", "0", "0"});
    EXPECT_THAT(db.column(statements<models::Point>().reserve_serial_keys), ElementsAre("2"));
    // The next key SQLite itself assigns is the one after the largest.
    EXPECT_THAT(db.column(statements<models::Point>().insert_returning_key, {"0", "0", "0"}), ElementsAre("3"));
}

TEST(SQLiteWrite, UpsertIsInsertOnConflictDoUpdateAndDoNothingForKeyOnlyRows) {
    using models::blog::PostTag;
    using models::blog::Tag;
    EXPECT_EQ(statements<models::Account>().upsert(2),
              "INSERT INTO accounts (id, balance) VALUES (?1, ?2), (?3, ?4) ON CONFLICT (id) DO UPDATE SET "
              "balance = EXCLUDED.balance");
    EXPECT_EQ(statements<PostTag>().upsert(1),
              "INSERT INTO post_tags (post_id, tag, \"position\") VALUES (?1, ?2, ?3) ON CONFLICT (post_id, tag) DO "
              "UPDATE SET \"position\" = EXCLUDED.\"position\"");
    // Tag written without its defaulted column: the key updates itself, so RETURNING still returns the row.
    EXPECT_EQ(statements<Tag>().upsert(1, 0b10),
              "INSERT INTO tags (name) VALUES (?1) ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING "
              "name, uses");
    Database db;
    db.create<models::Account, Tag>();
    const std::string id = "1f0e7a3c-8d2b-4c5e-9f6a-0b1c2d3e4f50";
    db.run(statements<models::Account>().upsert(1), {id, "10"});
    db.run(statements<models::Account>().upsert(1), {id, "25"});
    EXPECT_THAT(db.run("SELECT id, balance FROM accounts").rows, ElementsAre(ElementsAre(id, "25")));
    db.run("INSERT INTO tags (name, uses) VALUES ('c++', 7)");
    EXPECT_THAT(db.run(statements<Tag>().upsert(1, 0b10), {"c++"}).rows, ElementsAre(ElementsAre("c++", "7")));
}

// ---- queries ------------------------------------------------------------------------------------------------------

TEST(SQLiteQuery, InBindsOneJsonArrayThatJsonEachReadsBack) {
    using models::blog::User;
    const std::vector<std::int64_t> two{1, 3};
    const std::vector<std::int64_t> none;
    const auto statement = select<User>(where(col(&User::id).in(two)));
    EXPECT_EQ(statement.text,
              "SELECT id, email, name, joined_at FROM users WHERE id IN (SELECT value FROM json_each(?1))");
    EXPECT_THAT(statement.values, ElementsAre(R"(["1","3"])"));
    const std::vector<std::string> odd{"a\"b", "c\\d", "e\nf"};
    EXPECT_THAT(select<User>(where(col(&User::name).in(odd))).values, ElementsAre(R"(["a\"b","c\\d","e\u000af"])"));

    Blog db;
    for (const char* name : {"a\"b", "c\\d", "e\nf", "Grace"}) {
        db.run("INSERT INTO users (email, name) VALUES (?1, ?1)", {std::string(name)});
    }
    EXPECT_THAT(db.column(statement.text, statement.values), ElementsAre("1", "3"));
    const auto names = select<User>(where(col(&User::name).in(odd)));
    EXPECT_THAT(db.column(names.text, names.values), ElementsAre("1", "2", "3"));
    const auto empty = select<User>(where(col(&User::id).in(none)));
    EXPECT_EQ(empty.text, statement.text) << "one statement for any number of values";
    EXPECT_THAT(db.column(empty.text, empty.values), IsEmpty());
}

TEST(SQLiteQuery, JoinsOrderLimitOffsetCountAndExists) {
    using models::blog::Post;
    using models::blog::User;
    orm::sql::QueryClauses clauses;
    clauses.joins.push_back({&orm::model_traits<User>::table, orm::sql::JoinKind::inner,
                             (col(&Post::author_id) == col(&User::id)).fragment()});
    clauses.filters.push_back((col(&User::name) == "Ada").fragment());
    clauses.order.push_back({col(&Post::created_at).fragment(), orm::desc, std::nullopt});
    clauses.limit = 20;
    clauses.offset = 40;
    const auto statement = select<Post>(clauses);
    EXPECT_EQ(statement.text,
              "SELECT posts.id, posts.author_id, posts.slug, posts.title, posts.body, posts.status, posts.created_at, "
              "users.id, users.email, users.name, users.joined_at FROM posts INNER JOIN users ON posts.author_id = "
              "users.id WHERE users.name = ?1 ORDER BY posts.created_at DESC LIMIT ?2 OFFSET ?3");
    EXPECT_THAT(statement.values, ElementsAre("Ada", "20", "40"));
    const auto counted = select<Post>(clauses, orm::sql::SelectShape::count);
    const auto exists = select<Post>(clauses, orm::sql::SelectShape::exists);

    Blog db;
    db.run("INSERT INTO users (email, name) VALUES ('a', 'Ada')");
    for (int i = 0; i < 45; ++i) {
        db.run("INSERT INTO posts (author_id, slug, title, body) VALUES (1, ?1, 't', 'b')", {std::to_string(i)});
    }
    EXPECT_EQ(db.run(statement.text, statement.values).rows.size(), 5U) << "LIMIT and OFFSET bound as text";
    EXPECT_THAT(db.column(counted.text, counted.values), ElementsAre("5"));
    // SQLite's EXISTS is the integer 1 or 0; roachorm reads t or f.
    EXPECT_THAT(exists.text, ::testing::StartsWith("SELECT CASE WHEN EXISTS (SELECT 1 FROM posts INNER JOIN users "));
    EXPECT_THAT(exists.text, ::testing::EndsWith(" LIMIT ?2 OFFSET ?3) THEN 't' ELSE 'f' END"));
    EXPECT_THAT(db.column(exists.text, exists.values), ElementsAre("t"));
    const auto none = select<Post>(where(col(&Post::slug) == "none"), orm::sql::SelectShape::exists);
    EXPECT_THAT(db.column(none.text, none.values), ElementsAre("f"));
}

TEST(SQLiteQuery, KeysetPagesCompareTheOrderingColumns) {
    using models::blog::Post;
    const std::vector<orm::TextValue> row{"7", "1", "s", "t", "b", "draft", "2024-01-02 03:04:05.000000+00:00"};
    std::vector<orm::sql::Ordering> order{
        {col(&Post::created_at).fragment(), orm::desc, 6},
        {col(&Post::id).fragment(), orm::desc, 0},
    };
    orm::sql::QueryClauses clauses;
    clauses.filters.push_back(orm::sql::rows_after(orm::model_traits<Post>::table, order, row));
    clauses.order = order;
    clauses.limit = 10;
    const auto statement = select<Post>(clauses);
    EXPECT_EQ(statement.text,
              "SELECT id, author_id, slug, title, body, status, created_at FROM posts WHERE (created_at < ?1) OR "
              "((created_at = ?2) AND (id < ?3)) ORDER BY created_at DESC, id DESC LIMIT ?4");
    Blog db;
    db.run("INSERT INTO users (email, name) VALUES ('a', 'Ada')");
    for (const char* at :
         {"2024-01-02 03:04:05.000000+00:00", "2024-01-02 03:04:04.999999+00:00", "2024-01-02 03:04:05.000001+00:00"}) {
        db.run("INSERT INTO posts (author_id, slug, title, body, created_at) VALUES (1, ?1, 't', 'b', ?1)",
               {std::string(at)});
    }
    // Timestamps of one fixed-width UTC form order as text: rows 1 (same time, smaller key) and 2 come after.
    EXPECT_THAT(db.column(statement.text, statement.values), ElementsAre("1", "2"));
}

TEST(SQLiteQuery, AggregatesGroupByHavingAndIntegerDivisionCastTheirNumbers) {
    using models::blog::Comment;
    using models::blog::Post;
    const auto comment_count = orm::count(col(&Comment::id));
    orm::sql::QueryClauses clauses;
    clauses.joins.push_back({&orm::model_traits<Comment>::table, orm::sql::JoinKind::left,
                             (col(&Comment::post_id) == col(&Post::id)).fragment()});
    clauses.projection = {col(&Post::title).fragment(), comment_count.fragment(),
                          (col(&Post::author_id) / 2).fragment()};
    clauses.group_by = {col(&Post::id).fragment(), col(&Post::title).fragment()};
    clauses.having.push_back((comment_count >= 0).fragment());
    const auto statement = select<Post>(clauses);
    EXPECT_EQ(statement.text,
              "SELECT posts.title, count(comments.id), posts.author_id / CAST(?1 AS INTEGER) FROM posts LEFT JOIN "
              "comments ON comments.post_id = posts.id GROUP BY posts.id, posts.title HAVING count(comments.id) >= "
              "CAST(?2 AS INTEGER)");
    Blog db;
    for (int i = 0; i < 7; ++i) {
        db.run("INSERT INTO users (email, name) VALUES (?1, 'Ada')", {std::to_string(i)});
    }
    db.run("INSERT INTO posts (author_id, slug, title, body) VALUES (7, 's', 't', 'b')");
    // Numbers are cast: count(...) >= '0' would compare an INTEGER with a TEXT, and every INTEGER is less than a
    // TEXT. Integer division truncates.
    EXPECT_THAT(db.run(statement.text, statement.values).rows, ElementsAre(ElementsAre("t", "0", "3")));
}

TEST(SQLiteQuery, ABoolColumnAloneIsAConditionOnItsStoredText) {
    const auto in_print = select<Item>(where(col(&Item::in_print)));
    EXPECT_THAT(in_print.text, ::testing::EndsWith(" FROM items WHERE in_print = 't'"));
    const auto out_of_print = select<Item>(where(!col(&Item::in_print)));
    EXPECT_THAT(out_of_print.text, ::testing::EndsWith(" FROM items WHERE NOT in_print = 't'"));
    const auto both = select<Item>(where(col(&Item::in_print) && col(&Item::copies) > 1));
    EXPECT_THAT(both.text, ::testing::EndsWith(" FROM items WHERE in_print = 't' AND (copies > CAST(?1 AS INTEGER))"));
    const auto compared = select<Item>(where(col(&Item::in_print) == false));
    EXPECT_THAT(compared.text, ::testing::EndsWith(" FROM items WHERE in_print = ?1"));
    Database db;
    db.create<Shelf, Item>();
    db.run("INSERT INTO shelves VALUES ('hall', 1)");
    const std::string columns =
        "INSERT INTO items (id, room, shelf, copies, isbn, width, weight, price, cover, loan, "
        "published, in_print) VALUES ";
    db.run(columns +
           "('a', 'hall', 1, 2, 1, 0, 0, 0, '', '', '', 't'), ('b', 'hall', 1, 2, 2, 0, 0, 0, '', '', '', "
           "'f'), ('c', 'hall', 1, 1, 3, 0, 0, 0, '', '', '', 't')");
    EXPECT_THAT(db.column(in_print.text, in_print.values), ElementsAre("a", "c"));
    EXPECT_THAT(db.column(out_of_print.text, out_of_print.values), ElementsAre("b"));
    EXPECT_THAT(db.column(both.text, both.values), ElementsAre("a"));
    EXPECT_THAT(db.column(compared.text, compared.values), ElementsAre("b"));
}

TEST(SQLiteQuery, IlikeIsLikeWhichIgnoresTheCaseOfAsciiLetters) {
    using models::blog::User;
    const auto statement = select<User>(where(orm::ilike(col(&User::name), "ad%")));
    EXPECT_EQ(statement.text, "SELECT id, email, name, joined_at FROM users WHERE name LIKE ?1");
    EXPECT_EQ(select<User>(where(orm::starts_with(col(&User::name), "a_"))).text,
              "SELECT id, email, name, joined_at FROM users WHERE name LIKE ?1 ESCAPE '!'");
    Blog db;
    db.run("INSERT INTO users (email, name) VALUES ('a', 'Ada')");
    EXPECT_THAT(db.column(statement.text, statement.values), ElementsAre("1"));
}

TEST(SQLiteQuery, BulkUpdateAndDeleteReturnTheirKeys) {
    using models::Account;
    const auto update =
        orm::sql::update(lite, orm::model_traits<Account>::table, where(col(&Account::balance) < 0),
                         std::vector{orm::set(&Account::balance, col(&Account::balance) + 1).assignment}, true);
    EXPECT_EQ(update.text,
              "UPDATE accounts SET balance = balance + CAST(?1 AS INTEGER) WHERE balance < CAST(?2 AS INTEGER) "
              "RETURNING id, balance");
    const auto remove =
        orm::sql::remove(lite, orm::model_traits<Account>::table, where(col(&Account::balance) == 0), true);
    EXPECT_EQ(remove.text, "DELETE FROM accounts WHERE balance = CAST(?1 AS INTEGER) RETURNING id");
    Database db;
    db.create<Account>();
    db.run("INSERT INTO accounts (id, balance) VALUES ('a', -1), ('b', 5)");
    EXPECT_THAT(db.run(update.text, update.values).rows, ElementsAre(ElementsAre("a", "0")));
    EXPECT_THAT(db.column(remove.text, remove.values), ElementsAre("a"));
}

// ---- what SQLite cannot do: orm::Error before anything is sent -----------------------------------------------------

TEST(SQLiteRefusals, TimestampArithmeticTransactionTimeAndForUpdate) {
    using models::blog::Post;
    EXPECT_THROW(select<Post>(where(col(&Post::created_at) > orm::transaction_time() - std::chrono::days{7})),
                 orm::Error);
    EXPECT_THROW(select<Post>(where(col(&Post::created_at) - std::chrono::days{1} > col(&Post::created_at))),
                 orm::Error);
    try {
        select<Post>(where(col(&Post::created_at) + std::chrono::hours{1} > col(&Post::created_at)));
        FAIL() << "expected orm::Error";
    } catch (const orm::Error& error) {
        EXPECT_THAT(error.what(), HasSubstr("timestamp and interval arithmetic (\" + \") has no SQLite equivalent"));
    }
    orm::sql::QueryClauses locked;
    locked.for_update = true;
    try {
        select<Post>(locked);
        FAIL() << "expected orm::Error";
    } catch (const orm::Error& error) {
        EXPECT_THAT(error.what(), HasSubstr("SQLite has no row locks (FOR UPDATE)"));
    }
    EXPECT_THROW(lite.typed_placeholder(1, orm::SqlType::interval), orm::Error);
    EXPECT_EQ(lite.typed_placeholder(2, orm::SqlType::int64), "CAST(?2 AS INTEGER)");
    for (const char* not_finite : {"NaN", "Infinity", "-Infinity"}) {
        EXPECT_THROW(lite.check_operand(std::string(not_finite), orm::SqlType::float64), orm::Error) << not_finite;
        EXPECT_NO_THROW(orm::dialect::postgresql().check_operand(std::string(not_finite), orm::SqlType::float64));
    }
    EXPECT_NO_THROW(lite.check_operand(std::string("Infinity"), orm::SqlType::text));
    EXPECT_NO_THROW(lite.check_operand(std::string("1.5"), orm::SqlType::float32));
    EXPECT_EQ(lite.typed_placeholder(3, orm::SqlType::decimal), "CAST(?3 AS NUMERIC)");
    EXPECT_EQ(lite.typed_placeholder(4, orm::SqlType::text), "?4");
}

// ---- transactions -------------------------------------------------------------------------------------------------

TEST(SQLiteTransaction, WritersBeginImmediateReadersDeferredAndQueryOnlyAndRetriesBeginAgain) {
    const orm::TransactionMode read_write{};
    const orm::TransactionMode read_only{.read_only = true};
    const orm::TransactionMode read_committed{.isolation = orm::Isolation::read_committed};
    EXPECT_THAT(lite.begin_statements(read_write), ElementsAre("BEGIN IMMEDIATE"));
    EXPECT_THAT(lite.begin_statements(read_only), ElementsAre("BEGIN DEFERRED", "PRAGMA query_only = ON"));
    EXPECT_THAT(lite.begin_statements(read_committed), ElementsAre("BEGIN IMMEDIATE")) << "serializable is stronger";
    EXPECT_THAT(lite.commit_statements(read_write), ElementsAre("COMMIT"));
    EXPECT_THAT(lite.commit_statements(read_only), ElementsAre("PRAGMA query_only = OFF", "COMMIT"));
    EXPECT_EQ(lite.restart_transaction(read_write), "PRAGMA query_only = OFF; ROLLBACK");
    EXPECT_EQ(lite.rollback_transaction(), "PRAGMA query_only = OFF; ROLLBACK");
    EXPECT_FALSE(lite.restart_keeps_transaction(read_write));
    Database db;
    for (const auto& mode : {read_write, read_only}) {
        db.run_all(lite.begin_transaction(mode));
        db.run_all(lite.commit_transaction(mode));
        db.run_all(lite.begin_transaction(mode));
        db.run_all(lite.restart_transaction(mode));
    }
    // A read-only transaction refuses writes, and the connection writes again once it ended.
    db.run("CREATE TABLE written (n INTEGER)");
    db.run_all(lite.begin_transaction(read_only));
    EXPECT_THROW(db.run("INSERT INTO written (n) VALUES (1)"), std::runtime_error);
    db.run_all(lite.rollback_transaction());
    db.run("INSERT INTO written (n) VALUES (1)");
    // So it does when the read-only transaction ended without roachorm's ROLLBACK, once the connection is reset.
    EXPECT_EQ(lite.reset_connection(), "PRAGMA query_only = OFF");
    db.run_all(lite.begin_transaction(read_only));
    db.run("ROLLBACK");
    EXPECT_THROW(db.run("INSERT INTO written (n) VALUES (2)"), std::runtime_error);
    db.run_all(lite.reset_connection());
    db.run("INSERT INTO written (n) VALUES (2)");
}

TEST(SQLiteTransaction, PrioritiesAndHistoricalReadsAreRefused) {
    try {
        lite.begin_statements({.priority = orm::TransactionPriority::high});
        FAIL() << "expected orm::Error";
    } catch (const orm::Error& error) {
        EXPECT_THAT(error.what(), AllOf(HasSubstr("TransactionOptions::priority"), HasSubstr("SQLite cannot honour")));
    }
    try {
        lite.begin_statements({.as_of = orm::HistoricalTime::follower_read()});
        FAIL() << "expected orm::Error";
    } catch (const orm::Error& error) {
        EXPECT_THAT(error.what(), AllOf(HasSubstr("TransactionOptions::as_of"), HasSubstr("SQLite cannot read")));
    }
}

TEST(SQLiteTransaction, BusyAndLockedAreRetryableAndNoCommitIsAmbiguous) {
    EXPECT_TRUE(lite.is_retryable("SQLITE_BUSY"));
    EXPECT_TRUE(lite.is_retryable("SQLITE_LOCKED"));
    EXPECT_FALSE(lite.is_retryable("23505"));
    EXPECT_FALSE(lite.is_retryable("40001"));
    for (const char* code : {"SQLITE_BUSY", "SQLITE_IOERR", "23505", "40003"}) {
        EXPECT_FALSE(lite.commit_failure_is_ambiguous(code)) << code;
    }
}

// ---- reflection ---------------------------------------------------------------------------------------------------

TEST(SQLiteReflection, ColumnsAreNormalizedAndTheRowidIsTheSerialKeysGenerator) {
    Blog db;
    const orm::TableDescription posts = db.describe<models::blog::Post>();
    std::vector<std::string> described;
    for (const orm::ColumnDescription& column : posts.columns) {
        described.push_back(fmt::format("{} {} {} {}", column.name, column.type, column.nullable ? "null" : "not null",
                                        column.default_expression.value_or("-")));
    }
    EXPECT_THAT(described, ElementsAre("id int8 not null rowid", "author_id int8 not null -", "slug text not null -",
                                       "title text not null -", "body text not null -", "status text not null 'draft'",
                                       "created_at timestamptz not null strftime('%Y-%m-%d %H:%M:%f', 'now') || "
                                       "'000+00:00'"));
}

TEST(SQLiteReflection, ConstraintNamesComeFromTheCreateTableText) {
    Blog db;
    const orm::TableDescription comments = db.describe<models::blog::Comment>();
    ASSERT_TRUE(comments.key);
    EXPECT_EQ(*comments.key, (orm::KeyDescription{.name = "comments_pkey", .columns = {"id"}}));
    std::vector<std::string> foreign_keys;
    for (const auto& key : comments.foreign_keys) {
        foreign_keys.push_back(fmt::format("{} ({}) -> {} ({}) {} {}", key.name, fmt::join(key.columns, ", "),
                                           key.referenced_table, fmt::join(key.referenced_columns, ", "),
                                           orm::sql::action_name(key.on_delete), orm::sql::action_name(key.on_update)));
    }
    EXPECT_THAT(foreign_keys, ::testing::UnorderedElementsAre(
                                  "comments_post_id_fkey (post_id) -> posts (id) CASCADE NO ACTION",
                                  "comments_author_id_fkey (author_id) -> users (id) SET NULL NO ACTION",
                                  "comments_reply_to_fkey (reply_to) -> comments (id) CASCADE NO ACTION"));
    ASSERT_EQ(comments.indexes.size(), 1U);
    EXPECT_EQ(comments.indexes[0].name, "comments_post_id_created_at_idx");
    const orm::TableDescription post_tags = db.describe<models::blog::PostTag>();
    ASSERT_EQ(post_tags.indexes.size(), 1U);
    EXPECT_EQ(post_tags.indexes[0].predicate, "position < 3");
    const orm::TableDescription posts = db.describe<models::blog::Post>();
    EXPECT_THAT(posts.uniques, ElementsAre(orm::UniqueDescription{.name = "posts_author_id_slug_key",
                                                                  .columns = {"author_id", "slug"}}));
}

TEST(SQLiteReflection, CompareSchemaFindsNoDifferenceForTheModelsItCreated) {
    Blog db;
    db.create<models::Account, models::Point>();
    EXPECT_THAT(
        orm::compare_schema(orm::model_traits<models::blog::User>::table, db.describe<models::blog::User>(), lite),
        IsEmpty());
    EXPECT_THAT(orm::compare_schema(orm::model_traits<models::blog::Comment>::table,
                                    db.describe<models::blog::Comment>(), lite),
                IsEmpty());
    EXPECT_THAT(
        orm::compare_schema(orm::model_traits<models::blog::Tag>::table, db.describe<models::blog::Tag>(), lite),
        IsEmpty());
    EXPECT_THAT(orm::compare_schema(orm::model_traits<models::blog::PostTag>::table,
                                    db.describe<models::blog::PostTag>(), lite),
                IsEmpty());
    EXPECT_THAT(orm::compare_schema(orm::model_traits<models::Account>::table, db.describe<models::Account>(), lite),
                IsEmpty());
    EXPECT_THAT(orm::compare_schema(orm::model_traits<models::Point>::table, db.describe<models::Point>(), lite),
                IsEmpty());
}

TEST(SQLiteReflection, CompareSchemaSeesAKeyThatIsNotTheRowidAndAnUnnamedForeignKey) {
    Database db;
    db.create<models::blog::User>();
    db.run(
        "CREATE TABLE posts (id BIGINT NOT NULL PRIMARY KEY, author_id INT8 NOT NULL REFERENCES users (id), slug TEXT "
        "NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'draft', created_at "
        "TIMESTAMPTZ NOT NULL DEFAULT 0, extra INT4 GENERATED ALWAYS AS (id + 1))");
    const auto differences =
        orm::compare_schema(orm::model_traits<models::blog::Post>::table, db.describe<models::blog::Post>(), lite);
    EXPECT_THAT(differences, ::testing::Contains(HasSubstr("key column \"id\" has no default")));
    EXPECT_THAT(differences, ::testing::Contains(HasSubstr("foreign key posts_author_id_fkey")));
    EXPECT_THAT(differences, ::testing::Contains(HasSubstr("extra column \"extra\" int4 (nullable) computed by the "
                                                           "server (generation_expression: id + 1)")));
}

TEST(SQLiteReflection, TypeNamesNormalizeToTheSharedSpelling) {
    EXPECT_EQ(lite.normalize_type("INTEGER"), "int8");
    EXPECT_EQ(lite.normalize_type("INT4"), "int4");
    EXPECT_EQ(lite.normalize_type("REAL"), "float8");
    EXPECT_EQ(lite.normalize_type("double"), "float8");
    EXPECT_EQ(lite.normalize_type("FLOAT4"), "float4");
    EXPECT_EQ(lite.normalize_type("BLOB"), "bytea");
    EXPECT_EQ(lite.normalize_type("varchar(20)"), "varchar(20)");
    for (const auto type :
         {orm::SqlType::boolean, orm::SqlType::int16, orm::SqlType::int32, orm::SqlType::int64, orm::SqlType::float32,
          orm::SqlType::float64, orm::SqlType::text, orm::SqlType::uuid, orm::SqlType::timestamptz, orm::SqlType::bytes,
          orm::SqlType::decimal, orm::SqlType::interval}) {
        EXPECT_EQ(lite.canonical_type(type), orm::dialect::postgresql().canonical_type(type)) << lite.type_name(type);
    }
}

TEST(SQLiteReflection, CurrentSchemaIsMain) {
    Database db;
    EXPECT_THAT(db.column(std::string(lite.current_schema_query())), ElementsAre("main"));
}

}  // namespace
