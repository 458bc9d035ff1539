// The statements the hand-written contenders (SOCI, libpq, sqlite3) send: the shapes roachorm sends, written by hand
// once for all, so the comparison measures the client code and not different SQL.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

namespace bench::handwritten {

// Placeholders are "$1", "$2", ... for libpq. SOCI wants names (":p1"), which it rewrites to "$1" before preparing.
// SQLite takes "?1": "The index for "?NNN" parameters is the value of NNN" (sqlite3.h), whereas it would number "$1"
// by its first appearance, as a name.
struct Placeholders {
    std::string_view prefix;
    std::string operator()(std::size_t number) const { return fmt::format("{}{}", prefix, number); }
};
inline constexpr Placeholders dollar{"$"};
inline constexpr Placeholders named{":p"};
inline constexpr Placeholders numbered{"?"};

inline std::string select_account(Placeholders p) {
    return fmt::format("SELECT id, balance FROM accounts WHERE id = {}", p(1));
}

inline std::string update_balance(Placeholders p) {
    return fmt::format("UPDATE accounts SET balance = {} WHERE id = {}", p(1), p(2));
}

// "(p1, p2), (p3, p4), ..." for `rows` rows of `columns` values.
inline std::string values_rows(Placeholders p, std::size_t rows, std::size_t columns) {
    std::string text;
    for (std::size_t row = 0, number = 1; row < rows; ++row) {
        text += row == 0 ? "(" : ", (";
        for (std::size_t column = 0; column < columns; ++column, ++number) {
            text += column == 0 ? p(number) : ", " + p(number);
        }
        text += ')';
    }
    return text;
}

// The client chose the ids, so nothing needs to come back.
inline std::string insert_accounts(Placeholders p, std::size_t rows) {
    return "INSERT INTO accounts (id, balance) VALUES " + values_rows(p, rows, 2);
}

inline std::string insert_points(Placeholders p, std::size_t rows) {
    return "INSERT INTO points (x, y, z) VALUES " + values_rows(p, rows, 3) + " RETURNING id";
}

// One array parameter: one statement text for any number of ids.
inline std::string delete_accounts(Placeholders p) {
    return fmt::format("DELETE FROM accounts WHERE id = ANY({}::UUID[])", p(1));
}

// SQLite has no arrays: one parameter per id, so one statement text per number of ids.
inline std::string delete_listed_accounts(Placeholders p, std::size_t ids) {
    std::string list;
    for (std::size_t number = 1; number <= ids; ++number) {
        list += number == 1 ? p(number) : ", " + p(number);
    }
    return fmt::format("DELETE FROM accounts WHERE id IN ({})", list);
}

// SQLite returns the rows of a RETURNING clause "in an arbitrary order" (lang_returning.html §3), so each id comes
// back with the values that tell which point it belongs to.
inline std::string insert_points_returning_values(Placeholders p, std::size_t rows) {
    return "INSERT INTO points (x, y, z) VALUES " + values_rows(p, rows, 3) + " RETURNING id, x, y, z";
}

inline std::string scan_points(Placeholders p) {
    return fmt::format("SELECT id, x, y, z FROM points ORDER BY id LIMIT {}", p(1));
}

// The join_aggregate page, as roachorm spells it: $1 and $2 the last post id before the page (the join's bound on
// comments and the keyset on posts), $3 the page's size.
inline std::string post_listing(Placeholders p) {
    return fmt::format(
        "SELECT posts.title, users.name, count(comments.id) FROM posts INNER JOIN users ON posts.author_id = users.id "
        "LEFT JOIN comments ON (comments.post_id = posts.id) AND (comments.post_id > {}) WHERE posts.id > {} "
        "GROUP BY posts.id, posts.title, users.name ORDER BY posts.id ASC LIMIT {}",
        p(1), p(2), p(3));
}

// "{id,id,...}": the text form of a UUID[] parameter (UUIDs need no quoting).
inline std::string uuid_array(const std::vector<std::string>& ids) {
    return fmt::format("{{{}}}", fmt::join(ids, ","));
}

}  // namespace bench::handwritten
