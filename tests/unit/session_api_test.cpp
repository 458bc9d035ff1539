// What user code can and cannot do with an orm::Session, checked at compile time (no server): only
// run_transaction makes one, nobody copies or moves it, and it has no commit() or rollback().
//
// This file is also the positive control of tests/compile_fail/session_*.cpp and
// run_transaction_returns_reference.cpp: each of those is the block between "control: begin" and "control: end"
// below plus one bad line, so a compile-fail test that fails for an unrelated reason (a typo, a renamed header)
// shows up here as a build error instead of passing silently. Keep the copies in step: the test
// CompileFailFilesAreThisControlPlusOneBadLine below checks that they are.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

// control: begin
#include <cstdint>
#include <type_traits>
#include <utility>

#include <models/account.hpp>
#include <orm/orm.hpp>

namespace control {

// Transaction bodies as applications write them.
inline constexpr auto void_body = [](orm::Session& session) { session.flush(); };
inline constexpr auto value_body = [](orm::Session& session) {
    return session.get<models::Account>(orm::uuid{})->balance;
};
// A reference into the session: it would dangle once the transaction ends, so run_transaction rejects it.
inline constexpr auto reference_body = [](orm::Session& session) -> models::Account& {
    return *session.get<models::Account>(orm::uuid{});
};

template <class S>
concept has_commit = requires(S& session) {
    session.commit();
};
template <class S>
concept has_rollback = requires(S& session) {
    session.rollback();
};

template <class Fn>
using transaction_result = decltype(orm::run_transaction(std::declval<orm::Database&>(), std::declval<Fn>()));

// Only run_transaction (through detail::TransactionAttempt) constructs a Session.
static_assert(!std::is_default_constructible_v<orm::Session>);
static_assert(!std::is_constructible_v<orm::Session, orm::Connection&, int>);
// A Session is its attempt's: it cannot be copied or moved out of the callback.
static_assert(!std::is_copy_constructible_v<orm::Session>);
static_assert(!std::is_move_constructible_v<orm::Session>);
static_assert(!std::is_copy_assignable_v<orm::Session>);
static_assert(!std::is_move_assignable_v<orm::Session>);
// run_transaction alone ends the transaction.
static_assert(!has_commit<orm::Session>);
static_assert(!has_rollback<orm::Session>);
// What run_transaction accepts: a callback taking orm::Session&, returning nothing or a value.
static_assert(std::is_invocable_v<decltype(void_body), orm::Session&>);
static_assert(std::is_same_v<transaction_result<decltype(void_body)>, void>);
static_assert(std::is_same_v<transaction_result<decltype(value_body)>, std::int64_t>);
static_assert(std::is_same_v<transaction_result<decltype(value_body)>,
                             decltype(orm::run_transaction(std::declval<orm::Database&>(), value_body,
                                                           std::declval<const orm::TransactionOptions&>()))>);
// The callback run_transaction must reject is well-formed on its own: the rejection is run_transaction's.
static_assert(std::is_invocable_v<decltype(reference_body), orm::Session&>);
static_assert(std::is_reference_v<std::invoke_result_t<decltype(reference_body)&, orm::Session&>>);

}  // namespace control
// control: end

namespace {

TEST(SessionApi, PropertiesAreCheckedAtCompileTime) {
    // The static_asserts above are the test; this records in the test run that they compiled.
    EXPECT_FALSE(std::is_default_constructible_v<orm::Session>);
    EXPECT_FALSE(std::is_move_constructible_v<orm::Session>);
    EXPECT_FALSE(control::has_commit<orm::Session>);
    EXPECT_FALSE(control::has_rollback<orm::Session>);
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The text from "// control: begin" to "// control: end", both included; empty when the file has none.
std::string control_block(const std::string& source) {
    const std::size_t begin = source.find("// control: begin\n");
    const std::size_t end = source.find("// control: end\n");
    return begin == std::string::npos || end == std::string::npos || end < begin ? std::string()
                                                                                 : source.substr(begin, end - begin);
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) {
        ++n;
    }
    return n;
}

TEST(SessionApi, CompileFailFilesAreThisControlPlusOneBadLine) {
    // CMake compiles sources by absolute path, so __FILE__ locates the source tree.
    const std::filesystem::path unit_dir = std::filesystem::path(__FILE__).parent_path();
    const std::filesystem::path compile_fail_dir = unit_dir.parent_path() / "compile_fail";
    if (!std::filesystem::is_directory(compile_fail_dir)) {
        GTEST_SKIP() << "source tree not found from __FILE__ = " << __FILE__;
    }
    const std::string control = control_block(read_file(__FILE__));
    ASSERT_FALSE(control.empty());
    for (const char* name :
         {"session_default_construct.cpp", "session_construct_from_connection.cpp", "session_copy.cpp",
          "session_move.cpp", "session_commit.cpp", "session_rollback.cpp", "run_transaction_returns_reference.cpp"}) {
        SCOPED_TRACE(name);
        const std::string source = read_file(compile_fail_dir / name);
        EXPECT_EQ(control_block(source), control);
        EXPECT_EQ(count(source, "// the bad line"), 1u);
        EXPECT_GT(source.find("// the bad line"), source.find("// control: end\n"));
    }
}

}  // namespace
