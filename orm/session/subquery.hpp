// orm::subquery<T>(): a SELECT nested in another query, for orm::exists, column.in(subquery) and a scalar subquery
// used as a value; its conditions may read the outer query's models (a correlated subquery), tracked in its type.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>

#include <roachorm/orm/mapping/model.hpp>
#include <roachorm/orm/session/aggregates.hpp>
#include <roachorm/orm/session/expression.hpp>
#include <roachorm/orm/session/expression_scope.hpp>
#include <roachorm/orm/sql/query_sql.hpp>
#include <roachorm/orm/sql/sql_fragment.hpp>

namespace orm {
namespace detail {

template <Model T, class List>
struct list_prepend;
template <Model T, Model... Ts>
struct list_prepend<T, models<Ts...>> {
    using type = models<T, Ts...>;
};

// The models of list A that list B lacks.
template <class A, class B>
struct list_difference {
    using type = models<>;
};
template <Model A, Model... As, class B>
struct list_difference<models<A, As...>, B> {
    using rest = typename list_difference<models<As...>, B>::type;
    using type = std::conditional_t<list_contains<B, A>, rest, typename list_prepend<A, rest>::type>;
};

// A subquery's outer models once it also reads an expression of scope Scope: every model of Scope that is not one
// of the subquery's own (Own) is the outer query's, because a column of an own model names the subquery's row.
template <class Outer, class Scope, class Own>
using outer_after_t = typename list_union<Outer, typename list_difference<scope_list_t<Scope>, Own>::type>::type;

}  // namespace detail

// A subquery that selects one expression (orm::subquery<M>()....select(e)): a value of e's type (a scalar subquery,
// NULL when it returns no row) in a projection, condition or order_by, or the set that column.in(subquery) reads.
// Its Scope is the outer query's models it reads; a query accepts it only when it has them.
template <class Scope, class Value, bool Nullable>
class SelectedSubquery : public Expr<Scope, Value, Nullable> {
public:
    static constexpr bool subquery_selects = true;  // what Column::in(subquery) looks for
    using Expr<Scope, Value, Nullable>::Expr;
};

// The subquery of Own's models (its table, then the models it joins), reading Outer's models of the query around
// it; Limited once limit() is given (then even count() may return no row).
template <class Own, class Outer, bool Limited = false>
class Subquery {
    using own_model = detail::first_model_t<Own>;

public:
    static constexpr bool subquery_selects = false;

    // Keeps the rows for which `condition` holds (ANDed). A column of a model that is not the subquery's own is
    // the outer query's current row: a correlated subquery.
    template <class C>
    auto filter(const C& condition) const {
        static_assert(detail::Expression<C> && std::is_same_v<typename detail::expr_base_t<C>::value_type, bool>,
                      "roachorm: a subquery's filter takes a condition such as orm::col(&Comment::post_id) == "
                      "orm::col(&Post::id)");
        Subquery<Own, detail::outer_after_t<Outer, typename detail::expr_base_t<C>::scope_type, Own>, Limited> next(
            clauses_);
        next.clauses_.filters.push_back(condition.fragment());
        return next;
    }

    // INNER JOIN of model J on `condition`: J's columns are the subquery's own from then on, in all its clauses.
    template <Model J, class C>
    auto join(const C& condition) const {
        static_assert(!detail::list_contains<Own, J>,
                      "roachorm: a model appears once in a subquery; joining a model with itself needs table aliases, "
                      "which roachorm does not have yet");
        static_assert(detail::Expression<C> && std::is_same_v<typename detail::expr_base_t<C>::value_type, bool> &&
                          detail::list_contains<detail::scope_list_t<typename detail::expr_base_t<C>::scope_type>, J>,
                      "roachorm: a subquery's join takes a condition on a column of the model it joins, e.g. "
                      "join<Post>(orm::col(&Comment::post_id) == orm::col(&Post::id))");
        using Joined = typename detail::list_union<Own, detail::models<J>>::type;
        using Scope = typename detail::expr_base_t<C>::scope_type;
        Subquery<Joined, detail::outer_after_t<typename detail::list_difference<Outer, Joined>::type, Scope, Joined>,
                 Limited>
            next(clauses_);
        next.clauses_.joins.push_back({&model_traits<J>::table, sql::JoinKind::inner, condition.fragment()});
        return next;
    }

    template <class E>
    auto order_by(const E& expression, sql::Direction direction = sql::Direction::ascending) const {
        static_assert(detail::Expression<E>, "roachorm: order_by takes a column, e.g. orm::col(&T::id)");
        Subquery<Own, detail::outer_after_t<Outer, typename detail::expr_base_t<E>::scope_type, Own>, Limited> next(
            clauses_);
        next.clauses_.order.push_back({expression.fragment(), direction, std::nullopt});
        return next;
    }

    Subquery<Own, Outer, true> limit(std::int64_t rows) const {
        Subquery<Own, Outer, true> next(clauses_);
        next.clauses_.limit = rows;
        return next;
    }

    // What the subquery yields: one expression, e.g. orm::col(&Post::author_id) or orm::count(). Its value is
    // NULL when the subquery returns no row, so the result is std::optional unless it cannot be: an aggregate that
    // is never NULL itself (count) of an unlimited subquery, which always returns one row.
    template <class... E>
    auto select(const E&... expressions) const {
        static_assert(sizeof...(E) == 1,
                      "roachorm: a subquery selects exactly one expression, e.g. .select(orm::col(&Post::author_id)); "
                      "for several values, use a subquery for each");
        return select_one(expressions...);
    }

    using outer_scope = typename detail::scope_of_list<Outer>::type;

private:
    template <class, class, bool>
    friend class Subquery;
    template <Model T>
    friend Subquery<detail::models<T>, detail::models<>> subquery();
    template <class O, class R, bool L>
    friend Condition<typename Subquery<O, R, L>::outer_scope> exists(const Subquery<O, R, L>& subquery);

    // EXISTS (SELECT 1 ...): whatever the subquery would select does not matter.
    sql::Fragment exists_fragment() const {
        sql::QueryClauses clauses = clauses_;
        clauses.projection = {sql::Fragment::keyword("1")};
        return sql::Fragment::subquery(
            std::make_shared<const sql::Subselect>(sql::Subselect{&model_traits<own_model>::table, std::move(clauses)}),
            "EXISTS ");
    }

    explicit Subquery(sql::QueryClauses clauses) : clauses_(std::move(clauses)) {}

    template <class E>
    auto select_one(const E& expression) const {
        static_assert(detail::Expression<E>,
                      "roachorm: a subquery selects a column or an expression, e.g. orm::col(&Post::author_id)");
        using Base = detail::expr_base_t<E>;
        using Scope =
            typename detail::scope_of_list<detail::outer_after_t<Outer, typename Base::scope_type, Own>>::type;
        constexpr bool nullable = Base::nullable || !detail::is_aggregate<E> || Limited;
        sql::QueryClauses clauses = clauses_;
        clauses.projection = {expression.fragment()};
        return SelectedSubquery<Scope, typename Base::value_type, nullable>(
            sql::Fragment::subquery(std::make_shared<const sql::Subselect>(
                sql::Subselect{&model_traits<own_model>::table, std::move(clauses)})));
    }

    sql::QueryClauses clauses_;
};

// A subquery of model T's table, to build on with filter, join, order_by, limit and select.
template <Model T>
Subquery<detail::models<T>, detail::models<>> subquery() {
    return Subquery<detail::models<T>, detail::models<>>(sql::QueryClauses{});
}

// EXISTS (subquery): a condition on the outer query's models the subquery reads, e.g. the posts with a comment:
// query<Post>().filter(orm::exists(orm::subquery<Comment>().filter(col(&Comment::post_id) == col(&Post::id)))).
// !orm::exists(...) is NOT EXISTS: the rows for which the subquery finds none. Prefer it to !column.in(subquery),
// whose NOT IN is NULL (no row kept) as soon as the subquery yields one NULL.
template <class Own, class Outer, bool Limited>
Condition<typename Subquery<Own, Outer, Limited>::outer_scope> exists(const Subquery<Own, Outer, Limited>& subquery) {
    return Condition<typename Subquery<Own, Outer, Limited>::outer_scope>(subquery.exists_fragment());
}

}  // namespace orm
