// orm::Session's constructor from a connection and an attempt number is private to run_transaction's machinery.
// expect: session_construct_from_connection\.cpp:[0-9]+:[0-9]+: error: (.|...)orm::Session::Session
// expect: error: (.|...)orm::Session::Session\(orm::Connection&, int\)(.|...) is private within this context
// In the expect lines, (.|...) is one quote: ' in the C locale, or the three bytes of a UTF-8 curly quote.
//
// session_control.hpp compiles (tests/unit/session/session_test.cpp proves it); only the bad line below does not.

#include "session_control.hpp"

void construct([[maybe_unused]] orm::Connection& connection) {
    orm::Session session(connection, 1);  // the bad line
}
