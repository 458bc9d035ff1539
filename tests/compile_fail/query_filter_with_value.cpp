// filter takes a condition; a numeric expression is not one.
// expect: static assertion failed: roachorm: filter takes a condition \(a comparison, in, is_null, or a bool column\)
// expect: query_filter_with_value\.cpp:[0-9]+:[0-9]+:   required from here
//
// query_control.hpp compiles (tests/unit/sql/query_sql_test.cpp proves it); only the bad line below does not.

#include "query_control.hpp"

void bad(orm::Session& session) {
    session.query<models::Account>().filter(orm::col(&models::Account::balance) + 1);  // the bad line
}
