// Arithmetic of a floating-point expression with an integer one has no operator on CockroachDB.
// expect: static assertion failed: roachorm: arithmetic applies to numeric columns, and not to a floating-point
// expression with an integer or decimal one expect: query_arithmetic_of_float_and_integer\.cpp:[0-9]+:[0-9]+: required
// from here
//
// query_control.hpp compiles (tests/unit/sql/query_sql_test.cpp proves it); only the bad line below does not.

#include "query_control.hpp"

void bad(orm::Session& session) {
    using models::Point;
    session.query<Point>().order_by(orm::col(&Point::x) * orm::col(&Point::id));  // the bad line
}
