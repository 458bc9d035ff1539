// Column lookup by name in a ResultSet, with an error that says which listing lacked which column.
// Names compare exactly: both servers report catalog column names in lower case.
#include <roachorm/orm/core/result_set.hpp>

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <roachorm/orm/core/error.hpp>

namespace orm {

std::optional<std::size_t> ResultSet::find_column(std::string_view name) const {
    const auto found = std::ranges::find(columns, name);
    if (found == columns.end()) {
        return std::nullopt;
    }
    return static_cast<std::size_t>(found - columns.begin());
}

std::size_t ResultSet::column(std::string_view name) const {
    if (const auto index = find_column(name)) {
        return *index;
    }
    throw MappingError(
        fmt::format("the result of {} has no column \"{}\" (its columns: {}); this server version's "
                    "catalog listing is not supported",
                    statement, name, fmt::join(columns, ", ")));
}

}  // namespace orm
