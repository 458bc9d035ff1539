// A model whose table and column names are reserved words, and one with upper case, which every dialect must quote.
// Shared by the SQL-text tests of the dialects (tests/unit/sql, tests/unit/dialect).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace roachorm_test {

struct Order {
    static constexpr std::string_view table_name = "order";
    static constexpr std::string_view primary_key = "number";
    std::int64_t number = 0;
    std::string user;
    std::optional<std::string> Comment;
};

}  // namespace roachorm_test
