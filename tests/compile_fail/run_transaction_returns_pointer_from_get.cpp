// run_transaction rejects a callback that returns a pointer from session.get<T>(key): the tracked object it points at
// ends with the session.
// expect: transaction\.hpp:[0-9]+:[0-9]+: error: static assertion failed: run_transaction's callback
// expect: callback returns a type that points into the Session \(see the note below\)
// expect: which ends with the transaction: return values \(copies of the objects, std::vector<T>, their ids\)
// expect: note: (.|...)!\(bool\)orm::detail::refers_into_session_v<
// expect: refers_into_session_v<models::Account\*>(.|...) evaluates to false
// expect: run_transaction_returns_pointer_from_get\.cpp:[0-9]+:[0-9]+:   required from here
// In the expect lines, (.|...) is one quote: ' in the C locale, or the three bytes of a UTF-8 curly quote.
//
// session_control.hpp compiles (tests/unit/session/session_test.cpp proves it), and control::escaping says what
// the callback returns; only the bad line below does not compile.

#include "session_control.hpp"

void run([[maybe_unused]] orm::Database& database) {
    orm::run_transaction(database, control::escaping::pointer_from_get);  // the bad line
}
