// join<J>() without a condition needs a foreign key declared between J and a model of the query.
// expect: static assertion failed: roachorm: join<J>\(\) joins on a foreign key declared between J and a model of the
// query, and there is none expect: query_join_without_foreign_key\.cpp:[0-9]+:[0-9]+:   required from here In the
// expect lines, (.|...) is one quote: ' in the C locale, or the three bytes of a UTF-8 curly quote.
//
// query_control.hpp compiles (tests/unit/sql/query_sql_test.cpp proves it); only the bad line below does not.

#include "query_control.hpp"

using namespace models::blog;
using orm::col;

void bad(orm::Session& session) {
    session.query<Tag>().join<User>().all();  // the bad line
}
