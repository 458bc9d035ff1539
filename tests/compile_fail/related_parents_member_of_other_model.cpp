// load_parents reads the foreign key of the children given: a member of another model is refused.
// expect: load_parents takes the foreign-key member of the children's own model
//
// related_control.hpp compiles (tests/unit/session/related_rows_test.cpp proves it); only the bad line below does not.

#include "related_control.hpp"

void load([[maybe_unused]] orm::Session& session, [[maybe_unused]] const std::vector<models::blog::Post*>& posts,
          [[maybe_unused]] const std::vector<models::blog::PostTag*>& post_tags) {
    session.load_parents<models::blog::User>(posts, &models::blog::Comment::author_id);  // the bad line
}
