// Comparing a column with a value of another type does not compile, and the diagnostic says what to do.
// expect: static assertion failed: roachorm: this value's type does not match the column's type
// expect: query_value_of_wrong_type\.cpp:[0-9]+:[0-9]+:   required from here
//
// query_control.hpp compiles (tests/unit/sql/query_sql_test.cpp proves it); only the bad line below does not.

#include "query_control.hpp"

void bad(orm::Session& session) {
    session.query<models::Account>().filter(orm::col(&models::Account::balance) == std::string("ten"));  // the bad line
}
