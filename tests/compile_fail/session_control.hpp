// The positive control of the Session compile-fail checks: what must compile about orm::Session and
// run_transaction. tests/unit/session/session_test.cpp compiles it; each compile-fail file adds one bad line to it.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <ranges>
#include <span>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <roachorm/models/account.hpp>
#include <roachorm/models/blog.hpp>
#include <roachorm/orm/orm.hpp>

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

// What a callback may return: values that outlive the session (copies, ids, rows of raw SQL, a string literal).
namespace returning_values {
using models::Account;
inline constexpr auto copy = [](orm::Session& session) { return *session.get<Account>(orm::uuid{}); };
inline constexpr auto copy_of_added = [](orm::Session& session) { return session.add(Account{}); };  // auto: a copy
inline constexpr auto copies = [](orm::Session& session) {
    std::vector<Account> accounts;
    for (const Account* account : session.query<Account>().limit(3).all()) {
        accounts.push_back(*account);
    }
    return accounts;
};
inline constexpr auto optional_copy = [](orm::Session& session) -> std::optional<Account> {
    if (const Account* account = session.query<Account>().first()) {
        return *account;
    }
    return std::nullopt;
};
inline constexpr auto tuple_of_values = [](orm::Session& session) {
    return std::tuple{session.query<Account>().count(), session.get<Account>(orm::uuid{})->balance, std::string("ok")};
};
inline constexpr auto id = [](orm::Session& session) { return session.add(Account{}).id; };
inline constexpr auto ids = [](orm::Session& session) {
    std::vector<orm::uuid> added;
    for (const Account* account : session.add_all(std::vector<Account>(2))) {
        added.push_back(account->id);
    }
    return added;
};
inline constexpr auto rows = [](orm::Session& session) {
    return session.select<orm::uuid, std::int64_t>("SELECT id, balance FROM accounts");
};
inline constexpr auto map_of_copies = [](orm::Session& session) {
    std::map<std::int64_t, Account> by_balance;
    for (const Account* account : session.query<Account>().all()) {
        by_balance.emplace(account->balance, *account);
    }
    return by_balance;
};
// A lazy view over copies: it owns the vector it reads.
inline constexpr auto lazy_view_of_copies = [](orm::Session& session) {
    return copies(session) | std::views::transform([](const Account& account) { return account.balance; });
};
// A pointer to something that is not the session's: run_transaction cannot tell it from a pointer into a tracked
// object's member, and lets it through (orm/transaction/refers_into_session.hpp).
inline constexpr auto string_literal = [](orm::Session& session) {
    session.flush();
    return "flushed";
};
}  // namespace returning_values

// Callbacks that return what points into the session; each is well-formed on its own, and run_transaction rejects
// each (tests/compile_fail/run_transaction_returns_*.cpp, one each).
namespace escaping {
using models::Account;
inline constexpr auto pointer_from_get = [](orm::Session& session) { return session.get<Account>(orm::uuid{}); };
inline constexpr auto pointer_from_first = [](orm::Session& session) { return session.query<Account>().first(); };
inline constexpr auto reference_from_add = [](orm::Session& session) -> decltype(auto) {
    return session.add(Account{});
};
inline constexpr auto vector_from_all = [](orm::Session& session) { return session.query<Account>().limit(3).all(); };
inline constexpr auto vector_from_add_all = [](orm::Session& session) {
    return session.add_all(std::vector<Account>(2));
};
inline constexpr auto vector_from_upsert_all = [](orm::Session& session) {
    return session.upsert_all(std::vector<Account>(2));
};
inline constexpr auto optional_pointer = [](orm::Session& session) -> std::optional<Account*> {
    if (Account* account = session.query<Account>().first()) {
        return account;
    }
    return std::nullopt;
};
inline constexpr auto optional_reference_wrapper =
    [](orm::Session& session) -> std::optional<std::reference_wrapper<Account>> {
    if (Account* account = session.get<Account>(orm::uuid{})) {
        return std::ref(*account);
    }
    return std::nullopt;
};
inline constexpr auto pair_with_pointer = [](orm::Session& session) {
    return std::pair{session.query<Account>().count(), session.query<Account>().first()};
};
inline constexpr auto tuple_with_reference = [](orm::Session& session) {
    return std::tuple<Account&, int>{session.add(Account{}), session.attempt()};
};
inline constexpr auto reference_wrapper = [](orm::Session& session) { return std::ref(session.add(Account{})); };
inline constexpr auto span = [](orm::Session& session) { return std::span(&session.add(Account{}), 1); };
inline constexpr auto query = [](orm::Session& session) {
    return session.query<Account>().filter(orm::col(&Account::balance) > 0);  // auto: a copy of the Query
};
inline constexpr auto lazy_view = [](orm::Session& session) {
    return session.query<Account>().all() |
           std::views::transform([](const Account* account) { return account->balance; });  // reads when iterated
};
inline constexpr auto session_pointer = [](orm::Session& session) { return &session; };
inline constexpr auto session_reference = [](orm::Session& session) -> orm::Session& { return session; };
inline constexpr auto vector_of_optional_pointers = [](orm::Session& session) {
    std::vector<std::optional<Account*>> found;
    for (const orm::uuid& key : std::vector<orm::uuid>(2)) {
        Account* account = session.get<Account>(key);
        found.push_back(account ? std::optional<Account*>(account) : std::nullopt);
    }
    return found;
};
inline constexpr auto map_of_pointers = [](orm::Session& session) {
    std::map<std::int64_t, Account*> by_balance;
    for (Account* account : session.query<Account>().all()) {
        by_balance.emplace(account->balance, account);
    }
    return by_balance;
};
}  // namespace escaping

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
// Values of every kind come back from run_transaction as the callback returned them.
static_assert(std::is_same_v<transaction_result<decltype(returning_values::copy)>, models::Account>);
static_assert(std::is_same_v<transaction_result<decltype(returning_values::copy_of_added)>, models::Account>);
static_assert(std::is_same_v<transaction_result<decltype(returning_values::copies)>, std::vector<models::Account>>);
static_assert(
    std::is_same_v<transaction_result<decltype(returning_values::optional_copy)>, std::optional<models::Account>>);
static_assert(std::is_same_v<transaction_result<decltype(returning_values::tuple_of_values)>,
                             std::tuple<std::int64_t, std::int64_t, std::string>>);
static_assert(std::is_same_v<transaction_result<decltype(returning_values::id)>, orm::uuid>);
static_assert(std::is_same_v<transaction_result<decltype(returning_values::ids)>, std::vector<orm::uuid>>);
static_assert(std::is_same_v<transaction_result<decltype(returning_values::rows)>,
                             std::vector<std::tuple<orm::uuid, std::int64_t>>>);
static_assert(std::is_same_v<transaction_result<decltype(returning_values::map_of_copies)>,
                             std::map<std::int64_t, models::Account>>);
static_assert(std::is_same_v<transaction_result<decltype(returning_values::string_literal)>, const char*>);
static_assert(std::ranges::view<transaction_result<decltype(returning_values::lazy_view_of_copies)>>);
// Each escaping callback is well-formed and returns what its name says: only run_transaction rejects it.
template <class Fn>
using body_result = std::invoke_result_t<Fn&, orm::Session&>;
static_assert(std::is_same_v<body_result<decltype(escaping::pointer_from_get)>, models::Account*>);
static_assert(std::is_same_v<body_result<decltype(escaping::pointer_from_first)>, models::Account*>);
static_assert(std::is_same_v<body_result<decltype(escaping::reference_from_add)>, models::Account&>);
static_assert(std::is_same_v<body_result<decltype(escaping::vector_from_all)>, std::vector<models::Account*>>);
static_assert(std::is_same_v<body_result<decltype(escaping::vector_from_add_all)>, std::vector<models::Account*>>);
static_assert(std::is_same_v<body_result<decltype(escaping::vector_from_upsert_all)>, std::vector<models::Account*>>);
static_assert(std::is_same_v<body_result<decltype(escaping::optional_pointer)>, std::optional<models::Account*>>);
static_assert(std::is_same_v<body_result<decltype(escaping::optional_reference_wrapper)>,
                             std::optional<std::reference_wrapper<models::Account>>>);
static_assert(
    std::is_same_v<body_result<decltype(escaping::pair_with_pointer)>, std::pair<std::int64_t, models::Account*>>);
static_assert(std::is_same_v<body_result<decltype(escaping::tuple_with_reference)>, std::tuple<models::Account&, int>>);
static_assert(
    std::is_same_v<body_result<decltype(escaping::reference_wrapper)>, std::reference_wrapper<models::Account>>);
static_assert(std::is_same_v<body_result<decltype(escaping::span)>, std::span<models::Account>>);
static_assert(std::is_same_v<body_result<decltype(escaping::query)>, orm::Query<models::Account>>);
static_assert(std::ranges::view<body_result<decltype(escaping::lazy_view)>>);
static_assert(std::is_same_v<std::ranges::range_value_t<body_result<decltype(escaping::lazy_view)>>, std::int64_t>);
static_assert(std::is_same_v<body_result<decltype(escaping::session_pointer)>, orm::Session*>);
static_assert(std::is_same_v<body_result<decltype(escaping::session_reference)>, orm::Session&>);
static_assert(std::is_same_v<body_result<decltype(escaping::vector_of_optional_pointers)>,
                             std::vector<std::optional<models::Account*>>>);
static_assert(
    std::is_same_v<body_result<decltype(escaping::map_of_pointers)>, std::map<std::int64_t, models::Account*>>);

// A composite key is looked up by its tuple or column by column (session_get_*.cpp get it wrong).
inline constexpr auto composite_key_body = [](orm::Session& session) {
    const models::blog::PostTag* by_tuple = session.get<models::blog::PostTag>({7, "cpp"});
    const models::blog::PostTag* by_columns = session.get<models::blog::PostTag>(7, "cpp");
    return by_tuple == by_columns;
};
static_assert(std::is_same_v<body_result<decltype(composite_key_body)>, bool>);

}  // namespace control
