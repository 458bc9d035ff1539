// A piece of SQL that a typed query expression builds: fixed text, column references and bound values. It is
// spelled for a dialect only when rendered, so one expression serves both servers and every value stays a parameter.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <roachorm/dialect/dialect.hpp>
#include <roachorm/orm/core/connection_types.hpp>
#include <roachorm/orm/mapping/model.hpp>

namespace orm::sql {

// A column of a model's table, by declaration index.
struct ColumnRef {
    const TableInfo* table;
    std::size_t index;
};
// A bound value typed where an operator alone would leave the server to guess its type ("$1::INTERVAL"), spelled by
// the dialect (Dialect::typed_placeholder).
struct TypedValue {
    TextValue value;
    SqlType type;
};
// A bound value of a known type, which the servers type by the operator it meets ("$1"), but which a dialect that
// binds values as untyped text may have to convert (Dialect::known_type_placeholder).
struct KnownTypeValue {
    TextValue value;
    SqlType type;
};
// The list of values a column is compared with (column.in(values)): the elements' texts, bound as one parameter that
// the dialect makes of them (Dialect::list_parameter), after the condition it spells (Dialect::in_list).
struct ValueList {
    std::vector<TextValue> elements;
    SqlType element;
};
// The operator that divides two integers, truncating: the servers spell it differently (Dialect::integer_division).
struct IntegerDivision {};
// An operator of timestamp and interval arithmetic ("+"), which only some servers have (Dialect::temporal_operator).
struct TemporalOperator {
    std::string_view op;
};
// The transaction's clock, now() (Dialect::transaction_time).
struct TransactionTime {};
// The operator of a case-insensitive LIKE (Dialect::case_insensitive_like).
struct CaseInsensitiveLike {};
// What follows a bool column that is a condition by itself (Dialect::bool_column_test).
struct BoolColumnTest {};
// A SELECT nested in an expression: a subquery (query_sql.hpp). Shared, because fragments are copied into every
// clause and statement that uses them, and a subquery's clauses never change once it is built.
struct Subselect;
// Fixed text is always a string literal of the expression layer, so a view is enough.
using FragmentPart =
    std::variant<std::string_view, ColumnRef, TypedValue, KnownTypeValue, ValueList, IntegerDivision, TemporalOperator,
                 TransactionTime, CaseInsensitiveLike, BoolColumnTest, TextValue, std::shared_ptr<const Subselect>>;

class Fragment {
public:
    static Fragment column(const TableInfo& table, std::size_t index);
    static Fragment value(TextValue value);
    // A bound value of `type`, spelled like value() wherever the server infers its type from the operator it meets.
    static Fragment value(TextValue value, SqlType type);
    // A bound value cast to `type` ($1::INTERVAL), so that its type does not depend on the operator it meets.
    static Fragment typed_value(TextValue value, SqlType type);
    // `operand` in the list `elements` of `element` values ("id = ANY($1::INT8[])"); an empty list matches nothing.
    static Fragment in_list(Fragment operand, std::vector<TextValue> elements, SqlType element);
    static Fragment keyword(std::string_view text);
    // The transaction's clock (now()).
    static Fragment transaction_time();
    // "text LIKE pattern", ignoring case when `ignore_case` (ILIKE), with `escape` (" ESCAPE '!'") after it if any.
    static Fragment like(Fragment text, bool ignore_case, TextValue pattern, std::string_view escape = "");
    // "left op right"; an operand that is itself an operation is parenthesized, so precedence never matters.
    static Fragment binary(Fragment left, std::string_view op, Fragment right);
    // "left / right" of two integers, truncating toward zero on every server.
    static Fragment integer_division(Fragment left, Fragment right);
    // "left op right" of timestamps and intervals (op: " + ", " - ", " * ", " / ").
    static Fragment temporal(Fragment left, std::string_view op, Fragment right);
    // The pieces in sequence, each operation among them parenthesized: "a LIKE b ESCAPE c" from its four pieces.
    static Fragment operation(std::vector<Fragment> pieces);
    static Fragment prefix(std::string_view op, Fragment operand);
    static Fragment suffix(Fragment operand, std::string_view op);
    // "function(argument, ...)": a call needs no parentheses around it, whatever its arguments are.
    static Fragment call(std::string_view function, std::vector<Fragment> arguments);
    // `condition` where a condition stands (WHERE, HAVING, ON, AND, OR, NOT): a bool column alone is followed by the
    // dialect's test of its stored value, nothing on the servers; any other condition is returned as it is.
    static Fragment condition(Fragment condition);
    // "(SELECT ...)", after `keyword` ("EXISTS "): parenthesized by its own syntax, so never again as an operand.
    static Fragment subquery(std::shared_ptr<const Subselect> select, std::string_view keyword = "");

    const std::vector<FragmentPart>& parts() const noexcept { return parts_; }

private:
    void append(Fragment operand);

    std::vector<FragmentPart> parts_;
    bool is_operation_ = false;
};

// How a statement names its columns: bare ("id") when it reads one table, qualified ("posts"."id") when it joins.
enum class ColumnNaming { bare, qualified };

// Appends `fragment` to `sql` in `dialect`; its values are appended to `values` and bound to the placeholders that
// follow those already there.
void render(const Fragment& fragment, const dialect::Dialect& dialect, ColumnNaming naming, std::string& sql,
            std::vector<TextValue>& values);

}  // namespace orm::sql
