// The contract every contender fulfils: the six workloads as one interface, so the harness times roachorm and the
// hand-written contenders (SOCI and raw libpq, or raw sqlite3) through the same calls, on the same data.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <roachorm/orm/execution/database.hpp>

namespace bench {

struct PointValues {
    double x;
    double y;
    double z;
};

// One run of the bank sample's flow: create the accounts, move money between two of them, delete some.
struct BankInput {
    std::vector<std::string> ids;  // fresh UUIDs in text form, chosen by the client as the sample does
    std::vector<std::int64_t> balances;
    std::size_t transfer_from;  // indices into ids
    std::size_t transfer_to;
    std::vector<std::string> doomed;  // ids to delete, by id list
};

// One row of the join_aggregate page: a post's title, its author's name and how many comments it has.
struct PostListing {
    std::string title;
    std::string author;
    std::int64_t comments;
};

// What every contender is given: where the server is, how the dialect spells transaction control (so all of them
// send the same BEGIN/COMMIT: SERIALIZABLE on PostgreSQL, the savepoint protocol on CockroachDB, BEGIN IMMEDIATE on
// SQLite) and the data.
struct Setup {
    std::string url;           // for roachorm, and for sqlite3 the database file it names
    std::string conninfo;      // the same server as a libpq connection string, for SOCI and libpq
    orm::DialectKind dialect;  // SQLite runs in process: its contenders are roachorm and sqlite3
    std::string begin;
    std::string commit;
    std::vector<std::string> account_ids;  // seeded accounts for lookup and transfer
    std::vector<PointValues> points;       // what the bulk workload writes, every time
    std::size_t rows_per_transaction;      // the bulk workload's chunk
    std::size_t scan_rows;                 // the scan reads the seeded points with the lowest ids
    std::size_t page_rows;                 // join_aggregate's page of posts
    // The seeded blog: comments_per_post[i] is the number of comments of the post with id i + 1 (ids from 1).
    std::vector<std::int64_t> comments_per_post;
};

// The seed's transfer moves half the source balance. At least 1 keeps every transfer a real write in every
// contender: roachorm flushes only changed objects, so a zero amount would spare it two UPDATEs the others send.
inline std::int64_t transfer_amount(std::int64_t source_balance) {
    return std::max<std::int64_t>(1, source_balance / 2);
}

// Each call is one or more complete SERIALIZABLE transactions, written the way that library's users write them.
class Implementation {
public:
    virtual ~Implementation() = default;

    // Reads account `account` (an index into Setup::account_ids) and returns its balance.
    virtual std::int64_t lookup(std::size_t account) = 0;
    // Reads both accounts (indices into Setup::account_ids) and moves transfer_amount() from one to the other.
    virtual void transfer(std::size_t from, std::size_t to) = 0;
    // Writes Setup::points in transactions of Setup::rows_per_transaction rows, one multi-row INSERT each, and
    // returns how many points got their server-assigned id back.
    virtual std::size_t bulk_insert() = 0;
    // Creates input.ids in one transaction, transfers between two of them, deletes input.doomed; returns how many
    // accounts were deleted.
    virtual std::uint64_t bank(const BankInput& input) = 0;
    // Reads the Setup::scan_rows points with the lowest ids into a vector of structs; returns its size.
    virtual std::size_t scan() = 0;
    // Reads the Setup::page_rows posts with the lowest ids above `after`, each with its author's name and its
    // number of comments (one join, a left join and a GROUP BY), into a vector of structs.
    virtual std::vector<PostListing> join_aggregate(std::int64_t after) = 0;
};

// `options` lets the round-trip count attach an echo sink; the timed runs use the defaults (no echo).
std::unique_ptr<Implementation> make_roachorm(const Setup& setup, orm::DatabaseOptions options = {});
std::unique_ptr<Implementation> make_soci(const Setup& setup);
std::unique_ptr<Implementation> make_libpq(const Setup& setup);
std::unique_ptr<Implementation> make_sqlite3(const Setup& setup);

}  // namespace bench
