// models::Account: a bank account with a UUID key (the seeds' bank workload).
// An account added with a nil id gets a random one at flush, as gen_random_uuid() would make.
#pragma once

#include <cstdint>
#include <string_view>

#include <roachorm/orm/core/types.hpp>

namespace models {

struct Account {
    static constexpr std::string_view table_name = "accounts";
    orm::uuid id{};
    std::int64_t balance = 0;
};

}  // namespace models
