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
    // A computed (generated) column's expression as the server spells it; std::nullopt for an ordinary column.
    // check_schema needs it because roachorm writes every mapped column and both servers refuse a value for a
    // computed one. Defaulted so that code naming only the members above stays free of missing-initializer warnings.
    std::optional<std::string> generation_expression = std::nullopt;

    friend bool operator==(const ColumnDescription&, const ColumnDescription&) = default;
};

}  // namespace orm
