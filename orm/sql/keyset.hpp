// Keyset pagination: the condition that keeps the rows after a given row in a query's order, so that the next page
// is read from an index without OFFSET skipping (and reading) every earlier row.
#pragma once

#include <span>

#include <roachorm/orm/core/connection_types.hpp>
#include <roachorm/orm/mapping/model.hpp>
#include <roachorm/orm/sql/query_sql.hpp>
#include <roachorm/orm/sql/sql_fragment.hpp>

namespace orm::sql {

// For ORDER BY a DESC, b DESC and a row whose columns hold `row_values` (text by column index), the rows after it:
// (a < $1) OR ((a = $2) AND (b < $3)). Every ordering must be a plain column of `table` that is NOT NULL, and the
// row's value of each must be set: otherwise orm::Error, since "after" has no single meaning there.
Fragment rows_after(const TableInfo& table, std::span<const Ordering> order, std::span<const TextValue> row_values);

}  // namespace orm::sql
