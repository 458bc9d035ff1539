// The foreign keys declared between two models, read at compile time: what a join without a condition of its own
// joins on.
#pragma once

#include <cstddef>
#include <tuple>
#include <type_traits>

#include <roachorm/orm/mapping/declaration_reading.hpp>

namespace orm {

// The columns of one foreign key, pairwise: `from` in the declaring model, `to` in the model it references.
struct ForeignKeyColumns {
    InlineList<std::size_t> from;
    InlineList<std::size_t> to;
};

namespace detail {

template <class Declaration, class To>
constexpr bool is_foreign_key_to = [] {
    if constexpr (declaration_kind<Declaration>::is_foreign_key) {
        using Referenced = decltype(Declaration::to);
        if constexpr (std::tuple_size_v < Referenced >> 0) {
            return std::is_same_v<typename member_pointer_parts<std::tuple_element_t<0, Referenced>>::owner, To>;
        }
    }
    return false;
}();

}  // namespace detail

// How many foreign keys From declares that reference To.
template <class From, class To>
inline constexpr std::size_t foreign_key_count = std::apply(
    [](const auto&... declaration) {
        return (std::size_t{0} + ... +
                (detail::is_foreign_key_to<std::remove_cvref_t<decltype(declaration)>, To> ? 1 : 0));
    },
    detail::declarations<From>);

// The columns of the foreign key From declares to To (the first, when it declares several).
template <class From, class To>
constexpr ForeignKeyColumns foreign_key_columns() {
    ForeignKeyColumns columns;
    std::apply(
        [&](const auto&... declaration) {
            (
                [&](const auto& d) {
                    if constexpr (detail::is_foreign_key_to<std::remove_cvref_t<decltype(d)>, To>) {
                        if (columns.from.size() == 0) {
                            std::apply([&](auto... m) { (columns.from.push_back(detail::member_index(m)), ...); },
                                       d.from);
                            std::apply([&](auto... m) { (columns.to.push_back(detail::member_index(m)), ...); }, d.to);
                        }
                    }
                }(declaration),
                ...);
        },
        detail::declarations<From>);
    return columns;
}

}  // namespace orm
