// column.in(subquery) compares the column with what the subquery selects: a text column with integers does not
// compile.
// expect: static assertion failed: roachorm: in\(subquery\) needs a subquery selecting values the column compares with
// expect: query_subquery_in_of_wrong_type\.cpp:[0-9]+:[0-9]+:   required from here
//
// query_control.hpp compiles (tests/unit/sql/query_sql_test.cpp proves it); only the bad line below does not.

#include "query_control.hpp"

using namespace models::blog;
using orm::col;

void bad(orm::Session& session) {
    session.query<User>()
        .filter(col(&User::name).in(orm::subquery<Post>().select(col(&Post::author_id))))
        .all();  // the bad line
}
