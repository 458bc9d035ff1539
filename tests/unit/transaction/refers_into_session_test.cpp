// orm::detail::refers_into_session_v, the trait behind run_transaction's refusal to return what points into the
// Session: which types it flags (pointers and views of tracked objects, the Session, a Query) and which it lets by.
#include <roachorm/orm/transaction/refers_into_session.hpp>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <optional>
#include <ranges>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <variant>
#include <vector>

#include <gtest/gtest.h>

#include <roachorm/models/account.hpp>
#include <roachorm/models/point.hpp>

namespace {

using models::Account;
using orm::detail::refers_into_session_v;

struct Opaque;  // never defined: a pointer to it is nobody's

// What a lazy view calls on each element; only its type matters here.
struct BalanceOf {
    std::int64_t operator()(const Account* account) const { return account->balance; }
    std::int64_t operator()(const Account& account) const { return account.balance; }
};
template <class Container>
using lazy_balances = std::ranges::transform_view<std::ranges::owning_view<Container>, BalanceOf>;

// What Session and Query<T> return, and what a callback builds from it.
static_assert(refers_into_session_v<Account*>);
static_assert(refers_into_session_v<const Account*>);
static_assert(refers_into_session_v<Account&>);
static_assert(refers_into_session_v<const Account&>);
static_assert(refers_into_session_v<Account&&>);
static_assert(refers_into_session_v<Account* const>);
static_assert(refers_into_session_v<std::vector<Account*>>);
static_assert(refers_into_session_v<std::vector<const models::Point*>>);
static_assert(refers_into_session_v<std::list<Account*>>);
static_assert(refers_into_session_v<std::optional<Account*>>);
static_assert(refers_into_session_v<std::optional<std::reference_wrapper<Account>>>);
static_assert(refers_into_session_v<std::reference_wrapper<const Account>>);
static_assert(refers_into_session_v<std::pair<std::int64_t, Account*>>);
static_assert(refers_into_session_v<std::pair<Account&, int>>);
static_assert(refers_into_session_v<std::tuple<int, std::string, Account&>>);
static_assert(refers_into_session_v<std::variant<std::monostate, Account*>>);
static_assert(refers_into_session_v<std::span<Account>>);
static_assert(refers_into_session_v<std::span<const Account, 2>>);
static_assert(refers_into_session_v<std::ranges::subrange<Account**>>);
static_assert(refers_into_session_v<std::ranges::ref_view<std::vector<Account>>>);
// A lazy view yields values but dereferences the pointers it holds when iterated, after the session ended.
static_assert(refers_into_session_v<lazy_balances<std::vector<Account*>>>);
static_assert(refers_into_session_v<std::ranges::owning_view<std::vector<Account*>>>);
static_assert(refers_into_session_v<std::ranges::single_view<Account*>>);
static_assert(refers_into_session_v<orm::Query<Account>>);
static_assert(refers_into_session_v<orm::Query<Account>&>);
static_assert(refers_into_session_v<orm::Session*>);
static_assert(refers_into_session_v<orm::Session&>);
static_assert(refers_into_session_v<const orm::Session*>);
// Nested: every layer is looked through.
static_assert(refers_into_session_v<std::vector<std::optional<Account*>>>);
static_assert(refers_into_session_v<std::map<std::int64_t, Account*>>);
static_assert(refers_into_session_v<std::unordered_map<std::string, std::vector<Account*>>>);
static_assert(refers_into_session_v<std::optional<std::tuple<int, std::pair<int, Account*>>>>);
static_assert(refers_into_session_v<std::vector<Account*>*>);
static_assert(refers_into_session_v<std::unique_ptr<std::vector<Account*>>>);
static_assert(refers_into_session_v<std::shared_ptr<orm::Query<Account>>>);

// Values: copies, ids, rows, and what is nobody's.
static_assert(!refers_into_session_v<void>);
static_assert(!refers_into_session_v<std::int64_t>);
static_assert(!refers_into_session_v<Account>);
static_assert(!refers_into_session_v<const Account>);
static_assert(!refers_into_session_v<orm::uuid>);
static_assert(!refers_into_session_v<std::vector<Account>>);
static_assert(!refers_into_session_v<std::vector<orm::uuid>>);
static_assert(!refers_into_session_v<std::optional<Account>>);
static_assert(!refers_into_session_v<std::tuple<Account, std::int64_t, std::string>>);
static_assert(!refers_into_session_v<std::vector<std::tuple<orm::uuid, std::int64_t>>>);
static_assert(!refers_into_session_v<std::map<std::int64_t, Account>>);
static_assert(!refers_into_session_v<std::unique_ptr<Account>>);
static_assert(!refers_into_session_v<lazy_balances<std::vector<Account>>>);
static_assert(!refers_into_session_v<std::ranges::owning_view<std::vector<Account>>>);
static_assert(!refers_into_session_v<std::ranges::single_view<Account>>);
static_assert(!refers_into_session_v<std::string>);
static_assert(!refers_into_session_v<std::filesystem::path>);  // a range of itself: no endless recursion
// Pointers and views of what is not the session's are let by: a type cannot tell a string literal from a
// tracked object's member (orm/transaction/refers_into_session.hpp).
static_assert(!refers_into_session_v<const char*>);
static_assert(!refers_into_session_v<std::string_view>);
static_assert(!refers_into_session_v<std::span<const std::int64_t>>);
static_assert(!refers_into_session_v<void*>);
static_assert(!refers_into_session_v<Opaque*>);
static_assert(!refers_into_session_v<void (*)()>);
static_assert(!refers_into_session_v<void (&)()>);
static_assert(!refers_into_session_v<std::int64_t Account::*>);

TEST(RefersIntoSession, FlagsWhatPointsIntoTheSession) {
    // The static_asserts above are the test; this records in the test run that they compiled.
    EXPECT_TRUE(refers_into_session_v<std::vector<Account*>>);
    EXPECT_TRUE(refers_into_session_v<orm::Query<Account>>);
    EXPECT_FALSE(refers_into_session_v<std::vector<Account>>);
    EXPECT_FALSE(refers_into_session_v<const char*>);
}

}  // namespace
