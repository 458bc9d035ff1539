// The column value types roachorm adds to the standard ones: server-assigned keys, decimals, bytes, timestamps,
// intervals.
// Every other mapped type is a standard C++ type; see orm/mapping/column_traits.hpp for the full list.
#pragma once

#include <chrono>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>
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

// INTERVAL, kept as the servers keep it: months, days and microseconds apart, because a month is 28 to 31 days and a
// day is 23 to 25 hours across a daylight saving change, so none converts exactly into another. Equality is of the
// three parts (1 day and 24 hours differ here, as they do in storage; the servers' own = calls them equal).
struct interval {
    std::int32_t months = 0;
    std::int32_t days = 0;
    std::chrono::microseconds time{0};

    constexpr interval() = default;
    constexpr interval(std::int32_t months_part, std::int32_t days_part, std::chrono::microseconds time_part)
        : months(months_part), days(days_part), time(time_part) {}

    // Calendar units go to their own part, as '7 days' and '1 month' do in SQL: std::chrono's own days, weeks,
    // months and years are fixed lengths of seconds, which is not what adding them to a date means.
    constexpr interval(std::chrono::days count) : days(static_cast<std::int32_t>(count.count())) {}
    constexpr interval(std::chrono::weeks count) : days(static_cast<std::int32_t>(count.count() * 7)) {}
    constexpr interval(std::chrono::months count) : months(static_cast<std::int32_t>(count.count())) {}
    constexpr interval(std::chrono::years count) : months(static_cast<std::int32_t>(count.count() * 12)) {}

    // Any other duration that converts to microseconds without loss (hours, minutes, seconds, ...) is the time part.
    template <class Rep, class Period>
    requires std::is_convertible_v<std::chrono::duration<Rep, Period>, std::chrono::microseconds>
    constexpr interval(std::chrono::duration<Rep, Period> span) : time(span) {}

    friend constexpr bool operator==(const interval&, const interval&) = default;
};

// orm::months(1), orm::days(7), orm::years(2): an interval of whole calendar units.
constexpr interval years(std::int32_t count) {
    return interval{count * 12, 0, std::chrono::microseconds{0}};
}
constexpr interval months(std::int32_t count) {
    return interval{count, 0, std::chrono::microseconds{0}};
}
constexpr interval days(std::int32_t count) {
    return interval{0, count, std::chrono::microseconds{0}};
}

}  // namespace orm
