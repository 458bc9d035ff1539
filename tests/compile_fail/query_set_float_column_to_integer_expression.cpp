// CockroachDB assigns a number only to a column of its own kind.
// expect: static assertion failed: roachorm: orm::set assigns a numeric column an expression of its own kind
// expect: query_set_float_column_to_integer_expression\.cpp:[0-9]+:[0-9]+:   required from here
//
// query_control.hpp compiles (tests/unit/sql/query_sql_test.cpp proves it); only the bad line below does not.

#include "query_control.hpp"

void bad(orm::Session& session) {
    using models::Point;
    session.query<Point>().update(orm::set(&Point::x, orm::col(&Point::id)));  // the bad line
}
