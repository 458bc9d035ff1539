// join<J>() cannot choose between two foreign keys (Comment references both Post and User).
// expect: static assertion failed: roachorm: more than one foreign key joins J to the query(.|...)s models
// expect: query_join_ambiguous_foreign_keys\.cpp:[0-9]+:[0-9]+:   required from here
// In the expect lines, (.|...) is one quote: ' in the C locale, or the three bytes of a UTF-8 curly quote.
//
// query_control.hpp compiles (tests/unit/sql/query_sql_test.cpp proves it); only the bad line below does not.

#include "query_control.hpp"

using namespace models::blog;
using orm::col;

void bad(orm::Session& session) {
    session.query<Post>().join<User>().join<Comment>().all();  // the bad line
}
