// session.get<T>(a, b) takes the columns of a composite key; a model with a one-column key is looked up by get<T>(key).
// expect: takes the columns of a composite key, and this model's key is one column
//
// session_control.hpp compiles (tests/unit/session/session_test.cpp proves it); only the bad line below does not.

#include "session_control.hpp"

void get([[maybe_unused]] orm::Session& session) {
    session.get<models::Account>(orm::uuid{}, 1);  // the bad line
}
