// A uuid column compares with orm::uuid values only, not with their text.
// expect: static assertion failed: roachorm: this value's type does not match the column's type
// expect: query_uuid_compared_with_text\.cpp:[0-9]+:[0-9]+:   required from here
//
// query_control.hpp compiles (tests/unit/sql/query_sql_test.cpp proves it); only the bad line below does not.

#include "query_control.hpp"

void bad(orm::Session& session) {
    session.query<models::Account>().filter(orm::col(&models::Account::id) ==
                                            "6f1c2a4e-9a57-4a6b-8d7e-3f0b5c1d2e3f");  // the bad line
}
