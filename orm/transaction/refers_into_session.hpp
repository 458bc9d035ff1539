// orm::detail::refers_into_session_v<R>: whether a value of type R can point into an orm::Session (a tracked object,
// the Session itself, a Query on it), so that run_transaction can refuse to return one from the transaction.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <ranges>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>

#include <roachorm/orm/mapping/model.hpp>

namespace orm {

class Session;
template <Model T, Model... Joined>
class Query;

namespace detail {

// The judgement is by type, not by where a pointer came from. A pointer, reference, reference_wrapper or view (a
// std::span, a borrowed or lazy range) refers into the session when what it points at is a model, the Session or
// a Query, or itself holds such a thing; optional, variant, pair, tuple, smart pointers and containers (their
// range_value_t) are looked through. A Query refers into the session even by value: it holds the Session's
// connection and identity map. A model by value is a copy, and models cannot hold pointers.
//
// A pointer or view of anything else is not flagged: its type cannot tell a string literal (`const char*`), a
// static or a captured local from a member of a tracked object, so `&account->balance` or a std::string_view of a
// tracked object's member still escapes unnoticed. A struct of the caller's own and a closure (a lambda that
// captured the session) are not looked into either.
template <class R>
struct refers_into_session;

template <class R>
inline constexpr bool refers_into_session_v = refers_into_session<std::remove_cv_t<R>>::value;

template <class Q>
inline constexpr bool is_query = false;
template <Model T, Model... Joined>
inline constexpr bool is_query<Query<T, Joined...>> = true;

// Whether a pointer, reference or view of `Target` refers into the session. Functions, void and types not yet
// defined are none of the session's.
template <class Target>
constexpr bool points_into_session() {
    using U = std::remove_cv_t<Target>;
    if constexpr (std::is_same_v<U, Session> || is_query<U>) {
        return true;
    } else if constexpr (!std::is_object_v<U> || !requires { sizeof(U); }) {
        return false;
    } else {
        return Model<U> || refers_into_session_v<U>;
    }
}

// A range that does not own its elements (a span, a string_view, a subrange, a lazy view): its elements are
// judged by what iterating it yields, and a view adapting another (all() | std::views::transform(...)) also by the
// view it reads, which it dereferences only when iterated. A container owns its elements: they are judged as values.
// A range whose elements are of its own type (std::filesystem::path) stops here.
template <class R>
constexpr bool range_refers_into_session() {
    if constexpr (std::ranges::view<R> || std::ranges::borrowed_range<R>) {
        bool base_refers = false;
        if constexpr (requires { std::declval<R>().base(); }) {
            base_refers = refers_into_session_v<decltype(std::declval<R>().base())>;
        }
        return base_refers || refers_into_session_v<std::ranges::range_reference_t<R>> ||
               refers_into_session_v<std::ranges::range_value_t<R>>;
    } else if constexpr (std::is_same_v<std::remove_cvref_t<std::ranges::range_value_t<R>>, R>) {
        return false;
    } else {
        return refers_into_session_v<std::ranges::range_value_t<R>>;
    }
}

template <class R>
struct refers_into_session {
    static constexpr bool value = [] {
        if constexpr (std::is_same_v<R, Session> || is_query<R>) {
            return true;
        } else if constexpr (std::is_reference_v<R>) {
            return points_into_session<std::remove_reference_t<R>>();
        } else if constexpr (std::is_pointer_v<R>) {
            return points_into_session<std::remove_pointer_t<R>>();
        } else if constexpr (!std::is_object_v<R> || Model<R>) {
            return false;
        } else if constexpr (std::ranges::range<R>) {
            return range_refers_into_session<R>();
        } else {
            return false;
        }
    }();
};

template <class T>
struct refers_into_session<std::reference_wrapper<T>> : std::bool_constant<points_into_session<T>()> {};

template <class T>
struct refers_into_session<std::optional<T>> : std::bool_constant<refers_into_session_v<T>> {};

template <class... T>
struct refers_into_session<std::variant<T...>> : std::bool_constant<(refers_into_session_v<T> || ...)> {};

template <class A, class B>
struct refers_into_session<std::pair<A, B>> : std::bool_constant<refers_into_session_v<A> || refers_into_session_v<B>> {
};

template <class... T>
struct refers_into_session<std::tuple<T...>> : std::bool_constant<(refers_into_session_v<T> || ...)> {};

// Views that own what they yield (`std::views::all` of a returned container, `std::views::single`): as values.
template <class Container>
struct refers_into_session<std::ranges::owning_view<Container>> : std::bool_constant<refers_into_session_v<Container>> {
};
template <class T>
struct refers_into_session<std::ranges::single_view<T>> : std::bool_constant<refers_into_session_v<T>> {};

// An owning smart pointer owns a copy (std::unique_ptr<T>): what it owns is judged as a value.
template <class T, class Deleter>
struct refers_into_session<std::unique_ptr<T, Deleter>> : std::bool_constant<refers_into_session_v<T>> {};
template <class T>
struct refers_into_session<std::shared_ptr<T>> : std::bool_constant<refers_into_session_v<T>> {};

}  // namespace detail
}  // namespace orm
