// load_children's foreign-key member must hold the parent's key type: a text member cannot refer to a serial key.
// expect: the foreign-key member's type must be the parent's key type
//
// related_control.hpp compiles (tests/unit/session/related_rows_test.cpp proves it); only the bad line below does not.

#include "related_control.hpp"

void load([[maybe_unused]] orm::Session& session, [[maybe_unused]] const std::vector<models::blog::Post*>& posts,
          [[maybe_unused]] const std::vector<models::blog::PostTag*>& post_tags) {
    session.load_children(posts, &models::blog::Comment::body);  // the bad line
}
