// A subquery yields one value per row: select() of two expressions does not compile.
// expect: static assertion failed: roachorm: a subquery selects exactly one expression
// expect: query_subquery_selecting_two_columns\.cpp:[0-9]+:[0-9]+:   required from here
//
// query_control.hpp compiles (tests/unit/sql/query_sql_test.cpp proves it); only the bad line below does not.

#include "query_control.hpp"

using namespace models::blog;
using orm::col;

void bad(orm::Session& session) {
    session.query<User>()
        .filter(col(&User::id).in(orm::subquery<Post>().select(col(&Post::author_id), col(&Post::id))))
        .all();  // the bad line
}
