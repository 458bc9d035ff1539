// A query filters on its own models' columns: a condition on a model not joined does not compile.
// expect: static assertion failed: roachorm: filter takes a condition on the query(.|...)s models: join the model
// expect: query_filter_on_other_model\.cpp:[0-9]+:[0-9]+:   required from here
// In the expect lines, (.|...) is one quote: ' in the C locale, or the three bytes of a UTF-8 curly quote.
//
// query_control.hpp compiles (tests/unit/sql/query_sql_test.cpp proves it); only the bad line below does not.

#include "query_control.hpp"

using namespace models::blog;
using orm::col;

void bad(orm::Session& session) {
    session.query<models::Account>().filter(col(&models::Point::x) > 1.0);  // the bad line
}
