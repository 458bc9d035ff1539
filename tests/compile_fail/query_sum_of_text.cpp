// sum and avg apply to numeric columns.
// expect: static assertion failed: roachorm: sum and avg apply to numeric columns only
// expect: query_sum_of_text\.cpp:[0-9]+:[0-9]+:   required from here
// In the expect lines, (.|...) is one quote: ' in the C locale, or the three bytes of a UTF-8 curly quote.
//
// query_control.hpp compiles (tests/unit/sql/query_sql_test.cpp proves it); only the bad line below does not.

#include "query_control.hpp"

using namespace models::blog;
using orm::col;

void bad(orm::Session& session) {
    session.query<Post>().select(orm::sum(col(&Post::title))).all();  // the bad line
}
