// The six timed workloads: random accounts for lookup and transfer, the bank sample's flow with fresh client-side
// UUIDs, the bulk load, the scan and the page of posts with their authors and comment counts, each checking what the
// contender returns so no contender can skip work.
#include "workloads.hpp"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <random>
#include <stdexcept>

#include <fmt/format.h>

#include <roachorm/orm/core/uuid.hpp>

namespace bench {
namespace {

constexpr std::size_t bank_accounts = 100;
constexpr std::size_t bank_deletes = 5;
// Issue 20's target on SQLite, for every workload: roachorm within 1.5 times the hand-written sqlite3 code.
constexpr double sqlite_target_ratio = 1.5;

void expect(bool holds, std::string_view workload, std::string_view what) {
    if (!holds) {
        throw std::runtime_error(fmt::format("{}: {}", workload, what));
    }
}

// State shared by the workloads' prepare and run functions.
struct Inputs {
    std::mt19937_64 random{42};
    std::vector<std::size_t> accounts;  // indices into Setup::account_ids
    std::vector<BankInput> banks;
    std::vector<std::int64_t> pages;  // join_aggregate's keyset: the last post id before each page

    void pick_accounts(std::size_t count, std::size_t population) {
        std::uniform_int_distribution<std::size_t> any(0, population - 1);
        accounts.clear();
        for (std::size_t i = 0; i < count; ++i) {
            accounts.push_back(any(random));
        }
    }

    // Two distinct accounts per transfer.
    void pick_pairs(std::size_t count, std::size_t population) {
        pick_accounts(2 * count, population);
        for (std::size_t i = 0; i < accounts.size(); i += 2) {
            while (accounts[i + 1] == accounts[i]) {
                accounts[i + 1] = std::uniform_int_distribution<std::size_t>(0, population - 1)(random);
            }
        }
    }

    // Every page is a full one: it starts no later than `page_rows` posts before the last.
    void pick_pages(std::size_t count, std::size_t posts, std::size_t page_rows) {
        std::uniform_int_distribution<std::int64_t> any(0, static_cast<std::int64_t>(posts - page_rows));
        pages.clear();
        for (std::size_t i = 0; i < count; ++i) {
            pages.push_back(any(random));
        }
    }

    // As the bank sample: random balances, a transfer between two of the new accounts, 5 of them deleted.
    void make_banks(std::size_t count) {
        std::uniform_int_distribution<std::int64_t> balance(1'000, 999'999);
        banks.assign(count, {});
        for (BankInput& bank : banks) {
            for (std::size_t i = 0; i < bank_accounts; ++i) {
                bank.ids.push_back(orm::uuid::random().to_string());
                bank.balances.push_back(balance(random));
            }
            std::vector<std::string> shuffled = bank.ids;
            std::shuffle(shuffled.begin(), shuffled.end(), random);
            bank.transfer_from = std::uniform_int_distribution<std::size_t>(0, bank_accounts - 1)(random);
            bank.transfer_to = (bank.transfer_from + 1) % bank_accounts;
            bank.doomed.assign(shuffled.begin(), shuffled.begin() + bank_deletes);
        }
    }
};

// Each row is the next post after `after`, with the number of comments the seed gave it.
void check_page(const Setup& setup, std::int64_t after, const std::vector<PostListing>& page) {
    expect(page.size() == setup.page_rows, "join_aggregate", "wrong number of rows");
    for (std::size_t i = 0; i < page.size(); ++i) {
        // The check is timed with the operation, so the message is only made for a wrong row.
        if (page[i].comments != setup.comments_per_post[static_cast<std::size_t>(after) + i]) {
            expect(false, "join_aggregate", fmt::format("wrong comment count on row {}", i));
        }
    }
}

}  // namespace

std::vector<Workload> make_workloads(const Setup& setup) {
    const auto inputs = std::make_shared<Inputs>();
    const std::size_t population = setup.account_ids.size();
    std::vector<Workload> workloads{
        {.name = "lookup",
         .operation = "1 transaction: one account by primary key",
         .target_ratio = 1.10,
         .target_round_trips = std::nullopt,
         .target_round_trip_share = std::nullopt,
         .target_speedup = std::nullopt,
         .libpq_round_trips = 3,
         .prepare = [=](std::size_t ops) { inputs->pick_accounts(ops, population); },
         // Each contender throws when the account is missing.
         .run = [=](Implementation& contender, std::size_t op) { contender.lookup(inputs->accounts[op]); }},
        {.name = "transfer",
         .operation = "1 transaction: read two accounts by key, update both",
         .target_ratio = 1.10,
         .target_round_trips = 3.0,
         .target_round_trip_share = std::nullopt,
         .target_speedup = 1.8,
         .libpq_round_trips = 6,
         .prepare = [=](std::size_t ops) { inputs->pick_pairs(ops, population); },
         .run = [=](Implementation& contender,
                    std::size_t op) { contender.transfer(inputs->accounts[2 * op], inputs->accounts[2 * op + 1]); }},
        {.name = "bulk_insert",
         .operation = fmt::format("{} transactions: {} points, one {}-row INSERT each",
                                  setup.points.size() / setup.rows_per_transaction, setup.points.size(),
                                  setup.rows_per_transaction),
         .target_ratio = 1.25,
         .target_round_trips = std::nullopt,
         .target_round_trip_share = std::nullopt,
         .target_speedup = std::nullopt,
         .libpq_round_trips = 3 * setup.points.size() / setup.rows_per_transaction,  // BEGIN, INSERT, COMMIT
         .prepare = {},
         .run =
             [&setup](Implementation& contender, std::size_t) {
                 expect(contender.bulk_insert() == setup.points.size(), "bulk_insert", "not every id came back");
             }},
        {.name = "bank",
         .operation = fmt::format("3 transactions: create {} accounts, a transfer, delete {} by id list", bank_accounts,
                                  bank_deletes),
         .target_ratio = std::nullopt,
         .target_round_trips = std::nullopt,
         .target_round_trip_share = 0.5,
         .target_speedup = 1.8,
         .libpq_round_trips = 12,
         .prepare = [=](std::size_t ops) { inputs->make_banks(ops); },
         .run = [=](Implementation& contender,
                    std::size_t op) { expect(contender.bank(inputs->banks[op]) == bank_deletes, "bank", "delete"); }},
        {.name = "scan",
         .operation = fmt::format("1 transaction: {} rows into a vector of structs", setup.scan_rows),
         .target_ratio = 1.25,
         .target_round_trips = std::nullopt,
         .target_round_trip_share = std::nullopt,
         .target_speedup = std::nullopt,
         .libpq_round_trips = 3,
         .prepare = {},
         .run = [&setup](Implementation& contender,
                         std::size_t) { expect(contender.scan() == setup.scan_rows, "scan", "wrong number of rows"); }},
        {.name = "join_aggregate",
         .operation = fmt::format("1 transaction: {} posts with author and comment count (join, left join, GROUP BY)",
                                  setup.page_rows),
         .target_ratio = 1.15,
         .target_round_trips = std::nullopt,
         .target_round_trip_share = std::nullopt,
         .target_speedup = std::nullopt,
         .libpq_round_trips = 3,
         .prepare =
             [=, &setup](std::size_t ops) { inputs->pick_pages(ops, setup.comments_per_post.size(), setup.page_rows); },
         .run =
             [=, &setup](Implementation& contender, std::size_t op) {
                 const std::int64_t after = inputs->pages[op];
                 check_page(setup, after, contender.join_aggregate(after));
             }},
    };
    if (setup.dialect == orm::DialectKind::sqlite) {
        for (Workload& workload : workloads) {
            workload.target_ratio = sqlite_target_ratio;
            // In process there is no network, so none of issue 17's round-trip and speed-up targets applies.
            workload.target_round_trips = std::nullopt;
            workload.target_round_trip_share = std::nullopt;
            workload.target_speedup = std::nullopt;
        }
    }
    return workloads;
}

}  // namespace bench
