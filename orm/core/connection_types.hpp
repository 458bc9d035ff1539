// The text values that cross the wire, std::nullopt being SQL NULL: a bound parameter (owned), or a result column
// (a view into the server's result, valid while its row is being read). Shared by the connection and the mapping.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace orm {

using TextValue = std::optional<std::string>;
using TextView = std::optional<std::string_view>;
using TextRow = std::span<const TextView>;

}  // namespace orm
