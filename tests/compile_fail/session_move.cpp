// An orm::Session cannot be moved out of the callback it was handed to.
// expect: session_move\.cpp:[0-9]+:[0-9]+: error: use of deleted function
// expect: use of deleted function (.|...)orm::Session::Session\(orm::Session&&\)(.|...)
// In the expect lines, (.|...) is one quote: ' in the C locale, or the three bytes of a UTF-8 curly quote.
//
// session_control.hpp compiles (tests/unit/session/session_test.cpp proves it); only the bad line below does not.

#include "session_control.hpp"

void move([[maybe_unused]] orm::Session& session) {
    orm::Session moved(std::move(session));  // the bad line
}
