// all<Row>() reads each row into Row's members, which must match the selected expressions' types.
// expect: static assertion failed: roachorm: all<Row>\(\) reads each row into Row(.|...)s members in order
// expect: query_select_into_wrong_struct\.cpp:[0-9]+:[0-9]+:   required from here
// In the expect lines, (.|...) is one quote: ' in the C locale, or the three bytes of a UTF-8 curly quote.
//
// query_control.hpp compiles (tests/unit/sql/query_sql_test.cpp proves it); only the bad line below does not.

#include "query_control.hpp"

using namespace models::blog;
using orm::col;

void bad(orm::Session& session) {
    struct Wrong {
        std::int64_t title;
    };
    session.query<Post>().select(col(&Post::title)).all<Wrong>();  // the bad line
}
