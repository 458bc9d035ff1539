// The checks of the single-table writes: a statement that wrote or returned other than the rows it was given fails
// the transaction rather than leave an object without its row, or with another's; so do keys past 64 bits.
#include <roachorm/orm/session/table_operations.hpp>

#include <algorithm>
#include <limits>

namespace orm::table {

void check_row_count(std::string_view table, std::string_view statement, std::uint64_t rows, std::uint64_t expected) {
    if (rows != expected) {
        throw Error(fmt::format(
            "{} on table {} gave {} rows for {} objects; roachorm gives no object a key it cannot be sure of, so the "
            "transaction is rolled back: check the table for rules or triggers that drop or add rows",
            statement, table, rows, expected));
    }
}

std::vector<serial> serial_keys_after(std::string_view table, serial largest, std::size_t count) {
    constexpr std::int64_t limit = std::numeric_limits<std::int64_t>::max();
    // Keys start at 1 even when every key in use is negative: 0 means "no key yet" (orm::serial).
    const std::int64_t start = std::max<std::int64_t>(largest.value, 0);
    if (static_cast<std::uint64_t>(limit - start) < count) {
        throw Error(fmt::format(
            "table {} has no room for {} more serial keys: its largest key is too close to the 64-bit limit; give the "
            "new objects their keys yourself, or renumber the table",
            table, count));
    }
    std::vector<serial> keys;
    keys.reserve(count);
    for (std::size_t n = 1; n <= count; ++n) {
        keys.push_back(serial{start + static_cast<std::int64_t>(n)});
    }
    return keys;
}

}  // namespace orm::table
