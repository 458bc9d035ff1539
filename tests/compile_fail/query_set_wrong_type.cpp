// A bulk update sets a member to a value of the member's type only.
// expect: static assertion failed: roachorm: this value's type does not match the column's type
// expect: query_set_wrong_type\.cpp:[0-9]+:[0-9]+:   required from here
//
// query_control.hpp compiles (tests/unit/sql/query_sql_test.cpp proves it); only the bad line below does not.

#include "query_control.hpp"

void bad(orm::Session& session) {
    session.query<models::Account>().update(orm::set(&models::Account::balance, 2.5));  // the bad line
}
