// The keyset condition in its expanded OR-of-ANDs form, which reads the same on both servers for any mix of
// ascending and descending orderings (docs/queries.md, "Large results").
#include <roachorm/orm/sql/keyset.hpp>

#include <optional>

#include <fmt/format.h>

#include <roachorm/orm/core/error.hpp>

namespace orm::sql {

Fragment rows_after(const TableInfo& table, std::span<const Ordering> order, std::span<const TextValue> row_values) {
    if (order.empty()) {
        throw Error(
            fmt::format("Query<{}>::after: the query has no order_by, so no row comes after another: call "
                        "order_by(orm::col(...)) on columns ending with a unique one (the key) before after()",
                        table.name));
    }
    std::optional<Fragment> condition;  // the OR of the alternatives so far
    std::optional<Fragment> ties;       // the AND of equalities on the orderings so far
    for (std::size_t position = 0; position < order.size(); ++position) {
        const Ordering& ordering = order[position];
        if (!ordering.column) {
            throw Error(
                fmt::format("Query<{0}>::after: order_by number {1} is not a column of {0} (it is an expression, "
                            "or a joined model's column), and after() compares the given row's own values of each "
                            "ordering: order by plain columns of {0} (orm::col(&T::member))",
                            table.name, position + 1));
        }
        const std::size_t column = *ordering.column;
        if (table.columns[column].nullable) {
            throw Error(
                fmt::format("Query<{}>::after: order_by column {} is nullable, and NULLs sort apart from every "
                            "value, so a page boundary there is not a comparison: order by NOT NULL columns",
                            table.name, table.columns[column].name));
        }
        if (column >= row_values.size() || !row_values[column]) {
            throw Error(fmt::format("Query<{}>::after: the given row has no value for order_by column {}", table.name,
                                    table.columns[column].name));
        }
        const std::string_view beyond = ordering.direction == Direction::ascending ? " > " : " < ";
        Fragment step = Fragment::binary(Fragment::column(table, column), beyond, Fragment::value(row_values[column]));
        Fragment alternative = ties ? Fragment::binary(*ties, " AND ", std::move(step)) : std::move(step);
        condition = condition ? Fragment::binary(std::move(*condition), " OR ", std::move(alternative))
                              : std::move(alternative);
        Fragment equal = Fragment::binary(Fragment::column(table, column), " = ", Fragment::value(row_values[column]));
        ties = ties ? Fragment::binary(std::move(*ties), " AND ", std::move(equal)) : std::move(equal);
    }
    return std::move(*condition);
}

}  // namespace orm::sql
