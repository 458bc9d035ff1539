// Related rows join one foreign-key member to a one-column key: a parent with a composite key is refused.
// expect: the parent model has a composite key
//
// related_control.hpp compiles (tests/unit/session/related_rows_test.cpp proves it); only the bad line below does not.

#include "related_control.hpp"

void load([[maybe_unused]] orm::Session& session, [[maybe_unused]] const std::vector<models::blog::Post*>& posts,
          [[maybe_unused]] const std::vector<models::blog::PostTag*>& post_tags) {
    session.load_children(post_tags, &models::blog::Comment::post_id);  // the bad line
}
