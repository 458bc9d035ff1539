// run_transaction rejects a callback that returns a reference (here to an object its session tracks): the
// session and its objects end with the transaction, so the reference would dangle.
// expect: transaction\.hpp:[0-9]+:[0-9]+: error: static assertion failed: run_transaction's callback must
// expect: callback must return a value: the session's objects end with the transaction
// expect: note: (.|...)!\(bool\)std::is_reference_v<models::Account&>(.|...) evaluates to false
// expect: run_transaction_returns_reference\.cpp:[0-9]+:[0-9]+:   required from here
// In the expect lines, (.|...) is one quote: ' in the C locale, or the three bytes of a UTF-8 curly quote.
//
// session_control.hpp compiles (tests/unit/session/session_test.cpp proves it); only the bad line below does not.

#include "session_control.hpp"

void run([[maybe_unused]] orm::Database& database) {
    orm::run_transaction(database, control::reference_body);  // the bad line
}
