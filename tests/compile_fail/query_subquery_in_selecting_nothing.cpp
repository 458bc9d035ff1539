// column.in(subquery) needs the subquery to select one expression: a subquery without select() does not compile.
// expect: static assertion failed: roachorm: in\(\) takes a subquery that selects one expression
// expect: query_subquery_in_selecting_nothing\.cpp:[0-9]+:[0-9]+:   required from here
//
// query_control.hpp compiles (tests/unit/sql/query_sql_test.cpp proves it); only the bad line below does not.

#include "query_control.hpp"

using namespace models::blog;
using orm::col;

void bad(orm::Session& session) {
    session.query<User>().filter(col(&User::id).in(orm::subquery<Post>())).all();  // the bad line
}
