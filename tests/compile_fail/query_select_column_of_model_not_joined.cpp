// select takes columns of the query's models only.
// expect: static assertion failed: roachorm: select takes columns of the query(.|...)s models
// expect: query_select_column_of_model_not_joined\.cpp:[0-9]+:[0-9]+:   required from here
// In the expect lines, (.|...) is one quote: ' in the C locale, or the three bytes of a UTF-8 curly quote.
//
// query_control.hpp compiles (tests/unit/sql/query_sql_test.cpp proves it); only the bad line below does not.

#include "query_control.hpp"

using namespace models::blog;
using orm::col;

void bad(orm::Session& session) {
    session.query<Post>().select(col(&User::name)).all();  // the bad line
}
