// One expression cannot mix the columns of two models.
// expect: static assertion failed: roachorm: an expression can only combine columns of one model
// expect: query_columns_of_two_models\.cpp:[0-9]+:[0-9]+:   required from here
//
// query_control.hpp compiles (tests/unit/sql/query_sql_test.cpp proves it); only the bad line below does not.

#include "query_control.hpp"

void bad(orm::Session& session) {
    session.query<models::Point>().filter(orm::col(&models::Point::x) ==
                                          orm::col(&models::Account::balance));  // the bad line
}
