// How model_traits reads what a model declares: member pointers turned into column indices, the key, foreign keys,
// unique constraints and indexes, each checked at compile time with a diagnostic that names the model and member.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <span>
#include <string_view>
#include <tuple>
#include <type_traits>

#include <boost/pfr.hpp>

#include <roachorm/orm/mapping/column_traits.hpp>
#include <roachorm/orm/mapping/constraints.hpp>
#include <roachorm/orm/mapping/field_names.hpp>
#include <roachorm/orm/mapping/table_info.hpp>

namespace orm {

namespace detail {

// A member name as a template argument, so that compiler diagnostics print it.
template <std::size_t N>
struct member_label {
    char text[N]{};
    consteval member_label(std::string_view name) { std::copy_n(name.data(), N - 1, text); }
};

// Instantiated once per member, so that a rejected type's error says
// "required from orm::detail::checked_member<Model, member_label<N>{"member"}, Type>".
template <class Model, member_label Member, class Type>
struct checked_member {
    using value_type = column_value_t<Type>;
    static constexpr bool is_pointer = std::is_pointer_v<value_type>;
    static constexpr bool is_unsigned = std::is_unsigned_v<value_type> && !std::is_same_v<value_type, bool>;
    static_assert(!is_pointer, "roachorm: a model member cannot be a raw pointer (model and member: see above)");
    static_assert(!is_unsigned,
                  "roachorm: SQL has no unsigned integers; use std::int16_t, std::int32_t or std::int64_t "
                  "(model and member: see above)");
    static_assert(is_pointer || is_unsigned || MappedType<value_type>,
                  "roachorm: this member's type has no orm::column_traits specialization; use a supported type or "
                  "specialize orm::column_traits (model and member: see above)");
    static constexpr bool ok = true;
};

// Never defined: only the addresses of its members are compared, and addresses need no object.
template <class T>
extern const T reflected_object;

// The declaration index of the member `member` points to.
template <class Owner, class Member>
constexpr std::size_t member_index(Member Owner::*member) {
    std::size_t found = boost::pfr::tuple_size_v<Owner>;
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        ((static_cast<const void*>(&boost::pfr::get<I>(reflected_object<Owner>)) ==
                  static_cast<const void*>(&(reflected_object<Owner>.*member))
              ? (found = I, 0)
              : 0),
         ...);
    }
    (std::make_index_sequence<boost::pfr::tuple_size_v<Owner>>{});
    return found;
}

template <class Declared>
struct member_pointer_parts {
    static constexpr bool is_data_member = false;
};
template <class Owner, class Member>
struct member_pointer_parts<Member Owner::*> {
    static constexpr bool is_data_member = !std::is_function_v<Member>;
    using owner = Owner;
    using member = Member;
};

// Instantiated for each member a declaration names, so that a rejected one's error says
// "required from orm::detail::checked_reference<Model, member_label<N>{"what"}, Declared>", naming the model, the
// declaration and the pointer's type (which names the class it points into).
template <class Model, member_label What, class Declared>
struct checked_reference {
    static_assert(member_pointer_parts<Declared>::is_data_member,
                  "roachorm: a key, constraint or index names something that is not a column: write a pointer to a "
                  "data member of the model, such as &Post::author_id (model and declaration: see above)");
    static_assert(!member_pointer_parts<Declared>::is_data_member ||
                      std::is_same_v<typename member_pointer_parts<Declared>::owner, Model>,
                  "roachorm: a key, constraint or index names a member of another model: its columns must be the "
                  "declaring model's own (model and declaration: see above)");
    static constexpr bool ok = true;
};

template <class T>
constexpr std::string_view named_key() {
    if constexpr (requires { std::string_view(T::primary_key); }) {
        return T::primary_key;
    } else {
        return "id";
    }
}

// The key columns of T: the members of `primary_key = orm::key(...)`, or the member named by `primary_key`
// (a string), or the member named `id`. Kept apart from model_traits so that a foreign key can read the key of the
// model it references, its own model included.
template <class T>
constexpr InlineList<std::size_t> declared_key_columns() {
    InlineList<std::size_t> columns;
    if constexpr (requires { T::primary_key.members; }) {
        std::apply(
            [&](auto... members) {
                (columns.push_back(checked_reference<T, member_label<12>("primary_key"), decltype(members)>::ok
                                       ? member_index(members)
                                       : 0),
                 ...);
            },
            T::primary_key.members);
    } else {
        const auto& names = reflect::member_names<T>;
        for (std::size_t i = 0; i < names.size(); ++i) {
            if (names[i] == named_key<T>()) {
                columns.push_back(i);
            }
        }
    }
    return columns;
}

template <class T>
constexpr auto declarations_of() {
    if constexpr (requires { T::constraints.declarations; }) {
        return T::constraints.declarations;
    } else {
        return std::tuple<>{};
    }
}

// The foreign keys, unique constraints and indexes T declares, as one std::tuple.
template <class T>
inline constexpr auto declarations = declarations_of<T>();

template <class>
inline constexpr bool dependent_false = false;

template <class Declaration>
struct declaration_kind {
    static constexpr bool is_foreign_key = false;
    static constexpr bool is_unique = false;
    static constexpr bool is_index = false;
};
template <class From, class To>
struct declaration_kind<declare::ForeignKey<From, To>> {
    static constexpr bool is_foreign_key = true;
    static constexpr bool is_unique = false;
    static constexpr bool is_index = false;
};
template <class Columns>
struct declaration_kind<declare::Unique<Columns>> {
    static constexpr bool is_foreign_key = false;
    static constexpr bool is_unique = true;
    static constexpr bool is_index = false;
};
template <class Columns, class Storing>
struct declaration_kind<declare::Index<Columns, Storing>> {
    static constexpr bool is_foreign_key = false;
    static constexpr bool is_unique = false;
    static constexpr bool is_index = true;
};

template <class T, template <class> class Is>
inline constexpr std::size_t declared_count = std::apply(
    [](const auto&... declaration) {
        return (std::size_t{0} + ... + (Is<std::remove_cvref_t<decltype(declaration)>>::value ? 1 : 0));
    },
    declarations<T>);

template <class D>
struct is_foreign_key_declaration : std::bool_constant<declaration_kind<D>::is_foreign_key> {};
template <class D>
struct is_unique_declaration : std::bool_constant<declaration_kind<D>::is_unique> {};
template <class D>
struct is_index_declaration : std::bool_constant<declaration_kind<D>::is_index> {};

// "<table>_<column>_<column>_<suffix>", the convention PostgreSQL uses for the names it chooses, or the name given
// with .named(...).
template <class T>
constexpr Name constraint_name(std::string_view given, std::span<const std::size_t> columns, std::string_view suffix) {
    Name name;
    if (!given.empty()) {
        name.append(given);
        name.too_long = name.too_long || given.size() > max_identifier_length;
        return name;
    }
    name.append(T::table_name);
    for (std::size_t column : columns) {
        name.append("_");
        name.append(reflect::member_names<T>[column]);
    }
    name.append("_");
    name.append(suffix);
    return name;
}

template <class T, class Declared>
constexpr std::size_t column_of(Declared member) {
    constexpr bool ok = checked_reference<T, member_label<7>("column"), Declared>::ok;
    static_assert(ok);
    return member_index(member);
}

template <class T, class Members>
constexpr InlineList<std::size_t> columns_of(const Members& members) {
    InlineList<std::size_t> columns;
    std::apply([&](auto... member) { (columns.push_back(column_of<T>(member)), ...); }, members);
    return columns;
}

template <class T, class Column>
constexpr IndexColumn index_column(Column column) {
    if constexpr (requires { column.member; }) {
        return {column_of<T>(column.member), true};
    } else {
        return {column_of<T>(column), false};
    }
}

// Instantiated per column pair of a foreign key, so that a mismatch's error names both models and both members.
template <class Model, member_label Member, class Referenced, member_label ReferencedMember, SqlType Type,
          SqlType ReferencedType>
struct checked_foreign_key_column {
    static_assert(Type == ReferencedType,
                  "roachorm: a foreign key column and the column it references have different SQL types: give the "
                  "member the referenced member's type (an orm::serial key is referenced by std::int64_t) "
                  "(models and members: see above)");
    static constexpr bool ok = true;
};

template <class Model, member_label Member>
struct checked_set_null_column {
    static_assert(dependent_false<Model>,  // so that only an instantiation fires
                  "roachorm: a foreign key with Action::set_null needs nullable columns: declare the member "
                  "std::optional (model and member: see above)");
};

template <class Referenced, class Columns>
constexpr bool references_a_key(const Columns& columns) {
    auto same = [&](const InlineList<std::size_t>& candidate) {
        return candidate.size() == columns.size() &&
               std::is_permutation(candidate.begin(), candidate.end(), columns.begin(), columns.end());
    };
    if (same(declared_key_columns<Referenced>())) {
        return true;
    }
    return std::apply(
        [&](const auto&... declaration) {
            return (false || ... || [&](const auto& d) {
                using D = std::remove_cvref_t<decltype(d)>;
                if constexpr (declaration_kind<D>::is_unique) {
                    InlineList<std::size_t> unique_columns;
                    std::apply([&](auto... m) { (unique_columns.push_back(member_index(m)), ...); }, d.columns);
                    return same(unique_columns);
                } else {
                    return false;
                }
            }(declaration));
        },
        declarations<Referenced>);
}

template <class T, std::size_t K>
constexpr ForeignKeyInfo foreign_key_info() {
    constexpr const auto& declaration = std::get<K>(declarations<T>);
    using From = decltype(declaration.from);
    using To = decltype(declaration.to);
    static_assert(std::tuple_size_v<To> > 0,
                  "roachorm: a foreign key needs .references(&Other::key) naming the columns it references");
    static_assert(std::tuple_size_v<From> == std::tuple_size_v<To>,
                  "roachorm: a foreign key names as many columns as it references");
    using Referenced = typename member_pointer_parts<std::tuple_element_t<0, To>>::owner;
    ForeignKeyInfo info{};
    info.referenced_table = Referenced::table_name;
    info.on_delete = declaration.delete_action;
    info.on_update = declaration.update_action;
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        (
            [&] {
                constexpr auto from = std::get<I>(declaration.from);
                constexpr auto to = std::get<I>(declaration.to);
                static_assert(
                    checked_reference<T, member_label<12>("foreign_key"), std::remove_cv_t<decltype(from)>>::ok);
                static_assert(
                    checked_reference<Referenced, member_label<11>("references"), std::remove_cv_t<decltype(to)>>::ok);
                constexpr std::size_t from_index = member_index(from);
                constexpr std::size_t to_index = member_index(to);
                constexpr std::string_view from_name = reflect::member_names<T>[from_index];
                constexpr std::string_view to_name = reflect::member_names<Referenced>[to_index];
                using FromMember = typename member_pointer_parts<std::remove_cv_t<decltype(from)>>::member;
                using ToMember = typename member_pointer_parts<std::remove_cv_t<decltype(to)>>::member;
                static_assert(checked_foreign_key_column<T, member_label<from_name.size() + 1>(from_name), Referenced,
                                                         member_label<to_name.size() + 1>(to_name),
                                                         column_traits<column_value_t<FromMember>>::sql_type,
                                                         column_traits<column_value_t<ToMember>>::sql_type>::ok);
                constexpr bool nulls_on_delete =
                    declaration.delete_action == Action::set_null || declaration.update_action == Action::set_null;
                if constexpr (nulls_on_delete && !is_optional<FromMember>::value) {
                    checked_set_null_column<T, member_label<from_name.size() + 1>(from_name)>{};
                }
                info.columns.push_back(from_index);
                info.referenced_columns.push_back(to_name);
            }(),
            ...);
    }
    (std::make_index_sequence<std::tuple_size_v<From>>{});
    constexpr bool references_key = references_a_key<Referenced>([] {
        InlineList<std::size_t> referenced;
        std::apply([&](auto... to) { (referenced.push_back(member_index(to)), ...); }, std::get<K>(declarations<T>).to);
        return referenced;
    }());
    static_assert(references_key,
                  "roachorm: a foreign key must reference the referenced model's primary key or one of its "
                  "orm::unique constraints");
    info.name = constraint_name<T>(declaration.name, info.columns.view(), "fkey");
    return info;
}

template <class T, std::size_t K>
constexpr UniqueInfo unique_info() {
    constexpr const auto& declaration = std::get<K>(declarations<T>);
    UniqueInfo info{};
    info.columns = columns_of<T>(declaration.columns);
    info.name = constraint_name<T>(declaration.name, info.columns.view(), "key");
    return info;
}

template <class T, std::size_t K>
constexpr IndexInfo index_info() {
    constexpr const auto& declaration = std::get<K>(declarations<T>);
    IndexInfo info{};
    InlineList<std::size_t> plain;
    std::apply(
        [&](auto... column) {
            (
                [&] {
                    info.columns.push_back(index_column<T>(column));
                    plain.push_back(info.columns[info.columns.size() - 1].column);
                }(),
                ...);
        },
        declaration.columns);
    info.storing = columns_of<T>(declaration.stored);
    info.predicate = declaration.predicate;
    info.unique = declaration.is_unique;
    info.hash_sharded = declaration.is_hash_sharded;
    info.name = constraint_name<T>(declaration.name, plain.view(), "idx");
    return info;
}

// The declarations of one kind, converted by `info` in declaration order.
template <class T, template <class> class Is, class Info, auto info>
constexpr auto collect() {
    constexpr const auto& all = declarations<T>;
    std::array<Info, declared_count<T, Is>> collected{};
    std::size_t next = 0;
    [&]<std::size_t... K>(std::index_sequence<K...>) {
        (
            [&] {
                if constexpr (Is<std::remove_cvref_t<decltype(std::get<K>(all))>>::value) {
                    collected[next++] = info.template operator()<K>();
                }
            }(),
            ...);
    }
    (std::make_index_sequence<std::tuple_size_v<std::remove_cvref_t<decltype(all)>>>{});
    return collected;
}

}  // namespace detail

}  // namespace orm
