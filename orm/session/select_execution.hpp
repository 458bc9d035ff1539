// Runs a query's SELECT: pending changes are flushed first (autoflush), and the statement's text is rendered once
// per query shape (orm::statements<T>) while its values are gathered per call.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <roachorm/orm/execution/connection.hpp>
#include <roachorm/orm/session/unit_of_work.hpp>
#include <roachorm/orm/sql/query_sql.hpp>
#include <roachorm/orm/sql/statements.hpp>

namespace orm::detail {

// T is the query's own model, whose statement cache holds the text.
template <Model T, class OnRow>
void run_select(Connection& connection, UnitOfWork& work, const sql::QueryClauses& clauses, sql::SelectShape shape,
                std::size_t result_columns, OnRow&& on_row) {
    const std::string& text = orm::statements<T>(connection.dialect()).select(clauses, shape);
    const std::vector<TextValue> values = sql::select_values(connection.dialect(), clauses);
    work.flush(connection);
    work.run_statement([&] { connection.execute(text, values, result_columns, on_row); });
}

}  // namespace orm::detail
