// retry: the seeds' retry workload. Upserts two accounts, then transfers 100 between them while another client
// commits a write to one of them mid-transaction, so the server refuses the first attempt and run_transaction retries.
#include <array>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include <roachorm/orm/orm.hpp>

#include "common.hpp"

namespace {

using orm::col;

// Keys the application chooses, in a table of its own so the sample can delete its rows without touching others.
struct RetryAccount {
    static constexpr std::string_view table_name = "retry_accounts";
    std::int64_t id = 0;
    std::int64_t balance = 0;
};

constexpr std::array<std::int64_t, 2> account_ids{1, 2};

void print_balances(orm::Database& db, std::string_view when) {
    const std::string balances = orm::run_transaction(db, [](orm::Session& session) {
        std::string listed;
        for (const RetryAccount* account : session.query<RetryAccount>()
                                               .filter(col(&RetryAccount::id).in(account_ids))
                                               .order_by(col(&RetryAccount::id))
                                               .all()) {
            listed += fmt::format("{}account {}: {}", listed.empty() ? "" : ", ", account->id, account->balance);
        }
        return listed;
    });
    fmt::print("balances {}: {}\n", when, balances);
}

// Another client, on a connection of its own, commits a write to `account` while the transfer has it read but not
// yet written. The write keeps the balance as it is: it conflicts all the same, and the result stays 900 and 350.
void write_concurrently(orm::Connection& other_client, std::int64_t account) {
    const orm::TextValue id[] = {std::to_string(account)};
    other_client.execute("UPDATE retry_accounts SET balance = balance WHERE id = $1", id);
}

int transfer(orm::Database& db, std::int64_t from, std::int64_t to, std::int64_t amount) {
    int retries = 0;
    orm::TransactionOptions options = db.options().transaction;
    options.on_retry = [&](const orm::RetryEvent& event) {
        ++retries;
        fmt::print("attempt {} failed, retrying in {} ms: {}\n", event.attempt, event.backoff.count(),
                   orm::one_line(event.message));
    };
    const std::unique_ptr<orm::Connection> other_client = db.connect();
    orm::run_transaction(
        db,
        [&](orm::Session& session) {
            RetryAccount& source = session.query<RetryAccount>().filter(col(&RetryAccount::id) == from).one();
            RetryAccount& target = session.query<RetryAccount>().filter(col(&RetryAccount::id) == to).one();
            if (source.balance < amount) {
                throw std::runtime_error(
                    fmt::format("insufficient funds in account {}: {} < {}", from, source.balance, amount));
            }
            // Only the first attempt is disturbed, so the retry can commit.
            if (session.attempt() == 1) {
                write_concurrently(*other_client, from);
            }
            // On the first attempt this write conflicts with the other client's, and the server refuses the
            // transaction (SQLSTATE 40001) when the change is flushed or committed.
            source.balance -= amount;
            target.balance += amount;
        },
        options);
    fmt::print("moved {} from account {} to account {} after {} {}\n", amount, from, to, retries,
               retries == 1 ? "retry" : "retries");
    return retries;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Transfers between two accounts while a concurrent write forces run_transaction to retry.", "retry"};
    samples::DatabaseOptions options(app);
    CLI11_PARSE(app, argc, argv);

    return samples::run("retry", [&] {
        orm::Database db = options.open();
        db.create_all<RetryAccount>();
        orm::run_transaction(db, [](orm::Session& session) {
            session.upsert(RetryAccount{.id = account_ids[0], .balance = 1000});
            session.upsert(RetryAccount{.id = account_ids[1], .balance = 250});
        });
        print_balances(db, "before");

        const int retries = transfer(db, account_ids[0], account_ids[1], 100);
        print_balances(db, "after");

        // Leaves the table as it was found, so the sample can run again and again.
        orm::run_transaction(db, [](orm::Session& session) {
            session.query<RetryAccount>().filter(col(&RetryAccount::id).in(account_ids)).remove();
        });
        fmt::print("deleted accounts {} and {}\n", account_ids[0], account_ids[1]);

        if (retries == 0) {
            throw std::runtime_error("the concurrent write forced no retry, so this run did not show one");
        }
    });
}
