// The clauses every query shape shares (filter, order_by, limit, offset), each checked at compile time against the
// models the query reads. orm::Query and orm::Projection build on it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <type_traits>

#include <roachorm/orm/session/expression.hpp>
#include <roachorm/orm/sql/query_sql.hpp>

namespace orm::detail {

template <class Derived, class Scope>
class ClauseBuilder {
public:
    // Keeps the rows for which `condition` holds; several filters are ANDed.
    template <class C>
    Derived& filter(const C& condition) {
        static_assert(Expression<C>, "roachorm: filter takes a condition such as orm::col(&T::id) == id");
        using Base = expr_base_t<C>;
        static_assert(scope_within<typename Base::scope_type, Scope>,
                      "roachorm: filter takes a condition on the query's models: join the model whose column it "
                      "uses (query.join<Model>()) first");
        static_assert(std::is_same_v<typename Base::value_type, bool>,
                      "roachorm: filter takes a condition (a comparison, in, is_null, or a bool column), not a value");
        clauses_.filters.push_back(condition.fragment());
        return derived();
    }

    // Sorts by `expression` (a column, or an expression of the query's models); later calls break ties.
    template <class E>
    Derived& order_by(const E& expression, sql::Direction direction = sql::Direction::ascending) {
        static_assert(Expression<E>, "roachorm: order_by takes a column, e.g. orm::col(&T::id)");
        static_assert(scope_within<typename expr_base_t<E>::scope_type, Scope>,
                      "roachorm: order_by takes a column of the query's models: join the model whose column it "
                      "uses (query.join<Model>()) first");
        // A plain column of the query's own model is recorded as such: keyset pages (Query::after) compare it.
        std::optional<std::size_t> column;
        if constexpr (requires { expression.index(); } &&
                      std::is_same_v<typename expr_base_t<E>::scope_type, first_model_t<Scope>>) {
            column = expression.index();
        }
        clauses_.order.push_back({expression.fragment(), direction, column});
        return derived();
    }

    Derived& limit(std::int64_t rows) {
        clauses_.limit = rows;
        return derived();
    }

    Derived& offset(std::int64_t rows) {
        clauses_.offset = rows;
        return derived();
    }

protected:
    explicit ClauseBuilder(sql::QueryClauses clauses) : clauses_(std::move(clauses)) {}

    sql::QueryClauses clauses_;

private:
    Derived& derived() { return static_cast<Derived&>(*this); }
};

}  // namespace orm::detail
