// What a model declares about its table beyond its columns: a composite key, foreign keys, unique constraints and
// secondary indexes, written with member pointers in `static constexpr auto constraints = orm::constraints(...)`.
#pragma once

#include <cstddef>
#include <string_view>
#include <tuple>
#include <type_traits>

namespace orm {

// What happens to referencing rows when the referenced row is deleted or its key updated.
enum class Action { no_action, restrict, cascade, set_null, set_default };

namespace declare {

// `Members` are pointers to data members; model_traits checks that each names a column of the model.
template <class... Members>
struct KeyColumns {
    std::tuple<Members...> members;
};

template <class Member>
struct Descending {
    Member member;
};

template <class From, class To>
struct ForeignKey {
    From from;  // std::tuple of member pointers into the declaring model
    To to;      // std::tuple of member pointers into the referenced model, or std::tuple<> before .references()
    Action delete_action = Action::no_action;
    Action update_action = Action::no_action;
    std::string_view name{};

    template <class... Referenced>
    constexpr ForeignKey<From, std::tuple<Referenced...>> references(Referenced... referenced) const {
        return {from, std::tuple<Referenced...>{referenced...}, delete_action, update_action, name};
    }
    constexpr ForeignKey on_delete(Action action) const {
        ForeignKey copy = *this;
        copy.delete_action = action;
        return copy;
    }
    constexpr ForeignKey on_update(Action action) const {
        ForeignKey copy = *this;
        copy.update_action = action;
        return copy;
    }
    constexpr ForeignKey named(std::string_view constraint_name) const {
        ForeignKey copy = *this;
        copy.name = constraint_name;
        return copy;
    }
};

template <class Columns>
struct Unique {
    Columns columns;
    std::string_view name{};

    constexpr Unique named(std::string_view constraint_name) const { return {columns, constraint_name}; }
};

template <class Columns, class Storing>
struct Index {
    Columns columns;  // member pointers, or Descending<member pointer>
    Storing stored;   // covering columns
    std::string_view predicate{};
    bool is_unique = false;
    bool is_hash_sharded = false;
    std::string_view name{};

    // Covering columns: STORING on CockroachDB, INCLUDE on PostgreSQL.
    template <class... Members>
    constexpr Index<Columns, std::tuple<Members...>> storing(Members... members) const {
        return {columns, std::tuple<Members...>{members...}, predicate, is_unique, is_hash_sharded, name};
    }
    // A partial index over the rows where the SQL condition `condition` holds (DDL text, written as given).
    constexpr Index where(std::string_view condition) const {
        Index copy = *this;
        copy.predicate = condition;
        return copy;
    }
    constexpr Index unique() const {
        Index copy = *this;
        copy.is_unique = true;
        return copy;
    }
    // CockroachDB's hash-sharded index (USING HASH), for sequential keys; PostgreSQL has none.
    constexpr Index hash_sharded() const {
        Index copy = *this;
        copy.is_hash_sharded = true;
        return copy;
    }
    constexpr Index named(std::string_view index_name) const {
        Index copy = *this;
        copy.name = index_name;
        return copy;
    }
};

template <class... Declarations>
struct Constraints {
    std::tuple<Declarations...> declarations;
};

}  // namespace declare

// A composite primary key: static constexpr auto primary_key = orm::key(&PostTag::post_id, &PostTag::tag_id);
template <class... Members>
constexpr declare::KeyColumns<Members...> key(Members... members) {
    return {std::tuple<Members...>{members...}};
}

// orm::foreign_key(&Post::author_id).references(&User::id).on_delete(orm::Action::cascade)
template <class... Members>
constexpr declare::ForeignKey<std::tuple<Members...>, std::tuple<>> foreign_key(Members... members) {
    return {std::tuple<Members...>{members...}, {}};
}

template <class... Members>
constexpr declare::Unique<std::tuple<Members...>> unique(Members... members) {
    return {std::tuple<Members...>{members...}};
}

// orm::index(&Post::author_id, orm::descending(&Post::published_at)).storing(&Post::title)
template <class... Columns>
constexpr declare::Index<std::tuple<Columns...>, std::tuple<>> index(Columns... columns) {
    return {std::tuple<Columns...>{columns...}, {}};
}

template <class Member>
constexpr declare::Descending<Member> descending(Member member) {
    return {member};
}

template <class... Declarations>
constexpr declare::Constraints<Declarations...> constraints(Declarations... declarations) {
    return {std::tuple<Declarations...>{declarations...}};
}

}  // namespace orm
