// A condition may combine columns of several models, but a query filters only on the models it reads.
// expect: static assertion failed: roachorm: filter takes a condition on the query(.|...)s models: join the model
// expect: query_columns_of_two_models\.cpp:[0-9]+:[0-9]+:   required from here
// In the expect lines, (.|...) is one quote: ' in the C locale, or the three bytes of a UTF-8 curly quote.
//
// query_control.hpp compiles (tests/unit/sql/query_sql_test.cpp proves it); only the bad line below does not.

#include "query_control.hpp"

using namespace models::blog;
using orm::col;

void bad(orm::Session& session) {
    session.query<models::Point>().filter(col(&models::Point::x) == col(&models::Account::balance));  // the bad line
}
