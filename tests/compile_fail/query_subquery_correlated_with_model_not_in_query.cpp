// A correlated subquery reads a model of the outer query: in a query without that model it does not compile.
// expect: static assertion failed: roachorm: filter takes a condition on the query(.|...)s models: join the model
// expect: query_subquery_correlated_with_model_not_in_query\.cpp:[0-9]+:[0-9]+:   required from here
// In the expect lines, (.|...) is one quote: ' in the C locale, or the three bytes of a UTF-8 curly quote.
//
// query_control.hpp compiles (tests/unit/sql/query_sql_test.cpp proves it); only the bad line below does not.

#include "query_control.hpp"

using namespace models::blog;
using orm::col;

void bad(orm::Session& session) {
    // Post is not in query<User>(): the twin of well_typed_subqueries' first line.
    session.query<User>().filter(
        orm::exists(orm::subquery<Comment>().filter(col(&Comment::post_id) == col(&Post::id))));  // the bad line
}
