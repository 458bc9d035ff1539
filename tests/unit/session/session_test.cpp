// What user code can and cannot do with an orm::Session, checked at compile time (no server): only
// run_transaction makes one, nobody copies or moves it, and it has no commit() or rollback().
// The checks live in tests/compile_fail/session_control.hpp, which every Session compile-fail file includes before
// its one bad line: compiling it here proves that a compile-fail test fails for its bad line and nothing else.
#include <gtest/gtest.h>

#include "../../compile_fail/session_control.hpp"

namespace {

TEST(SessionApi, PropertiesAreCheckedAtCompileTime) {
    // The static_asserts in session_control.hpp are the test; this records in the test run that they compiled.
    EXPECT_FALSE(std::is_default_constructible_v<orm::Session>);
    EXPECT_FALSE(std::is_move_constructible_v<orm::Session>);
    EXPECT_FALSE(control::has_commit<orm::Session>);
    EXPECT_FALSE(control::has_rollback<orm::Session>);
}

}  // namespace
