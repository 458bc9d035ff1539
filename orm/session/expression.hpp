// Typed query expressions: orm::col(&Account::balance) names a column, and comparisons, arithmetic, in(), is_null()
// and && || ! build conditions, across the models of a join. A value of the wrong type fails to compile.
#pragma once

#include <chrono>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <ranges>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <boost/pfr.hpp>

#include <roachorm/orm/core/error.hpp>
#include <roachorm/orm/execution/row_mapping.hpp>
#include <roachorm/orm/mapping/model.hpp>
#include <roachorm/orm/session/expression_scope.hpp>
#include <roachorm/orm/sql/query_sql.hpp>

namespace orm {

// An expression over the columns of the models in Scope (one model, or detail::models<A, B> across a join) that
// yields a Value (the column's type, or bool for a condition), possibly NULL when Nullable.
template <class Scope, class Value, bool Nullable = false>
class Expr {
public:
    using scope_type = Scope;
    using value_type = Value;
    static constexpr bool nullable = Nullable;
    // What reading the expression's value gives: std::optional when SQL can give NULL.
    using result_type = std::conditional_t<Nullable, std::optional<Value>, Value>;

    explicit Expr(sql::Fragment fragment) : fragment_(std::move(fragment)) {}
    const sql::Fragment& fragment() const noexcept { return fragment_; }

private:
    sql::Fragment fragment_;
};

// A condition: what filter() takes.
template <class Scope>
using Condition = Expr<Scope, bool>;

namespace detail {

// Columns derive from Expr; this finds the Expr base of any expression type.
template <class Scope, class Value, bool Nullable>
Expr<Scope, Value, Nullable> as_expr(const Expr<Scope, Value, Nullable>&);
template <class E>
using expr_base_t = decltype(as_expr(std::declval<const E&>()));

template <class E>
concept Expression = requires(const E& e) {
    as_expr(e);
};

// The scope of two operands combined, one of which may be a plain value (which reads no model).
template <class Operand>
struct operand_scope {
    using type = models<>;
};
template <Expression Operand>
struct operand_scope<Operand> {
    using type = typename expr_base_t<Operand>::scope_type;
};
template <class Left, class Right>
using combined_scope_t = scope_union_t<typename operand_scope<Left>::type, typename operand_scope<Right>::type>;

template <class Operand>
constexpr bool operand_nullable = [] {
    if constexpr (Expression<Operand>) {
        return expr_base_t<Operand>::nullable;
    } else {
        return false;
    }
}();

template <class T>
constexpr bool is_plain_integer = std::is_integral_v<T> && !std::is_same_v<T, bool>;

enum class NumberKind { none, integer, floating, decimal };

template <class T>
constexpr NumberKind number_kind = is_plain_integer<T> || std::is_same_v<T, serial> ? NumberKind::integer
                                   : std::is_floating_point_v<T>                    ? NumberKind::floating
                                   : std::is_same_v<T, decimal>                     ? NumberKind::decimal
                                                                                    : NumberKind::none;

// Which C++ values a column of type Column can be compared with or set to: integers of any width for integer
// columns (a value the column cannot hold is the server's out-of-range error, never a silent truncation), any number
// for floating-point and decimal columns, anything string-like for text, and the column's own type otherwise.
template <class Column, class Value>
constexpr bool accepts_value = []() {
    using V = std::remove_cvref_t<Value>;
    if constexpr (std::is_same_v<Column, bool>) {
        return std::is_same_v<V, bool>;
    } else if constexpr (is_plain_integer<Column> || std::is_same_v<Column, serial>) {
        // A foreign key (an integer) meets the serial key it references, either way round.
        return is_plain_integer<V> || std::is_same_v<V, serial>;
    } else if constexpr (std::is_floating_point_v<Column> || std::is_same_v<Column, decimal>) {
        return (std::is_arithmetic_v<V> && !std::is_same_v<V, bool>) || std::is_same_v<V, Column>;
    } else if constexpr (std::is_same_v<Column, std::string>) {
        return std::is_convertible_v<const V&, std::string_view>;
    } else {
        return std::is_convertible_v<const V&, Column>;
    }
}();

// Two expressions can meet in a comparison or arithmetic when a value of one could stand in for the other, or when
// both are numbers: both servers compare any two of integer, floating point and decimal (arithmetic adds its own
// rule, detail::numeric_result).
template <class Left, class Right>
constexpr bool accepts_expression = accepts_value<Left, Right> || accepts_value<Right, Left> ||
                                    (number_kind<Left> != NumberKind::none && number_kind<Right> != NumberKind::none);

// The text form of a value bound against a column of type Column, written in the value's own type so that
// nothing is narrowed on the way.
template <class Column, class Value>
TextValue bound_text(const Value& value, const mapping::ValuePlace& place) {
    static_assert(accepts_value<Column, Value>,
                  "roachorm: this value's type does not match the column's type; compare a column with a value of "
                  "its own type (integers with integer columns, strings with text columns, ...)");
    if constexpr (std::is_same_v<Value, serial>) {
        return mapping::to_text(value.value, place);
    } else if constexpr (is_plain_integer<Value>) {
        if (!std::in_range<std::int64_t>(value)) {
            throw MappingError(
                fmt::format("cannot write {}: the value does not fit in a 64-bit signed integer", place.describe()));
        }
        return mapping::to_text(static_cast<std::int64_t>(value), place);
    } else if constexpr (std::is_same_v<Column, std::string>) {
        return mapping::to_text(std::string(std::string_view(value)), place);
    } else if constexpr (std::is_arithmetic_v<Value> || std::is_same_v<Value, Column>) {
        return mapping::to_text(value, place);
    } else {
        return mapping::to_text(static_cast<Column>(value), place);
    }
}

// The texts of the values in `range`, for column.in(values): the dialect binds them as one parameter (an array, a
// JSON array), so one statement text serves any number of values, where IN ($1, $2, ...) would prepare a new
// statement per count.
template <class Column, class Range>
std::vector<TextValue> element_texts(const Range& range, const mapping::ValuePlace& place) {
    std::vector<TextValue> texts;
    for (const auto& element : range) {
        texts.push_back(bound_text<Column>(element, place));
    }
    return texts;
}

// The fragment of an operand meeting an expression yielding Value: another expression, or a value bound as a
// parameter.
template <class Value, class Operand>
sql::Fragment operand_fragment(const Operand& operand, const mapping::ValuePlace& place) {
    if constexpr (Expression<Operand>) {
        using Other = expr_base_t<Operand>;
        static_assert(accepts_expression<Value, typename Other::value_type>,
                      "roachorm: these two expressions have types that cannot be compared or combined");
        return operand.fragment();
    } else {
        return sql::Fragment::value(bound_text<Value>(operand, place), column_traits<Value>::sql_type);
    }
}

// The expression among two operands (the left one when both are), and the fragments of both.
template <class Left, class Right>
struct leading_expr {
    using type = expr_base_t<Right>;
};
template <Expression Left, class Right>
struct leading_expr<Left, Right> {
    using type = expr_base_t<Left>;
};
template <class Left, class Right>
using leading_expr_t = typename leading_expr<Left, Right>::type;

template <class Scope>
std::string_view scope_table_name() {
    if constexpr (Model<first_model_t<Scope>>) {
        return model_traits<first_model_t<Scope>>::table_name;
    } else {
        return "(query)";
    }
}

// Where a value beside an expression belongs, for its errors: a value compared with a column is that column's value.
template <class Left, class Right>
mapping::ValuePlace operand_place(const Left& left, const Right& right) {
    if constexpr (requires { left.place(); }) {
        return left.place();
    } else if constexpr (requires { right.place(); }) {
        return right.place();
    } else {
        return {.table = scope_table_name<typename leading_expr_t<Left, Right>::scope_type>(),
                .column = "(query expression)"};
    }
}

template <class Left, class Right>
auto operand_fragments(const Left& left, const Right& right) {
    using Value = typename leading_expr_t<Left, Right>::value_type;
    const mapping::ValuePlace place = operand_place(left, right);
    return std::pair{operand_fragment<Value>(left, place), operand_fragment<Value>(right, place)};
}

template <class T>
constexpr bool is_null_value =
    std::is_same_v<std::remove_cvref_t<T>, std::nullopt_t> || is_optional<std::remove_cvref_t<T>>::value;

// The operators below take an expression and a value or another expression; comparisons with std::nullopt or a
// std::optional have overloads of their own (IS NULL).
template <class Left, class Right>
concept OneExpression = (Expression<Left> || Expression<Right>)&&!is_null_value<Left> && !is_null_value<Right>;

template <class Left, class Right>
auto comparison(const Left& left, std::string_view op, const Right& right) {
    auto [l, r] = operand_fragments(left, right);
    return Condition<combined_scope_t<Left, Right>>(sql::Fragment::binary(l, op, r));
}

// ---- timestamp and interval arithmetic ----

// What an operand is to the timestamp and interval operators: an expression by its value type, a value by its C++
// type (a std::chrono time point is a timestamp, a std::chrono duration an interval).
enum class Temporal { other, timestamp, interval, number };

template <class T>
constexpr bool is_duration = false;
template <class Rep, class Period>
constexpr bool is_duration<std::chrono::duration<Rep, Period>> = true;

template <class T>
constexpr bool is_time_point = false;
template <class Duration>
constexpr bool is_time_point<std::chrono::time_point<std::chrono::system_clock, Duration>> = true;

template <class T>
constexpr Temporal temporal_kind = [] {
    if constexpr (std::is_same_v<T, timestamp> || (is_time_point<T> && std::is_convertible_v<T, timestamp>)) {
        return Temporal::timestamp;
    } else if constexpr (std::is_same_v<T, interval> || (is_duration<T> && std::is_convertible_v<T, interval>)) {
        return Temporal::interval;
    } else if constexpr ((std::is_arithmetic_v<T> && !std::is_same_v<T, bool>) || std::is_same_v<T, decimal>) {
        return Temporal::number;
    } else {
        return Temporal::other;
    }
}();

template <class Operand>
constexpr Temporal operand_kind = [] {
    if constexpr (Expression<Operand>) {
        return temporal_kind<typename expr_base_t<Operand>::value_type>;
    } else {
        return temporal_kind<std::remove_cvref_t<Operand>>;
    }
}();

// The value type of `left op right` on the servers' operators: timestamp ± interval and interval + timestamp give a
// timestamp, timestamp - timestamp and interval ± interval an interval, interval * number, number * interval and
// interval / number an interval; void for any other pairing.
template <char Op, Temporal L, Temporal R>
struct temporal_result {
    using type = void;
};
template <char Op>
requires(Op == '+' || Op == '-') struct temporal_result<Op, Temporal::timestamp, Temporal::interval> {
    using type = timestamp;
};
template <>
struct temporal_result<'+', Temporal::interval, Temporal::timestamp> {
    using type = timestamp;
};
template <>
struct temporal_result<'-', Temporal::timestamp, Temporal::timestamp> {
    using type = interval;
};
template <char Op>
requires(Op == '+' || Op == '-') struct temporal_result<Op, Temporal::interval, Temporal::interval> {
    using type = interval;
};
template <char Op>
requires(Op == '*' || Op == '/') struct temporal_result<Op, Temporal::interval, Temporal::number> {
    using type = interval;
};
template <>
struct temporal_result<'*', Temporal::number, Temporal::interval> {
    using type = interval;
};

// A value in timestamp or interval arithmetic is cast to its own type: beside an operator, a bare parameter's type
// is the server's guess (PostgreSQL reads `timestamptz - $1` as timestamptz - timestamptz, an interval).
template <class Operand>
sql::Fragment temporal_operand(const Operand& operand, const mapping::ValuePlace& place) {
    if constexpr (Expression<Operand>) {
        return operand.fragment();
    } else if constexpr (operand_kind<Operand> == Temporal::timestamp) {
        return sql::Fragment::typed_value(mapping::to_text(timestamp(operand), place), SqlType::timestamptz);
    } else if constexpr (operand_kind<Operand> == Temporal::interval) {
        return sql::Fragment::typed_value(mapping::to_text(interval(operand), place), SqlType::interval);
    } else if constexpr (std::is_same_v<Operand, decimal>) {
        return sql::Fragment::typed_value(mapping::to_text(operand, place), SqlType::decimal);
    } else if constexpr (std::is_floating_point_v<Operand>) {
        return sql::Fragment::typed_value(mapping::to_text(static_cast<double>(operand), place), SqlType::float64);
    } else {
        return sql::Fragment::typed_value(bound_text<std::int64_t>(operand, place), SqlType::int64);
    }
}

template <char Op, class Left, class Right>
auto temporal_arithmetic(const Left& left, std::string_view op, const Right& right) {
    using Result = typename temporal_result<Op, operand_kind<Left>, operand_kind<Right>>::type;
    static_assert(!std::is_void_v<Result>,
                  "roachorm: timestamp and interval arithmetic is timestamp + or - interval, timestamp - timestamp, "
                  "interval + or - interval, and interval * or / a number; to move a timestamp, add an orm::interval "
                  "or a std::chrono duration (orm::days(7), std::chrono::hours{1}), never a plain number");
    const mapping::ValuePlace place = operand_place(left, right);
    constexpr bool nullable = operand_nullable<Left> || operand_nullable<Right>;
    return Expr<combined_scope_t<Left, Right>, Result, nullable>(
        sql::Fragment::temporal(temporal_operand(left, place), op, temporal_operand(right, place)));
}

// The value type of numeric `left op right`. A value meeting an expression is bound as the expression's type, so
// the result has that type. Two expressions of one kind give the wider of their types; an integer and a decimal give
// a decimal, as on both servers. An integer or a decimal meeting a floating-point expression gives void: CockroachDB
// has no such arithmetic operator.
template <class Left, class Right>
constexpr auto numeric_result() {
    using Lead = typename leading_expr_t<Left, Right>::value_type;
    if constexpr (Expression<Left> && Expression<Right>) {
        using L = typename expr_base_t<Left>::value_type;
        using R = typename expr_base_t<Right>::value_type;
        constexpr NumberKind l = number_kind<L>;
        constexpr NumberKind r = number_kind<R>;
        if constexpr (l == NumberKind::none || r == NumberKind::none) {
            return std::type_identity<void>{};
        } else if constexpr (l == r) {
            return std::type_identity<std::conditional_t<(sizeof(R) > sizeof(L)), R, L>>{};
        } else if constexpr (l != NumberKind::floating && r != NumberKind::floating) {
            return std::type_identity<decimal>{};
        } else {
            return std::type_identity<void>{};
        }
    } else {
        return std::type_identity<Lead>{};
    }
}
template <class Left, class Right>
using numeric_result_t = typename decltype(numeric_result<Left, Right>())::type;

template <char Op, class Left, class Right>
auto arithmetic(const Left& left, std::string_view op, const Right& right) {
    constexpr bool temporal = operand_kind<Left> == Temporal::timestamp || operand_kind<Left> == Temporal::interval ||
                              operand_kind<Right> == Temporal::timestamp || operand_kind<Right> == Temporal::interval;
    if constexpr (temporal) {
        return temporal_arithmetic<Op>(left, op, right);
    } else {
        using Value = numeric_result_t<Left, Right>;
        static_assert(!std::is_void_v<Value>,
                      "roachorm: arithmetic applies to numeric columns, and not to a floating-point expression with "
                      "an integer or decimal one (CockroachDB has no such operator): make both columns one kind");
        static_assert((std::is_arithmetic_v<Value> && !std::is_same_v<Value, bool>) || std::is_same_v<Value, decimal>,
                      "roachorm: arithmetic applies to numeric columns only");
        auto [l, r] = operand_fragments(left, right);
        constexpr bool nullable = operand_nullable<Left> || operand_nullable<Right>;
        // Dividing integers truncates on PostgreSQL, and gives a DECIMAL with CockroachDB's "/": the dialect spells
        // the truncating division, so both servers agree.
        if constexpr (Op == '/' && number_kind<Value> == NumberKind::integer) {
            return Expr<combined_scope_t<Left, Right>, Value, nullable>(sql::Fragment::integer_division(l, r));
        } else {
            return Expr<combined_scope_t<Left, Right>, Value, nullable>(sql::Fragment::binary(l, op, r));
        }
    }
}

template <class Left, class Right>
auto logical(const Left& left, std::string_view op, const Right& right) {
    static_assert(Expression<Left> && Expression<Right> &&
                      std::is_same_v<typename expr_base_t<Left>::value_type, bool> &&
                      std::is_same_v<typename expr_base_t<Right>::value_type, bool>,
                  "roachorm: && and || combine conditions (comparisons, in, is_null) or bool columns");
    auto [l, r] = operand_fragments(left, right);
    return Condition<combined_scope_t<Left, Right>>(
        sql::Fragment::binary(sql::Fragment::condition(std::move(l)), op, sql::Fragment::condition(std::move(r))));
}

// The declaration index of the member `member` points to, found by address in a default-constructed object.
template <Model T, class Member>
std::size_t column_index(Member T::*member) {
    static const T probe{};
    const void* target = &(probe.*member);
    std::size_t index = model_traits<T>::column_count;
    boost::pfr::for_each_field(probe, [&](const auto& field, std::size_t i) {
        if (static_cast<const void*>(&field) == target) {
            index = i;
        }
    });
    return index;
}

}  // namespace detail

// A column of model T whose member type is Member (std::optional<X> for a nullable column).
template <Model T, class Member>
class Column : public Expr<T, column_value_t<Member>, is_optional<Member>::value> {
public:
    using member_type = Member;

    explicit Column(std::size_t index)
        : Expr<T, column_value_t<Member>, is_optional<Member>::value>(
              sql::Fragment::column(model_traits<T>::table, index)),
          index_(index) {}
    std::size_t index() const noexcept { return index_; }

    // `column = ANY(values)`: true for the rows whose value is in `values`; an empty range matches no row.
    template <std::ranges::input_range Range>
    Condition<T> in(const Range& values) const {
        const SqlType element = model_traits<T>::columns[index_].type;
        return Condition<T>(sql::Fragment::in_list(
            this->fragment(), detail::element_texts<column_value_t<Member>>(values, place()), element));
    }

    // `column IN (SELECT ...)` of orm::subquery<M>()...select(expression) (subquery.hpp), an expression of a type
    // the column compares with; a condition on T and the outer models the subquery reads.
    template <class Subquery>
    requires requires { Subquery::subquery_selects; }
    auto in(const Subquery& subquery) const {
        static_assert(Subquery::subquery_selects,
                      "roachorm: in() takes a subquery that selects one expression, e.g. "
                      "orm::subquery<Post>().select(orm::col(&Post::author_id))");
        if constexpr (Subquery::subquery_selects) {
            static_assert(detail::accepts_expression<column_value_t<Member>, typename Subquery::value_type>,
                          "roachorm: in(subquery) needs a subquery selecting values the column compares with: select "
                          "a column of the column's type");
            return Condition<detail::scope_union_t<T, typename Subquery::scope_type>>(
                sql::Fragment::binary(this->fragment(), " IN ", subquery.fragment()));
        }
    }

    Condition<T> is_null() const { return Condition<T>(sql::Fragment::suffix(this->fragment(), " IS NULL")); }
    Condition<T> is_not_null() const { return Condition<T>(sql::Fragment::suffix(this->fragment(), " IS NOT NULL")); }

    mapping::ValuePlace place() const { return mapping::column_place<T>(index_); }

private:
    std::size_t index_;
};

// The column a member pointer names: orm::col(&Account::balance).
template <Model T, class Member>
Column<T, Member> col(Member T::*member) {
    return Column<T, Member>(detail::column_index(member));
}

// Comparisons of an expression with a value or another expression of the same model.
template <class L, class R>
requires detail::OneExpression<L, R>
auto operator==(const L& left, const R& right) {
    return detail::comparison(left, " = ", right);
}
template <class L, class R>
requires detail::OneExpression<L, R>
auto operator!=(const L& left, const R& right) {
    return detail::comparison(left, " <> ", right);
}
template <class L, class R>
requires detail::OneExpression<L, R>
auto operator<(const L& left, const R& right) {
    return detail::comparison(left, " < ", right);
}
template <class L, class R>
requires detail::OneExpression<L, R>
auto operator<=(const L& left, const R& right) {
    return detail::comparison(left, " <= ", right);
}
template <class L, class R>
requires detail::OneExpression<L, R>
auto operator>(const L& left, const R& right) {
    return detail::comparison(left, " > ", right);
}
template <class L, class R>
requires detail::OneExpression<L, R>
auto operator>=(const L& left, const R& right) {
    return detail::comparison(left, " >= ", right);
}

// Arithmetic on numeric expressions, col(&Account::balance) + amount, and on timestamps and intervals,
// col(&Post::created_at) + orm::days(7) (see detail::temporal_result for the pairings).
template <class L, class R>
requires detail::OneExpression<L, R>
auto operator+(const L& left, const R& right) {
    return detail::arithmetic<'+'>(left, " + ", right);
}
template <class L, class R>
requires detail::OneExpression<L, R>
auto operator-(const L& left, const R& right) {
    return detail::arithmetic<'-'>(left, " - ", right);
}
template <class L, class R>
requires detail::OneExpression<L, R>
auto operator*(const L& left, const R& right) {
    return detail::arithmetic<'*'>(left, " * ", right);
}
template <class L, class R>
requires detail::OneExpression<L, R>
auto operator/(const L& left, const R& right) {
    return detail::arithmetic<'/'>(left, " / ", right);
}

template <class L, class R>
requires detail::OneExpression<L, R>
auto operator&&(const L& left, const R& right) {
    return detail::logical(left, " AND ", right);
}
template <class L, class R>
requires detail::OneExpression<L, R>
auto operator||(const L& left, const R& right) {
    return detail::logical(left, " OR ", right);
}
template <class Scope>
Condition<Scope> operator!(const Condition<Scope>& condition) {
    return Condition<Scope>(sql::Fragment::prefix("NOT ", sql::Fragment::condition(condition.fragment())));
}

// A nullable column compared with std::nullopt is IS NULL (and != is IS NOT NULL); with a std::optional, it is
// compared with the value when there is one and IS NULL otherwise.
template <Model T, class Member, class Null>
requires detail::is_null_value<Null> Condition<T>
operator==(const Column<T, Member>& column, const Null& null) {
    static_assert(is_optional<Member>::value,
                  "roachorm: only a std::optional member can be NULL: compare this column with a value");
    if constexpr (is_optional<Null>::value) {
        if (null) {
            return column == *null;
        }
    }
    return column.is_null();
}
template <Model T, class Member, class Null>
requires detail::is_null_value<Null> Condition<T>
operator!=(const Column<T, Member>& column, const Null& null) {
    static_assert(is_optional<Member>::value,
                  "roachorm: only a std::optional member can be NULL: compare this column with a value");
    if constexpr (is_optional<Null>::value) {
        if (null) {
            return column != *null;
        }
    }
    return column.is_not_null();
}

// The server's clock for the current transaction, now(): fixed when the transaction starts, so every statement of
// one transaction (and every retry's own attempt) sees one instant. orm::now names the same clock as a column default.
inline Expr<detail::models<>, timestamp> transaction_time() {
    return Expr<detail::models<>, timestamp>(sql::Fragment::transaction_time());
}

// The sort direction of Query::order_by.
inline constexpr sql::Direction asc = sql::Direction::ascending;
inline constexpr sql::Direction desc = sql::Direction::descending;

// One `SET column = value` of a bulk Query::update.
template <Model T>
struct Assignment {
    sql::Assignment assignment;
};

// orm::set(&Account::balance, orm::col(&Account::balance) + amount), or a value of the member's type;
// std::nullopt (or an empty std::optional) sets a nullable column to NULL.
template <Model T, class Member, class Value>
Assignment<T> set(Member T::*member, const Value& value) {
    const Column<T, Member> column = col(member);
    if constexpr (std::is_same_v<Value, std::nullopt_t> || is_optional<Value>::value) {
        static_assert(is_optional<Member>::value, "roachorm: only a std::optional member can be set to NULL");
        if constexpr (is_optional<Value>::value) {
            if (value) {
                return set(member, *value);
            }
        }
        return {{column.index(), sql::Fragment::keyword("NULL")}};
    } else {
        static_assert(detail::scope_within<typename detail::operand_scope<Value>::type, T>,
                      "roachorm: orm::set assigns an expression of the updated model's own columns");
        if constexpr (detail::Expression<Value>) {
            // CockroachDB assigns a number only to a column of its own kind ("value type int doesn't match type
            // FLOAT8"), where PostgreSQL would convert it.
            static_assert(detail::number_kind<column_value_t<Member>> ==
                              detail::number_kind<typename detail::expr_base_t<Value>::value_type>,
                          "roachorm: orm::set assigns a numeric column an expression of its own kind (integer, "
                          "floating point or decimal); CockroachDB does not convert between them");
        }
        return {{column.index(), detail::operand_fragment<column_value_t<Member>>(value, column.place())}};
    }
}

}  // namespace orm
