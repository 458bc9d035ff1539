// Builds fragments with explicit parentheses and renders them with numbered placeholders.
#include <roachorm/orm/sql/sql_fragment.hpp>

#include <roachorm/orm/sql/query_sql.hpp>

namespace orm::sql {

Fragment Fragment::column(const TableInfo& table, std::size_t index) {
    Fragment fragment;
    fragment.parts_.emplace_back(ColumnRef{&table, index});
    return fragment;
}

Fragment Fragment::value(TextValue value) {
    Fragment fragment;
    fragment.parts_.emplace_back(std::move(value));
    return fragment;
}

Fragment Fragment::value(TextValue value, SqlType type) {
    Fragment fragment;
    fragment.parts_.emplace_back(KnownTypeValue{std::move(value), type});
    return fragment;
}

Fragment Fragment::typed_value(TextValue value, SqlType type) {
    Fragment fragment;
    fragment.parts_.emplace_back(TypedValue{std::move(value), type});
    return fragment;
}

Fragment Fragment::in_list(Fragment operand, std::vector<TextValue> elements, SqlType element) {
    Fragment fragment;
    fragment.append(std::move(operand));
    fragment.parts_.emplace_back(ValueList{std::move(elements), element});
    fragment.is_operation_ = true;
    return fragment;
}

Fragment Fragment::keyword(std::string_view text) {
    Fragment fragment;
    fragment.parts_.emplace_back(text);
    return fragment;
}

Fragment Fragment::transaction_time() {
    Fragment fragment;
    fragment.parts_.emplace_back(TransactionTime{});
    return fragment;
}

Fragment Fragment::like(Fragment text, bool ignore_case, TextValue pattern, std::string_view escape) {
    Fragment fragment;
    fragment.append(std::move(text));
    if (ignore_case) {
        fragment.parts_.emplace_back(CaseInsensitiveLike{});
    } else {
        fragment.parts_.emplace_back(std::string_view(" LIKE "));
    }
    fragment.parts_.emplace_back(std::move(pattern));
    if (!escape.empty()) {
        fragment.parts_.emplace_back(escape);
    }
    fragment.is_operation_ = true;
    return fragment;
}

Fragment Fragment::binary(Fragment left, std::string_view op, Fragment right) {
    Fragment fragment;
    fragment.append(std::move(left));
    fragment.parts_.emplace_back(op);
    fragment.append(std::move(right));
    fragment.is_operation_ = true;
    return fragment;
}

Fragment Fragment::integer_division(Fragment left, Fragment right) {
    Fragment fragment;
    fragment.append(std::move(left));
    fragment.parts_.emplace_back(IntegerDivision{});
    fragment.append(std::move(right));
    fragment.is_operation_ = true;
    return fragment;
}

Fragment Fragment::temporal(Fragment left, std::string_view op, Fragment right) {
    Fragment fragment;
    fragment.append(std::move(left));
    fragment.parts_.emplace_back(TemporalOperator{op});
    fragment.append(std::move(right));
    fragment.is_operation_ = true;
    return fragment;
}

Fragment Fragment::operation(std::vector<Fragment> pieces) {
    Fragment fragment;
    for (Fragment& piece : pieces) {
        fragment.append(std::move(piece));
    }
    fragment.is_operation_ = true;
    return fragment;
}

Fragment Fragment::prefix(std::string_view op, Fragment operand) {
    Fragment fragment;
    fragment.parts_.emplace_back(op);
    fragment.append(std::move(operand));
    fragment.is_operation_ = true;
    return fragment;
}

Fragment Fragment::suffix(Fragment operand, std::string_view op) {
    Fragment fragment;
    fragment.append(std::move(operand));
    fragment.parts_.emplace_back(op);
    fragment.is_operation_ = true;
    return fragment;
}

Fragment Fragment::call(std::string_view function, std::vector<Fragment> arguments) {
    Fragment fragment;
    fragment.parts_.emplace_back(function);
    fragment.parts_.emplace_back(std::string_view("("));
    for (std::size_t i = 0; i < arguments.size(); ++i) {
        if (i > 0) {
            fragment.parts_.emplace_back(std::string_view(", "));
        }
        // An argument is delimited by the call's commas and parentheses: it needs none of its own.
        arguments[i].is_operation_ = false;
        fragment.append(std::move(arguments[i]));
    }
    fragment.parts_.emplace_back(std::string_view(")"));
    return fragment;
}

Fragment Fragment::condition(Fragment condition) {
    if (condition.parts_.size() == 1) {
        const auto* column = std::get_if<ColumnRef>(&condition.parts_.front());
        if (column != nullptr && column->table->columns[column->index].type == SqlType::boolean) {
            condition.parts_.emplace_back(BoolColumnTest{});
        }
    }
    return condition;
}

Fragment Fragment::subquery(std::shared_ptr<const Subselect> select, std::string_view keyword) {
    Fragment fragment;
    if (!keyword.empty()) {
        fragment.parts_.emplace_back(keyword);
    }
    fragment.parts_.emplace_back(std::move(select));
    return fragment;
}

void Fragment::append(Fragment operand) {
    if (operand.is_operation_) {
        parts_.emplace_back(std::string_view("("));
    }
    parts_.insert(parts_.end(), std::make_move_iterator(operand.parts_.begin()),
                  std::make_move_iterator(operand.parts_.end()));
    if (operand.is_operation_) {
        parts_.emplace_back(std::string_view(")"));
    }
}

void render(const Fragment& fragment, const dialect::Dialect& dialect, ColumnNaming naming, std::string& sql,
            std::vector<TextValue>& values) {
    for (const FragmentPart& part : fragment.parts()) {
        if (const auto* text = std::get_if<std::string_view>(&part)) {
            sql += *text;
        } else if (const auto* column = std::get_if<ColumnRef>(&part)) {
            if (naming == ColumnNaming::qualified) {
                sql += dialect.quote(column->table->name);
                sql += '.';
            }
            sql += dialect.quote(column->table->columns[column->index].name);
        } else if (const auto* list = std::get_if<ValueList>(&part)) {
            values.push_back(dialect.list_parameter(list->elements));
            sql += dialect.in_list(values.size(), list->element);
        } else if (const auto* select = std::get_if<std::shared_ptr<const Subselect>>(&part)) {
            sql += '(';
            render_subselect(**select, dialect, sql, values);
            sql += ')';
        } else if (std::holds_alternative<IntegerDivision>(part)) {
            sql += dialect.integer_division();
        } else if (const auto* typed = std::get_if<TypedValue>(&part)) {
            dialect.check_operand(typed->value, typed->type);
            values.push_back(typed->value);
            sql += dialect.typed_placeholder(values.size(), typed->type);
        } else if (const auto* known = std::get_if<KnownTypeValue>(&part)) {
            dialect.check_operand(known->value, known->type);
            values.push_back(known->value);
            sql += dialect.known_type_placeholder(values.size(), known->type);
        } else if (const auto* temporal = std::get_if<TemporalOperator>(&part)) {
            sql += dialect.temporal_operator(temporal->op);
        } else if (std::holds_alternative<TransactionTime>(part)) {
            sql += dialect.transaction_time();
        } else if (std::holds_alternative<CaseInsensitiveLike>(part)) {
            sql += dialect.case_insensitive_like();
        } else if (std::holds_alternative<BoolColumnTest>(part)) {
            sql += dialect.bool_column_test();
        } else {
            values.push_back(std::get<TextValue>(part));
            sql += dialect.placeholder(values.size());
        }
    }
}

}  // namespace orm::sql
