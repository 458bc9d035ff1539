// Arithmetic applies to numeric columns only.
// expect: static assertion failed: roachorm: arithmetic applies to numeric columns only
// expect: query_arithmetic_on_uuid\.cpp:[0-9]+:[0-9]+:   required from here
//
// query_control.hpp compiles (tests/unit/sql/query_sql_test.cpp proves it); only the bad line below does not.

#include "query_control.hpp"

void bad(orm::Session& session) {
    session.query<models::Account>().order_by(orm::col(&models::Account::id) + 1);  // the bad line
}
