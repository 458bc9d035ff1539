// The comparison behind Database::check_schema<T>(): a model's table against the columns the server reports, one
// sentence per difference. Kept apart from the Database so that it can be tested without a server.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <roachorm/dialect/dialect.hpp>
#include <roachorm/orm/mapping/column_description.hpp>
#include <roachorm/orm/mapping/model.hpp>

namespace orm {

// Every difference between `model` and `live` (std::nullopt: the table does not exist): missing and extra columns,
// mapped columns the server computes, types (compared normalized), nullability, and the server default a serial or
// uuid key needs. Model columns come first in declaration order, then the extra live columns in theirs; empty when
// the table matches. Column order is not compared: every statement names its columns.
std::vector<std::string> compare_schema(const TableInfo& model,
                                        const std::optional<std::vector<ColumnDescription>>& live,
                                        const dialect::Dialect& dialect);

}  // namespace orm
