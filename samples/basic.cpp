// basic: the seeds' integer-keyed workload. Adds 100 accounts above the highest id already stored, so every run
// grows the table, then moves money between two random accounts with UPDATEs the server computes.
#include <algorithm>
#include <cstdint>
#include <iterator>
#include <random>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include <roachorm/orm/orm.hpp>

#include "common.hpp"

namespace {

using orm::col;

// Keys the application chooses. A table of its own, so it lives next to bank's UUID-keyed accounts.
struct BasicAccount {
    static constexpr std::string_view table_name = "basic_accounts";
    std::int64_t id = 0;
    std::int64_t balance = 0;
};

struct Added {
    std::vector<std::int64_t> all_ids;  // the stored ones, then the new ones
    std::size_t stored = 0;
    std::int64_t new_balances = 0;
};

// Reading the ids and writing new ones in one transaction keeps two runs at once from taking the same ids.
Added add_accounts(orm::Database& db, int count, std::mt19937_64& random) {
    return orm::run_transaction(db, [&](orm::Session& session) {
        Added added;
        for (const BasicAccount* account : session.query<BasicAccount>().all()) {
            added.all_ids.push_back(account->id);
        }
        added.stored = added.all_ids.size();
        std::int64_t next = added.all_ids.empty() ? 1 : *std::ranges::max_element(added.all_ids) + 1;
        std::uniform_int_distribution<std::int64_t> balance(0, 999'999);
        for (int i = 0; i < count; ++i) {
            const BasicAccount& account = session.add(BasicAccount{.id = next++, .balance = balance(random)});
            added.all_ids.push_back(account.id);
            added.new_balances += account.balance;
        }
        return added;
    });
}

void transfer_half(orm::Database& db, std::int64_t from, std::int64_t to) {
    struct Transfer {
        std::int64_t amount = 0;
        std::int64_t source_before = 0;
        std::int64_t source_after = 0;
        std::int64_t target_before = 0;
        std::int64_t target_after = 0;
    };
    const Transfer transfer = orm::run_transaction(db, [&](orm::Session& session) {
        BasicAccount& source = session.query<BasicAccount>().filter(col(&BasicAccount::id) == from).one();
        BasicAccount& target = session.query<BasicAccount>().filter(col(&BasicAccount::id) == to).one();
        Transfer done{.amount = source.balance / 2, .source_before = source.balance, .target_before = target.balance};
        // The server computes the new balances (balance = balance - $1), as a bulk write of many rows would.
        session.query<BasicAccount>()
            .filter(col(&BasicAccount::id) == from)
            .update(orm::set(&BasicAccount::balance, col(&BasicAccount::balance) - done.amount));
        session.query<BasicAccount>()
            .filter(col(&BasicAccount::id) == to)
            .update(orm::set(&BasicAccount::balance, col(&BasicAccount::balance) + done.amount));
        // The UPDATEs brought the loaded objects in line (through RETURNING), so they show the new balances.
        done.source_after = source.balance;
        done.target_after = target.balance;
        return done;
    });
    fmt::print("moved {} from account {} ({} -> {}) to account {} ({} -> {})\n", transfer.amount, from,
               transfer.source_before, transfer.source_after, to, transfer.target_before, transfer.target_after);
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Adds 100 accounts with the next free ids, then moves half of one balance to another account.",
                 "basic"};
    samples::DatabaseOptions options(app);
    CLI11_PARSE(app, argc, argv);

    return samples::run("basic", [&] {
        orm::Database db = options.open();
        db.create_all<BasicAccount>();
        std::mt19937_64 random{std::random_device{}()};

        const Added added = add_accounts(db, 100, random);
        fmt::print("found {} accounts; added {} (ids {}..{}) holding {} in total\n", added.stored,
                   added.all_ids.size() - added.stored, added.all_ids[added.stored], added.all_ids.back(),
                   added.new_balances);

        std::vector<std::int64_t> pair;
        std::ranges::sample(added.all_ids, std::back_inserter(pair), 2, random);
        std::ranges::shuffle(pair, random);
        transfer_half(db, pair[0], pair[1]);

        const std::int64_t count =
            orm::run_transaction(db, [](orm::Session& session) { return session.query<BasicAccount>().count(); });
        fmt::print("accounts in the table: {}\n", count);
    });
}
