// An orm::Session cannot be copied out of the callback it was handed to.
// expect: session_copy\.cpp:[0-9]+:[0-9]+: error: use of deleted function
// expect: use of deleted function (.|...)orm::Session::Session\(const orm::Session&\)(.|...)
// In the expect lines, (.|...) is one quote: ' in the C locale, or the three bytes of a UTF-8 curly quote.
//
// session_control.hpp compiles (tests/unit/session/session_test.cpp proves it); only the bad line below does not.

#include "session_control.hpp"

void copy([[maybe_unused]] orm::Session& session) {
    orm::Session copy(session);  // the bad line
}
