// session.get<T>(a, b, ...) takes one value per key column: models::blog::PostTag's key has two.
// expect: takes one value per key column
//
// session_control.hpp compiles (tests/unit/session/session_test.cpp proves it); only the bad line below does not.

#include "session_control.hpp"

void get([[maybe_unused]] orm::Session& session) {
    session.get<models::blog::PostTag>(7, "cpp", 3);  // the bad line
}
