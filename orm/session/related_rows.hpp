// Related rows without one query per parent (SQLAlchemy's selectinload): the children of many parents, or the parents
// many children refer to, loaded in one SELECT (`fk = ANY($1)`), tracked, and grouped by key value.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <ranges>
#include <span>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include <roachorm/orm/core/error.hpp>
#include <roachorm/orm/execution/row_mapping.hpp>
#include <roachorm/orm/session/expression.hpp>
#include <roachorm/orm/session/query.hpp>
#include <roachorm/orm/session/unit_of_work.hpp>

namespace orm {
namespace detail {

// The model of a range's elements: objects, pointers to them (null ones are skipped) or reference_wrappers.
template <class Range>
using element_model_t =
    std::remove_cvref_t<std::remove_pointer_t<std::unwrap_reference_t<std::ranges::range_value_t<Range>>>>;

// The element of a range of models as a pointer, null for a null pointer.
template <class Element>
const auto* element_pointer(const Element& element) {
    if constexpr (std::is_pointer_v<Element>) {
        return static_cast<const std::remove_pointer_t<Element>*>(element);
    } else if constexpr (std::is_same_v<std::unwrap_reference_t<Element>, Element>) {
        return &element;
    } else {
        return &element.get();
    }
}

// The value a foreign key holds to refer to a key of type Key: an orm::serial key is referred to by a 64-bit integer.
template <class Key>
struct reference_value {
    using type = Key;
};
template <>
struct reference_value<serial> {
    using type = std::int64_t;
};
template <class Key>
using reference_value_t = typename reference_value<Key>::type;

// Compile-time checks that `Member` (a member of Child, plain or std::optional) can hold a key of Parent.
template <Model Parent, class Member>
constexpr bool check_reference() {
    static_assert(!model_traits<Parent>::has_composite_key,
                  "roachorm: loading related rows joins one foreign-key member to a one-column key, and the parent "
                  "model has a composite key; query its children with a filter on each key column instead");
    if constexpr (!model_traits<Parent>::has_composite_key) {
        static_assert(std::is_same_v<reference_value_t<column_value_t<Member>>,
                                     reference_value_t<column_value_t<key_type_t<Parent>>>>,
                      "roachorm: the foreign-key member's type must be the parent's key type (std::int64_t or "
                      "std::optional<std::int64_t> for an orm::serial key); pass the member of the child that "
                      "holds the parent's key");
    }
    return true;
}

// A foreign key's value as the key of the parent it refers to.
template <Model Parent, class Value>
key_type_t<Parent> parent_key(const Value& value) {
    if constexpr (std::is_same_v<key_type_t<Parent>, serial> && !std::is_same_v<Value, serial>) {
        return serial{value};
    } else {
        return value;
    }
}

// The parent key that a child's foreign-key member holds; none for a NULL one.
template <Model Parent, Model Child, class Member>
std::optional<key_type_t<Parent>> held_key(const Child& child, Member Child::*member) {
    const Member& value = child.*member;
    if constexpr (is_optional<Member>::value) {
        if (!value) {
            return std::nullopt;
        }
        return parent_key<Parent>(*value);
    } else {
        return parent_key<Parent>(value);
    }
}

// held_key as the identity map keys the parent: by value, or by its text (mapping::key_text), never by row order.
template <Model Parent, Model Child, class Member>
std::optional<identity_key_t<Parent>> referenced_key(const Child& child, Member Child::*member) {
    const std::optional<key_type_t<Parent>> key = held_key<Parent>(child, member);
    return key ? std::optional(identity_key<Parent>(*key)) : std::nullopt;
}

// A parent's key as a value bound into `fk = ANY($1)`, in the foreign key's type.
template <Model Parent>
auto bound_key(const key_type_t<Parent>& key) {
    if constexpr (std::is_same_v<key_type_t<Parent>, serial>) {
        return key.value;
    } else {
        return key;
    }
}

// Adds `key` to `keys` (the values bound into `fk = ANY($1)`) unless `seen` has it already.
template <Model Parent, class Values>
bool add_key(const key_type_t<Parent>& key, std::unordered_set<identity_key_t<Parent>, IdentityKeyHash>& seen,
             Values& keys) {
    if (!seen.insert(identity_key<Parent>(key)).second) {
        return false;
    }
    keys.push_back(bound_key<Parent>(key));
    return true;
}

}  // namespace detail

// The children of many parents, loaded together (Session::load_children, Query::children_of). Iterating it yields
// every child once, in the query's order; of(parent) the children of one parent, in that order.
template <Model Parent, Model Child>
class Related {
public:
    using value_type = Child*;

    // Groups `children` by the parent key their `member` holds.
    template <class Member>
    Related(std::vector<Child*> children, Member Child::*member) : children_(std::move(children)) {
        for (Child* child : children_) {
            if (const auto key = detail::referenced_key<Parent>(*child, member)) {
                by_parent_[*key].push_back(child);
            }
        }
    }

    // The children of `parent` (empty when it has none, or was not among the parents loaded for).
    std::span<Child* const> of(const Parent& parent) const {
        const auto found = by_parent_.find(detail::identity_key<Parent>(mapping::key_value(parent)));
        return found == by_parent_.end() ? std::span<Child* const>() : std::span<Child* const>(found->second);
    }
    std::span<Child* const> of(const Parent* parent) const { return of(*parent); }

    auto begin() const noexcept { return children_.begin(); }
    auto end() const noexcept { return children_.end(); }
    std::size_t size() const noexcept { return children_.size(); }
    bool empty() const noexcept { return children_.empty(); }

private:
    std::vector<Child*> children_;
    std::unordered_map<detail::identity_key_t<Parent>, std::vector<Child*>, detail::IdentityKeyHash> by_parent_;
};

// The parents many children refer to, loaded together (Session::load_parents). Iterating it yields each parent once;
// of(child) the parent of one child, null when its foreign key is NULL or no row has that key.
template <Model Child, Model Parent>
class Referenced {
public:
    using value_type = Parent*;

    // Indexes `parents` by key; `member` is the children's foreign key that of() reads.
    template <class Member>
    Referenced(std::vector<Parent*> parents, Member Child::*member)
        : key_of_([member](const Child& child) { return detail::referenced_key<Parent>(child, member); }),
          parents_(std::move(parents)) {
        for (Parent* parent : parents_) {
            by_key_.emplace(detail::identity_key<Parent>(mapping::key_value(*parent)), parent);
        }
    }

    Parent* of(const Child& child) const {
        const std::optional<Key> key = key_of_(child);
        const auto found = key ? by_key_.find(*key) : by_key_.end();
        return found == by_key_.end() ? nullptr : found->second;
    }
    Parent* of(const Child* child) const { return of(*child); }

    auto begin() const noexcept { return parents_.begin(); }
    auto end() const noexcept { return parents_.end(); }
    std::size_t size() const noexcept { return parents_.size(); }
    bool empty() const noexcept { return parents_.empty(); }

private:
    using Key = detail::identity_key_t<Parent>;

    std::function<std::optional<Key>(const Child&)> key_of_;
    std::vector<Parent*> parents_;
    std::unordered_map<Key, Parent*, detail::IdentityKeyHash> by_key_;
};

// The children of `parents` whose foreign-key `member` (of the query's model) holds a parent's key, in one SELECT
// with the query's filters and order and `member = ANY($n)` added; no statement at all for no parents. Pending
// changes are flushed first, so that parents added in this session have their keys.
template <Model T, Model... Joined>
template <std::ranges::input_range Parents, class Member, class Owner>
auto Query<T, Joined...>::children_of(const Parents& parents, Member Owner::*member) {
    static_assert(sizeof...(Joined) == 0, "roachorm: children_of applies to a query of the child model, without joins");
    using Parent = detail::element_model_t<Parents>;
    static_assert(std::is_same_v<Owner, T>,
                  "roachorm: children_of takes the foreign-key member of the query's own model, e.g. "
                  "session.query<Comment>().children_of(posts, &Comment::post_id)");
    static_assert(Model<Parent>, "roachorm: children_of takes a range of parent objects or pointers to them");
    static_assert(detail::check_reference<Parent, Member>());
    if (clauses_.limit || clauses_.offset) {
        throw Error(
            fmt::format("Query<{}>::children_of loads every child of the parents, and a limit or offset "
                        "would cut across parents; filter the children instead",
                        model_traits<T>::table_name));
    }
    work_.flush(connection_);
    std::unordered_set<detail::identity_key_t<Parent>, detail::IdentityKeyHash> seen;
    std::vector<detail::reference_value_t<column_value_t<Member>>> keys;
    for (const auto& element : parents) {
        if (const Parent* parent = detail::element_pointer(element)) {
            detail::add_key<Parent>(mapping::key_value(*parent), seen, keys);
        }
    }
    if (keys.empty()) {
        return Related<Parent, T>({}, member);
    }
    sql::QueryClauses clauses = clauses_;
    clauses.filters.push_back(col(member).in(keys).fragment());
    return Related<Parent, T>(load(clauses), member);
}

}  // namespace orm
