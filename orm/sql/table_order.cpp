// A stable topological sort: at each step the first table, in the order given, whose referenced tables are all
// created. Quadratic in the number of tables, which is the handful a create_all lists.
#include <roachorm/orm/sql/table_order.hpp>

#include <algorithm>
#include <string_view>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <roachorm/orm/core/error.hpp>

namespace orm::sql {
namespace {

bool is_listed(std::span<const TableInfo* const> tables, std::string_view name) {
    return std::ranges::any_of(tables, [&](const TableInfo* table) { return table->name == name; });
}

}  // namespace

std::vector<std::size_t> creation_order(std::span<const TableInfo* const> tables) {
    std::vector<std::size_t> order;
    std::vector<bool> placed(tables.size(), false);
    std::vector<std::string_view> created;
    auto ready = [&](const TableInfo& table) {
        return std::ranges::all_of(table.foreign_keys, [&](const ForeignKeyInfo& key) {
            return key.referenced_table == table.name || !is_listed(tables, key.referenced_table) ||
                   std::ranges::find(created, key.referenced_table) != created.end();
        });
    };
    while (order.size() < tables.size()) {
        std::size_t next = tables.size();
        for (std::size_t i = 0; i < tables.size() && next == tables.size(); ++i) {
            if (!placed[i] && ready(*tables[i])) {
                next = i;
            }
        }
        if (next == tables.size()) {
            std::vector<std::string_view> waiting;
            for (std::size_t i = 0; i < tables.size(); ++i) {
                if (!placed[i]) {
                    waiting.push_back(tables[i]->name);
                }
            }
            throw Error(fmt::format(
                "the foreign keys of tables {} reference each other in a cycle, so no order creates them: two models "
                "mapped to the same table name? Give each model a table of its own",
                fmt::join(waiting, ", ")));
        }
        placed[next] = true;
        order.push_back(next);
        created.push_back(tables[next]->name);
    }
    return order;
}

}  // namespace orm::sql
