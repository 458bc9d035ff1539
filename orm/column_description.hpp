// One column of a live table as the server describes it: what Database::columns() returns and what
// check_schema compares a model with.
#pragma once

#include <optional>
#include <string>

namespace orm {

struct ColumnDescription {
    std::string name;
    std::string type;  // normalized by the dialect (Dialect::normalize_type): "int8", "text", "numeric(10,2)", ...
    bool nullable = true;
    std::optional<std::string> default_expression;  // as the server spells it, e.g. "unique_rowid()"

    friend bool operator==(const ColumnDescription&, const ColumnDescription&) = default;
};

}  // namespace orm
