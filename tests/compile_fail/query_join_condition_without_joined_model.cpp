// A join condition must use a column of the model it joins.
// expect: static assertion failed: roachorm: a join condition must use a column of the model it joins
// expect: query_join_condition_without_joined_model\.cpp:[0-9]+:[0-9]+:   required from here
// In the expect lines, (.|...) is one quote: ' in the C locale, or the three bytes of a UTF-8 curly quote.
//
// query_control.hpp compiles (tests/unit/sql/query_sql_test.cpp proves it); only the bad line below does not.

#include "query_control.hpp"

using namespace models::blog;
using orm::col;

void bad(orm::Session& session) {
    session.query<Post>().join<User>(col(&Post::id) == 1).all();  // the bad line
}
