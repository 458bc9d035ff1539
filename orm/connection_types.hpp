// The text values that cross the wire: a bound parameter or a result column, std::nullopt being SQL NULL.
// Shared by the connection, the row mapping and the statement log.
#pragma once

#include <optional>
#include <span>
#include <string>

namespace orm {

using TextValue = std::optional<std::string>;
using TextRow = std::span<const TextValue>;

}  // namespace orm
