// The positive control of the Session compile-fail checks: what must compile about orm::Session and
// run_transaction. tests/unit/session_api_test.cpp compiles it; each compile-fail file adds one bad line to it.
#pragma once

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
