// The column value types roachorm adds to the standard ones: server-assigned keys, decimals, bytes, timestamps.
// Every other mapped type is a standard C++ type; see orm/mapping/column_traits.hpp for the full list.
#pragma once

#include <chrono>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <roachorm/orm/core/uuid.hpp>

namespace orm {

// An INT8 primary key that the server generates (BIGSERIAL's sequence / unique_rowid()). Zero means "not assigned
// yet": a flush fills it in, from the server's own key generator (docs/models.md, "Keys"); a set key is written as is.
struct serial {
    std::int64_t value = 0;

    constexpr bool is_assigned() const noexcept { return value != 0; }
    friend constexpr auto operator<=>(const serial&, const serial&) = default;
};

// An exact decimal kept as its text (e.g. "12345.6789"), so no precision is lost in C++.
struct decimal {
    std::string text;

    friend auto operator<=>(const decimal&, const decimal&) = default;
};

using bytes = std::vector<std::byte>;

// TIMESTAMPTZ: the server keeps microseconds, so this is the type that round-trips exactly.
using timestamp = std::chrono::sys_time<std::chrono::microseconds>;

}  // namespace orm
