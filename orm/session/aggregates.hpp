// Aggregate functions for projections: count, count_distinct, sum, avg, min and max, typed by what both servers
// return for them (docs/queries.md, "Aggregates"), and usable in select(), having() and order_by().
#pragma once

#include <cstdint>
#include <string_view>
#include <type_traits>

#include <roachorm/orm/session/expression.hpp>

namespace orm {

// An aggregate's expression type: a projection that mixes aggregates with plain columns must group its rows.
template <class Scope, class Value, bool Nullable>
class Aggregate : public Expr<Scope, Value, Nullable> {
public:
    using Expr<Scope, Value, Nullable>::Expr;
};

namespace detail {

template <class E>
constexpr bool is_aggregate = false;
template <class Scope, class Value, bool Nullable>
constexpr bool is_aggregate<Aggregate<Scope, Value, Nullable>> = true;

template <class Value>
constexpr bool is_numeric_value = (std::is_arithmetic_v<Value> && !std::is_same_v<Value, bool>) ||
                                  std::is_same_v<Value, decimal> || std::is_same_v<Value, serial>;

// sum and avg of integers are exact decimals: CockroachDB returns DECIMAL for both, and PostgreSQL NUMERIC for
// avg of any integer and sum of INT8 (BIGINT for sum of INT4, which a decimal reads as well).
template <class Value>
using exact_sum_t = std::conditional_t<std::is_floating_point_v<Value>, double, decimal>;

}  // namespace detail

// count(*): the number of rows, or of each group's rows.
inline Aggregate<detail::models<>, std::int64_t, false> count() {
    return Aggregate<detail::models<>, std::int64_t, false>(sql::Fragment::keyword("count(*)"));
}

// count(x): the rows where x is not NULL.
template <detail::Expression E>
auto count(const E& expression) {
    return Aggregate<typename detail::expr_base_t<E>::scope_type, std::int64_t, false>(
        sql::Fragment::call("count", {expression.fragment()}));
}

// count(DISTINCT x): the distinct values of x, NULL not counted.
template <detail::Expression E>
auto count_distinct(const E& expression) {
    return Aggregate<typename detail::expr_base_t<E>::scope_type, std::int64_t, false>(
        sql::Fragment::call("count", {sql::Fragment::prefix("DISTINCT ", expression.fragment())}));
}

namespace detail {

// sum and avg: NULL over no values; a decimal for integers and decimals, a double for floats.
template <class E>
auto numeric_aggregate(std::string_view function, const E& expression) {
    using Value = typename expr_base_t<E>::value_type;
    static_assert(is_numeric_value<Value>, "roachorm: sum and avg apply to numeric columns only");
    return Aggregate<typename expr_base_t<E>::scope_type, exact_sum_t<Value>, true>(
        sql::Fragment::call(function, {expression.fragment()}));
}

}  // namespace detail

template <detail::Expression E>
auto sum(const E& expression) {
    return detail::numeric_aggregate("sum", expression);
}

template <detail::Expression E>
auto avg(const E& expression) {
    return detail::numeric_aggregate("avg", expression);
}

// min(x) and max(x): the column's own type, NULL when no row has a value.
template <detail::Expression E>
auto min(const E& expression) {
    using Base = detail::expr_base_t<E>;
    return Aggregate<typename Base::scope_type, typename Base::value_type, true>(
        sql::Fragment::call("min", {expression.fragment()}));
}
template <detail::Expression E>
auto max(const E& expression) {
    using Base = detail::expr_base_t<E>;
    return Aggregate<typename Base::scope_type, typename Base::value_type, true>(
        sql::Fragment::call("max", {expression.fragment()}));
}

}  // namespace orm
