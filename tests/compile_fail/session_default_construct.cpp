// orm::Session has no default constructor: only run_transaction makes one.
// expect: session_default_construct\.cpp:[0-9]+:[0-9]+: error: no matching function for call to
// expect: no matching function for call to (.|...)orm::Session::Session\(\)(.|...)
// In the expect lines, (.|...) is one quote: ' in the C locale, or the three bytes of a UTF-8 curly quote.
//
// session_control.hpp compiles (tests/unit/session/session_test.cpp proves it); only the bad line below does not.

#include "session_control.hpp"

void default_construct() {
    orm::Session session;  // the bad line
}
