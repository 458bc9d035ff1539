// Statement text for the query shapes of orm::Query: SELECT (rows, count, exists; joins, projections, grouping),
// bulk UPDATE and bulk DELETE, built from the query's clauses. Values travel beside the text, bound to its
// placeholders.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <roachorm/dialect/dialect.hpp>
#include <roachorm/orm/mapping/model.hpp>
#include <roachorm/orm/sql/sql_fragment.hpp>

namespace orm::sql {

enum class Direction { ascending, descending };

struct Ordering {
    Fragment expression;
    Direction direction;
    std::optional<std::size_t> column;  // the declaration index when `expression` is a plain column (keyset pages)
};

// `SET column = value` of a bulk UPDATE.
struct Assignment {
    std::size_t column;
    Fragment value;
};

enum class JoinKind { inner, left };

// "INNER JOIN table ON condition" (or LEFT JOIN): a join names its columns qualified by table.
struct Join {
    const TableInfo* table;
    JoinKind kind;
    Fragment on;
};

struct QueryClauses {
    std::vector<Join> joins;
    // What the SELECT returns; empty: every column of the query's table, then of each joined table in join order.
    std::vector<Fragment> projection;
    bool distinct = false;
    std::vector<Fragment> filters;  // ANDed
    std::vector<Fragment> group_by;
    std::vector<Fragment> having;  // ANDed
    std::vector<Ordering> order;
    std::optional<std::int64_t> limit;
    std::optional<std::int64_t> offset;
    bool for_update = false;
};

// A subquery: a SELECT of `table` with `clauses`, whose projection is what it yields ("1" for EXISTS). Its columns,
// its own and those of the statement around it, are named qualified by table, as the two may share column names.
struct Subselect {
    const TableInfo* table;
    QueryClauses clauses;
};

// Appends `select`'s text to `sql`, its values to `values` numbered after those already there (Fragment's render).
void render_subselect(const Subselect& select, const dialect::Dialect& dialect, std::string& sql,
                      std::vector<TextValue>& values);

struct Statement {
    std::string text;
    std::vector<TextValue> values;
};

enum class SelectShape {
    rows,    // the projection, or every column in declaration order
    count,   // SELECT count(*)
    exists,  // SELECT EXISTS (...)
};

Statement select(const dialect::Dialect& dialect, const TableInfo& table, const QueryClauses& clauses,
                 SelectShape shape);
// select()'s text depends on the clauses' shape, never on their values: this compact key of the shape (fragment
// parts with values as a marker, clause counts and flags, `shape`) identifies the text, so it can be memoized.
std::string select_signature(const QueryClauses& clauses, SelectShape shape);
// The values select() binds in `dialect`, in placeholder order, without rendering any text.
std::vector<TextValue> select_values(const dialect::Dialect& dialect, const QueryClauses& clauses);
// With `returning`, the statement returns the key's columns and then the assigned columns of every row it changed.
Statement update(const dialect::Dialect& dialect, const TableInfo& table, const QueryClauses& clauses,
                 std::span<const Assignment> assignments, bool returning);
// With `returning`, the statement returns the key's columns of every row it deleted.
Statement remove(const dialect::Dialect& dialect, const TableInfo& table, const QueryClauses& clauses, bool returning);

}  // namespace orm::sql
