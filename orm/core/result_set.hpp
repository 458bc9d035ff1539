// A whole result set with its column names, for the statements whose columns must be read by name: the servers'
// catalog listings (SHOW TABLES, SHOW COLUMNS, information_schema), which add and reorder columns across versions.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <roachorm/orm/core/connection_types.hpp>

namespace orm {

struct ResultSet {
    std::string statement;  // the text that produced it, for messages
    std::vector<std::string> columns;
    std::vector<std::vector<TextValue>> rows;

    std::optional<std::size_t> find_column(std::string_view name) const;
    // The position of a column the reader cannot do without; orm::MappingError naming it, the statement and the
    // columns that did come back, when it is absent (a server version whose listing is not supported).
    std::size_t column(std::string_view name) const;
};

}  // namespace orm
