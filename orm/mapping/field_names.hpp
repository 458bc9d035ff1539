// Member names of an aggregate at compile time, the way Boost 1.84's boost::pfr::get_name finds them.
// Swap this header for get_name once Boost >= 1.84 is the floor; the self-test below guards the technique.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>
#include <utility>

#include <boost/pfr.hpp>

namespace orm::reflect {
namespace detail {

// Never defined: only its members' addresses are used, as template arguments, and addresses need no object.
template <class T>
extern const T fake_object;

// Wrapping the pointer keeps the compiler from printing it as a bare number in the function signature.
template <class T>
struct pointer_wrapper {
    const T* pointer;
};

template <class T, std::size_t I>
constexpr auto member_pointer() noexcept {
    return pointer_wrapper<std::remove_cvref_t<decltype(boost::pfr::get<I>(fake_object<T>))>>{
        &boost::pfr::get<I>(fake_object<T>)};
}

// GCC spells the argument as "... [with auto Wrapped = orm::reflect::detail::pointer_wrapper<long int>{(&
// orm::reflect::detail::fake_object<Account>.Account::balance)}; ...]": the name sits between the last "::"
// before the closing ")}" and that ")}".
template <auto Wrapped>
consteval std::string_view signature() noexcept {
    return __PRETTY_FUNCTION__;
}

consteval std::string_view name_from_signature(std::string_view signature) {
    const std::size_t end = signature.rfind(")}");
    const std::size_t begin = signature.rfind("::", end) + 2;
    return signature.substr(begin, end - begin);
}

}  // namespace detail

template <class T, std::size_t I>
inline constexpr std::string_view member_name =
    detail::name_from_signature(detail::signature<detail::member_pointer<T, I>()>());

template <class T>
inline constexpr std::array<std::string_view, boost::pfr::tuple_size_v<T>> member_names = [
]<std::size_t... I>(std::index_sequence<I...>) {
    return std::array<std::string_view, sizeof...(I)>{member_name<T, I>...};
}
(std::make_index_sequence<boost::pfr::tuple_size_v<T>>{});

namespace self_test {
struct Probe {
    int first;
    double second_member;
    struct Nested {
        int inner;
    } nested;
};
static_assert(member_names<Probe>[0] == "first");
static_assert(member_names<Probe>[1] == "second_member");
static_assert(member_names<Probe>[2] == "nested");
}  // namespace self_test

}  // namespace orm::reflect
