// Only a nullable (std::optional) column can be compared with std::nullopt.
// expect: static assertion failed: roachorm: only a std::optional member can be NULL
// expect: query_nullopt_on_non_nullable\.cpp:[0-9]+:[0-9]+:   required from here
// In the expect lines, (.|...) is one quote: ' in the C locale, or the three bytes of a UTF-8 curly quote.
//
// query_control.hpp compiles (tests/unit/sql/query_sql_test.cpp proves it); only the bad line below does not.

#include "query_control.hpp"

using namespace models::blog;
using orm::col;

void bad(orm::Session& session) {
    session.query<Post>().filter(col(&Post::title) == std::nullopt).all();  // the bad line
}
