// The comparison behind Database::check_schema<T>(): a model's table against what the server reports about it, one
// sentence per difference. Kept apart from the Database so that it can be tested without a server.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <roachorm/dialect/dialect.hpp>
#include <roachorm/orm/mapping/model.hpp>
#include <roachorm/orm/mapping/table_description.hpp>

namespace orm {

// Every difference between `model` and `live` (std::nullopt: the table does not exist), in this order:
// - columns (schema_check.cpp): missing and extra columns, mapped columns the server computes, types (compared
//   normalized), nullability, the server default a serial or uuid key needs, and an orm::defaulted member's column
//   without a default (only its presence: the servers re-spell default expressions);
// - the primary key (schema_check_constraints.cpp): its name and its columns in order;
// - foreign keys, unique constraints and indexes, matched by name: missing, extra, and each property that differs
//   (columns and their order, direction, STORING, predicate, uniqueness, referenced table and columns, ON DELETE and
//   ON UPDATE actions).
// Within each, the model's in declaration order, then the server's extras in its order; empty when the table
// matches. Column order is not compared: every statement names its columns.
std::vector<std::string> compare_schema(const TableInfo& model, const std::optional<TableDescription>& live,
                                        const dialect::Dialect& dialect);

namespace detail {

// The key, foreign key, unique constraint and index part of compare_schema, appended to `differences`.
void compare_constraints(const TableInfo& model, const TableDescription& live, const dialect::Dialect& dialect,
                         std::vector<std::string>& differences);

}  // namespace detail

}  // namespace orm
