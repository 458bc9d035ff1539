// The models an expression reads, as a type: a single model, or orm::detail::models<A, B, ...> when it combines
// columns of several (a join's condition). A query accepts an expression whose models it reads.
#pragma once

#include <type_traits>

#include <roachorm/orm/mapping/model.hpp>

namespace orm::detail {

template <Model... Ts>
struct models {};

// The models of a scope, as a list.
template <class Scope>
struct scope_list {
    using type = models<Scope>;
};
template <Model... Ts>
struct scope_list<models<Ts...>> {
    using type = models<Ts...>;
};
template <class Scope>
using scope_list_t = typename scope_list<Scope>::type;

template <class List, class T>
constexpr bool list_contains = false;
template <Model... Ts, class T>
constexpr bool list_contains<models<Ts...>, T> = (std::is_same_v<Ts, T> || ...);

// A list with the models of B that A lacks appended.
template <class A, class B>
struct list_union;
template <class A>
struct list_union<A, models<>> {
    using type = A;
};
template <Model... As, Model B, Model... Bs>
struct list_union<models<As...>, models<B, Bs...>> {
    using type =
        typename list_union<std::conditional_t<list_contains<models<As...>, B>, models<As...>, models<As..., B>>,
                            models<Bs...>>::type;
};

// A one-model list is written as the model itself, so single-model expressions keep their plain type.
template <class List>
struct scope_of_list {
    using type = List;
};
template <Model T>
struct scope_of_list<models<T>> {
    using type = T;
};

// The scope of an expression combining expressions of scopes A and B.
template <class A, class B>
using scope_union_t = typename scope_of_list<typename list_union<scope_list_t<A>, scope_list_t<B>>::type>::type;

// Whether every model of Scope is one of Available's.
template <class Scope, class Available>
constexpr bool scope_within = false;
template <Model... Ts, class Available>
constexpr bool scope_within<models<Ts...>, Available> = (list_contains<scope_list_t<Available>, Ts> && ...);
template <Model T, class Available>
constexpr bool scope_within<T, Available> = list_contains<scope_list_t<Available>, T>;

// The first model of a scope: the one whose table a value's error message names.
template <class Scope>
struct first_model {
    using type = Scope;
};
template <Model T, Model... Ts>
struct first_model<models<T, Ts...>> {
    using type = T;
};
template <class Scope>
using first_model_t = typename first_model<Scope>::type;

}  // namespace orm::detail
