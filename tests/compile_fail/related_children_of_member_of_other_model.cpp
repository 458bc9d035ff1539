// Query<Comment>::children_of joins on a member of the query's own model; a member of another model is refused.
// expect: children_of takes the foreign-key member of the query's own model
//
// related_control.hpp compiles (tests/unit/session/related_rows_test.cpp proves it); only the bad line below does not.

#include "related_control.hpp"

void load([[maybe_unused]] orm::Session& session, [[maybe_unused]] const std::vector<models::blog::Post*>& posts,
          [[maybe_unused]] const std::vector<models::blog::PostTag*>& post_tags) {
    session.query<models::blog::Comment>().children_of(posts, &models::blog::Post::author_id);  // the bad line
}
