// Text is not a timestamp: text - timestamp has no meaning.
// expect: static assertion failed: roachorm: timestamp and interval arithmetic is timestamp \+ or - interval
// expect: query_text_minus_timestamp\.cpp:[0-9]+:[0-9]+:   required from here
//
// temporal_control.hpp compiles (tests/unit/session/temporal_expression_test.cpp proves it); only the bad line does
// not.

#include "temporal_control.hpp"

void bad(orm::Session& session) {
    using models::blog::Post;
    session.query<Post>().order_by(orm::col(&Post::title) - orm::col(&Post::created_at)).all();  // the bad line
}
