// The bank workload the transaction and fault tests share: accounts, and a ledger with one row per committed
// transfer under a client-generated id, which shows exactly which transactions landed.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include <roachorm/models/account.hpp>
#include <roachorm/orm/orm.hpp>

namespace roachorm_test {

struct Ledger {
    static constexpr std::string_view table_name = "ledger";
    orm::uuid id{};
    orm::uuid from_account{};
    orm::uuid to_account{};
    std::int64_t amount = 0;
};

inline std::vector<orm::uuid> create_accounts(orm::Connection& connection, int count, std::int64_t balance) {
    std::vector<models::Account> accounts(static_cast<std::size_t>(count), models::Account{.balance = balance});
    orm::table::insert<models::Account>(connection, accounts);
    std::vector<orm::uuid> ids;
    for (const auto& account : accounts) {
        ids.push_back(account.id);
    }
    return ids;
}

}  // namespace roachorm_test
