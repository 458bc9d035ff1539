// A join condition compares columns of types that can meet: text with an integer key does not compile.
// expect: static assertion failed: roachorm: these two expressions have types that cannot be compared
// expect: query_join_condition_of_unrelated_types\.cpp:[0-9]+:[0-9]+:   required from here
// In the expect lines, (.|...) is one quote: ' in the C locale, or the three bytes of a UTF-8 curly quote.
//
// query_control.hpp compiles (tests/unit/sql/query_sql_test.cpp proves it); only the bad line below does not.

#include "query_control.hpp"

using namespace models::blog;
using orm::col;

void bad(orm::Session& session) {
    session.query<Post>().join<User>(col(&Post::title) == col(&User::id)).all();  // the bad line
}
