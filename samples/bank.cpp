// bank: the seeds' first CRUD workload on models::Account. Creates 100 accounts under random UUIDs, moves half of
// one balance to another account by changing the loaded objects, deletes 5 accounts at random, counts what is left.
#include <algorithm>
#include <array>
#include <cstdint>
#include <random>
#include <vector>

#include <fmt/format.h>

#include <roachorm/models/account.hpp>
#include <roachorm/orm/orm.hpp>

#include "common.hpp"

namespace {

using models::Account;
using orm::col;

// The callback may run more than once (run_transaction retries it), so it returns what it created instead of
// recording it in a variable outside: only the attempt that committed is reported.
std::vector<Account> create_accounts(orm::Database& db, int count, std::mt19937_64& random) {
    return orm::run_transaction(db, [&](orm::Session& session) {
        std::uniform_int_distribution<std::int64_t> balance(0, 999'999);
        std::vector<Account> created;
        for (int i = 0; i < count; ++i) {
            // A client-side key: known before the INSERT, so it can be printed and chosen from right away.
            created.push_back(session.add(Account{.id = orm::uuid::random(), .balance = balance(random)}));
        }
        return created;
    });
}

void transfer_half(orm::Database& db, const orm::uuid& from, const orm::uuid& to) {
    struct Transfer {
        std::int64_t source_before;
        std::int64_t target_before;
        std::int64_t amount;
    };
    const Transfer transfer = orm::run_transaction(db, [&](orm::Session& session) {
        // Both accounts in one SELECT (null for an id no row has); the UPDATEs then travel with COMMIT, so the
        // whole transfer is two round trips.
        const std::vector<Account*> pair = session.get_many<Account>(std::array{from, to});
        if (pair[0] == nullptr || pair[1] == nullptr) {
            throw orm::NoResultFound("transfer: an account is missing");
        }
        Account& source = *pair[0];
        Account& target = *pair[1];
        const Transfer planned{source.balance, target.balance, source.balance / 2};
        source.balance -= planned.amount;  // tracked: UPDATEd when the callback returns, this column only
        target.balance += planned.amount;
        return planned;
    });
    fmt::print("before: account {} has {}, account {} has {}\n", from.to_string(), transfer.source_before,
               to.to_string(), transfer.target_before);
    fmt::print("moved {} from account {} to account {}\n", transfer.amount, from.to_string(), to.to_string());
    fmt::print("after: account {} has {}, account {} has {}\n", from.to_string(),
               transfer.source_before - transfer.amount, to.to_string(), transfer.target_before + transfer.amount);
}

void delete_accounts(orm::Database& db, const std::vector<orm::uuid>& ids) {
    const std::uint64_t deleted = orm::run_transaction(
        db, [&](orm::Session& session) { return session.query<Account>().filter(col(&Account::id).in(ids)).remove(); });
    for (const orm::uuid& id : ids) {
        fmt::print("deleted account {}\n", id.to_string());
    }
    fmt::print("deleted {} accounts\n", deleted);
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Creates 100 accounts, moves half of one balance to another account, deletes 5 accounts.", "bank"};
    samples::DatabaseOptions options(app);
    CLI11_PARSE(app, argc, argv);

    return samples::run("bank", [&] {
        orm::Database db = options.open();
        db.create_all<Account>();
        std::mt19937_64 random{std::random_device{}()};

        const std::vector<Account> accounts = create_accounts(db, 100, random);
        std::vector<orm::uuid> ids;
        for (const Account& account : accounts) {
            fmt::print("created account {} with balance {}\n", account.id.to_string(), account.balance);
            ids.push_back(account.id);
        }

        std::shuffle(ids.begin(), ids.end(), random);
        transfer_half(db, ids[0], ids[1]);

        std::shuffle(ids.begin(), ids.end(), random);
        delete_accounts(db, std::vector(ids.begin(), ids.begin() + 5));

        const std::int64_t left =
            orm::run_transaction(db, [](orm::Session& session) { return session.query<Account>().count(); });
        fmt::print("accounts in the table: {}\n", left);
    });
}
