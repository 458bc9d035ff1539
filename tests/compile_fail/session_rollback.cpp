// orm::Session has no rollback(): run_transaction rolls back when the callback throws.
// expect: session_rollback\.cpp:[0-9]+:[0-9]+: error: (.|...)class orm::Session(.|...) has no member named
// expect: (.|...)class orm::Session(.|...) has no member named (.|...)rollback(.|...)
// In the expect lines, (.|...) is one quote: ' in the C locale, or the three bytes of a UTF-8 curly quote.
//
// session_control.hpp compiles (tests/unit/session/session_test.cpp proves it); only the bad line below does not.

#include "session_control.hpp"

void rollback([[maybe_unused]] orm::Session& session) {
    session.rollback();  // the bad line
}
