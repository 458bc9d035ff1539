// orm::Projection: a query's chosen columns and expressions (query.select(...)), read into tuples or a struct of the
// caller's own, untracked; with distinct, group_by and having. Results are typed by what each expression yields.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <boost/pfr.hpp>

#include <roachorm/orm/core/error.hpp>
#include <roachorm/orm/execution/row_mapping.hpp>
#include <roachorm/orm/session/aggregates.hpp>
#include <roachorm/orm/session/query_clauses.hpp>
#include <roachorm/orm/session/select_execution.hpp>

namespace orm {

template <Model T, Model... Joined>
class Query;

namespace detail {

// Whether Row, the tuple of the results or a struct of the caller's, has one member per result, each of exactly the
// result's type.
template <class Row, class... Results>
constexpr bool row_matches = [] {
    if constexpr (std::is_same_v<Row, std::tuple<Results...>>) {
        return true;
    } else if constexpr (!std::is_aggregate_v<Row>) {
        return false;
    } else if constexpr (boost::pfr::tuple_size_v<Row> != sizeof...(Results)) {
        return false;
    } else {
        return std::is_same_v<decltype(boost::pfr::structure_to_tuple(std::declval<const Row&>())),
                              std::tuple<Results...>>;
    }
}();

}  // namespace detail

// Ungrouped: the projection mixes aggregates with plain columns and has no group_by yet, which SQL refuses.
template <Model T, class Scope, bool Ungrouped, class... Results>
class Projection : public detail::ClauseBuilder<Projection<T, Scope, Ungrouped, Results...>, Scope> {
    using Base = detail::ClauseBuilder<Projection, Scope>;
    using Base::clauses_;

public:
    using row_type = std::tuple<Results...>;

    // SELECT DISTINCT: equal rows once.
    Projection& distinct() {
        clauses_.distinct = true;
        return *this;
    }

    // GROUP BY the expressions: one row per group, whose aggregates cover its rows.
    template <class... E>
    Projection<T, Scope, false, Results...> group_by(const E&... expressions) const {
        static_assert(sizeof...(E) > 0, "roachorm: group_by takes one or more columns");
        static_assert((detail::Expression<E> && ...) &&
                          (detail::scope_within<typename detail::expr_base_t<E>::scope_type, Scope> && ...),
                      "roachorm: group_by takes columns of the query's models");
        sql::QueryClauses clauses = clauses_;
        (clauses.group_by.push_back(expressions.fragment()), ...);
        return Projection<T, Scope, false, Results...>(connection_, work_, std::move(clauses));
    }

    // HAVING: keeps the groups for which `condition` (on aggregates, e.g. orm::count() > 2) holds; ANDed.
    template <class C>
    Projection& having(const C& condition) {
        static_assert(detail::Expression<C> && std::is_same_v<typename detail::expr_base_t<C>::value_type, bool> &&
                          detail::scope_within<typename detail::expr_base_t<C>::scope_type, Scope>,
                      "roachorm: having takes a condition on the query's models, e.g. orm::count() > 2");
        clauses_.having.push_back(condition.fragment());
        return *this;
    }

    // Every row, as a tuple of the results, or as Row: a struct with one member per result, of its type, in order.
    template <class Row = row_type>
    std::vector<Row> all() {
        static_assert(detail::row_matches<Row, Results...>,
                      "roachorm: all<Row>() reads each row into Row's members in order: give Row one member per "
                      "selected expression, of that expression's result type (std::optional where it can be NULL)");
        std::vector<Row> rows;
        read(clauses_, [&](row_type&& values) {
            if constexpr (std::is_same_v<Row, row_type>) {
                rows.push_back(std::move(values));
            } else {
                rows.push_back(std::make_from_tuple<Row>(std::move(values)));
            }
        });
        return rows;
    }

    // The first row, or std::nullopt when there is none (reads at most one row).
    std::optional<row_type> first() {
        sql::QueryClauses first_only = clauses_;
        first_only.limit = 1;
        std::optional<row_type> row;
        read(first_only, [&](row_type&& values) { row = std::move(values); });
        return row;
    }

    // The only row: orm::NoResultFound when there is none, orm::MultipleResultsFound when there are more.
    row_type one() {
        std::vector<row_type> rows = all();
        if (rows.size() != 1) {
            const std::string what = fmt::format("Projection<{}>::one: {} rows where one was expected",
                                                 model_traits<T>::table_name, rows.size());
            if (rows.empty()) {
                throw NoResultFound(what + "; use first() when no row is a valid answer");
            }
            throw MultipleResultsFound(what + "; filter further, or use first() or all()");
        }
        return std::move(rows.front());
    }

    // The number of rows all() would return.
    std::int64_t count() {
        std::int64_t count = 0;
        detail::run_select<T>(connection_, work_, clauses_, sql::SelectShape::count, 1, [&](TextRow row) {
            count = mapping::from_text<std::int64_t>(row[0], model_traits<T>::table_name, "count");
        });
        return count;
    }

private:
    template <Model, Model...>
    friend class Query;
    template <Model, class, bool, class...>
    friend class Projection;

    Projection(Connection& connection, UnitOfWork& work, sql::QueryClauses clauses)
        : Base(std::move(clauses)), connection_(connection), work_(work) {}

    template <class OnRow>
    void read(const sql::QueryClauses& clauses, OnRow&& on_row) {
        static_assert(!Ungrouped,
                      "roachorm: this select mixes aggregates (orm::count(), orm::sum(), ...) with plain columns: "
                      "group the rows by those columns, .group_by(orm::col(&Model::member), ...)");
        detail::run_select<T>(connection_, work_, clauses, sql::SelectShape::rows, sizeof...(Results),
                              [&](TextRow row) {
                                  on_row([&]<std::size_t... I>(std::index_sequence<I...>) {
                                      return row_type{mapping::from_text<Results>(row[I], model_traits<T>::table_name,
                                                                                  mapping::ResultColumn{I + 1})...};
                                  }(std::index_sequence_for<Results...>{}));
                              });
    }

    Connection& connection_;
    UnitOfWork& work_;
};

}  // namespace orm
