// The row-count check of the single-table writes: a statement that wrote or returned other than the rows it was
// given fails the transaction rather than leave an object without its row, or with another's.
#include <roachorm/orm/session/table_operations.hpp>

namespace orm::table {

void check_row_count(std::string_view table, std::string_view statement, std::uint64_t rows, std::uint64_t expected) {
    if (rows != expected) {
        throw Error(fmt::format(
            "{} on table {} gave {} rows for {} objects; roachorm gives no object a key it cannot be sure of, so the "
            "transaction is rolled back: check the table for rules or triggers that drop or add rows",
            statement, table, rows, expected));
    }
}

}  // namespace orm::table
