// A model appears once in a query: a self-join needs aliases, which roachorm does not have.
// expect: static assertion failed: roachorm: a model appears once in a query
// expect: query_self_join\.cpp:[0-9]+:[0-9]+:   required from here
// In the expect lines, (.|...) is one quote: ' in the C locale, or the three bytes of a UTF-8 curly quote.
//
// query_control.hpp compiles (tests/unit/sql/query_sql_test.cpp proves it); only the bad line below does not.

#include "query_control.hpp"

using namespace models::blog;
using orm::col;

void bad(orm::Session& session) {
    session.query<Comment>().join<Comment>(col(&Comment::reply_to) == col(&Comment::id)).all();  // the bad line
}
