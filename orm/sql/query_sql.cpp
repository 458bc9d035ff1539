// Composes query statements clause by clause in standard SQL, with the dialect spelling what differs (row locks).
#include <roachorm/orm/sql/query_sql.hpp>

#include <cstdint>

#include <fmt/format.h>

#include <roachorm/orm/core/error.hpp>
#include <roachorm/orm/core/value_text.hpp>

namespace orm::sql {
namespace {

class StatementBuilder {
public:
    // Writes into `text` and `values`: a statement's own, or those of the statement a subquery is part of.
    StatementBuilder(const dialect::Dialect& dialect, const TableInfo& table, ColumnNaming naming, std::string& text,
                     std::vector<TextValue>& values)
        : dialect_(dialect), table_(table), naming_(naming), text_(text), values_(values) {}
    StatementBuilder(const dialect::Dialect& dialect, const TableInfo& table, const QueryClauses& clauses,
                     Statement& statement)
        : StatementBuilder(dialect, table, clauses.joins.empty() ? ColumnNaming::bare : ColumnNaming::qualified,
                           statement.text, statement.values) {}

    StatementBuilder& text(std::string_view text) {
        text_ += text;
        return *this;
    }
    StatementBuilder& fragment(const Fragment& fragment) {
        render(fragment, dialect_, naming_, text_, values_);
        return *this;
    }
    StatementBuilder& column(std::size_t index) { return fragment(Fragment::column(table_, index)); }
    StatementBuilder& table() { return text(dialect_.quote(table_.name)); }
    StatementBuilder& value(std::int64_t value) { return fragment(Fragment::value(text::format_int(value))); }

    // "SELECT [DISTINCT] what": the projection, or every column of the table and then of each joined table.
    StatementBuilder& select_list(const QueryClauses& clauses) {
        text(clauses.distinct ? "SELECT DISTINCT " : "SELECT ");
        if (!clauses.projection.empty()) {
            return list(clauses.projection);
        }
        all_columns(table_);
        for (const Join& join : clauses.joins) {
            text(", ").all_columns(*join.table);
        }
        return *this;
    }

    StatementBuilder& from(const QueryClauses& clauses) {
        text(" FROM ").table();
        for (const Join& join : clauses.joins) {
            text(join.kind == JoinKind::inner ? " INNER JOIN " : " LEFT JOIN ").text(dialect_.quote(join.table->name));
            text(" ON ").fragment(Fragment::condition(join.on));
        }
        return *this;
    }

    StatementBuilder& where(const QueryClauses& clauses) { return conditions(" WHERE ", clauses.filters); }

    // FROM ... WHERE ... GROUP BY ... HAVING ...: the rows a SELECT reads, before ordering.
    StatementBuilder& source(const QueryClauses& clauses) {
        from(clauses).where(clauses);
        if (!clauses.group_by.empty()) {
            text(" GROUP BY ").list(clauses.group_by);
        }
        return conditions(" HAVING ", clauses.having);
    }

    StatementBuilder& order_limit_lock(const QueryClauses& clauses) {
        for (std::size_t i = 0; i < clauses.order.size(); ++i) {
            text(i == 0 ? " ORDER BY " : ", ").fragment(clauses.order[i].expression);
            text(clauses.order[i].direction == Direction::ascending ? " ASC" : " DESC");
        }
        if (clauses.limit) {
            text(" LIMIT ").value(*clauses.limit);
        }
        if (clauses.offset) {
            text(" OFFSET ").value(*clauses.offset);
        }
        if (clauses.for_update) {
            text(dialect_.row_lock());
        }
        return *this;
    }

    // Every key column, in key order: what a bulk write returns to find the rows' tracked objects.
    StatementBuilder& key_columns() {
        for (std::size_t i = 0; i < table_.key_columns.size(); ++i) {
            text(i == 0 ? "" : ", ").column(table_.key_columns[i]);
        }
        return *this;
    }

private:
    StatementBuilder& list(const std::vector<Fragment>& fragments) {
        for (std::size_t i = 0; i < fragments.size(); ++i) {
            text(i == 0 ? "" : ", ").fragment(fragments[i]);
        }
        return *this;
    }

    StatementBuilder& all_columns(const TableInfo& table) {
        for (std::size_t i = 0; i < table.columns.size(); ++i) {
            text(i == 0 ? "" : ", ").fragment(Fragment::column(table, i));
        }
        return *this;
    }

    // Conditions ANDed after `keyword`, each parenthesized when there are several, as OR binds more loosely than AND.
    StatementBuilder& conditions(std::string_view keyword, const std::vector<Fragment>& conditions) {
        const bool parenthesize = conditions.size() > 1;
        for (std::size_t i = 0; i < conditions.size(); ++i) {
            text(i == 0 ? keyword : " AND ").text(parenthesize ? "(" : "");
            fragment(Fragment::condition(conditions[i])).text(parenthesize ? ")" : "");
        }
        return *this;
    }

    const dialect::Dialect& dialect_;
    const TableInfo& table_;
    ColumnNaming naming_;
    std::string& text_;
    std::vector<TextValue>& values_;
};

bool shapes_rows(const QueryClauses& clauses) {
    return !clauses.order.empty() || clauses.limit || clauses.offset || clauses.for_update;
}

// A query whose rows are not simply its table's (or its joins') rows: counting it counts the rows it returns. A
// projection counts that way too, as its values (a subquery's) are bound and must appear in the text.
bool shapes_result(const QueryClauses& clauses) {
    return shapes_rows(clauses) || clauses.distinct || !clauses.group_by.empty() || !clauses.having.empty() ||
           !clauses.projection.empty();
}

// UPDATE and DELETE take none of a SELECT's other clauses on PostgreSQL: refuse rather than ignore them.
void require_plain_filters(const TableInfo& table, const QueryClauses& clauses, std::string_view operation) {
    if (shapes_rows(clauses)) {
        throw Error(
            fmt::format("Query<{}>::{}: order_by, limit, offset and for_update do not apply to a bulk {}; "
                        "filter the rows instead (e.g. on their keys)",
                        table.name, operation, operation));
    }
    if (!clauses.joins.empty() || !clauses.projection.empty() || clauses.distinct || !clauses.group_by.empty() ||
        !clauses.having.empty()) {
        throw Error(
            fmt::format("Query<{}>::{}: a bulk {} applies to a query of one model without joins, select, "
                        "distinct or group_by; filter on a subquery of the other model instead",
                        table.name, operation, operation));
    }
}

// Tags of the signature's entries. A number follows as a varint; text as its length and then its bytes, so no two
// different shapes can spell the same signature.
enum SignatureTag : char {
    text_part = 't',
    column_part = 'c',
    list_part = 'a',
    typed_value_part = 'k',
    known_type_value_part = 'w',
    integer_division_part = 'd',
    temporal_operator_part = 'm',
    transaction_time_part = 'n',
    case_insensitive_like_part = 'i',
    bool_column_test_part = 'b',
    value_part = 'v',
    join = 'j',
    projection = 'p',
    filter = 'f',
    group = 'g',
    having = 'h',
    order = 'o',
    subquery_part = 's'
};

void put_number(std::string& signature, std::size_t number) {
    while (number >= 0x80) {
        signature += static_cast<char>((number & 0x7F) | 0x80);
        number >>= 7;
    }
    signature += static_cast<char>(number);
}

void put_clauses(std::string& signature, const QueryClauses& clauses);

void put_fragment(std::string& signature, const Fragment& fragment) {
    for (const FragmentPart& part : fragment.parts()) {
        if (const auto* text = std::get_if<std::string_view>(&part)) {
            signature += text_part;
            put_number(signature, text->size());
            signature += *text;
        } else if (const auto* column = std::get_if<ColumnRef>(&part)) {
            // A model's table description is one object for the program's life: its address names the table.
            signature += column_part;
            put_number(signature, reinterpret_cast<std::uintptr_t>(column->table));
            put_number(signature, column->index);
        } else if (const auto* list = std::get_if<ValueList>(&part)) {
            // One parameter whatever the number of elements (Dialect::list_parameter).
            signature += list_part;
            put_number(signature, static_cast<std::size_t>(list->element));
        } else if (const auto* select = std::get_if<std::shared_ptr<const Subselect>>(&part)) {
            // Prefixed by its length: the clauses' entries run to the end of a signature, so a nested one is bounded.
            std::string nested;
            put_number(nested, reinterpret_cast<std::uintptr_t>((*select)->table));
            put_clauses(nested, (*select)->clauses);
            signature += subquery_part;
            put_number(signature, nested.size());
            signature += nested;
        } else if (std::holds_alternative<IntegerDivision>(part)) {
            signature += integer_division_part;
        } else if (const auto* typed = std::get_if<TypedValue>(&part)) {
            signature += typed_value_part;
            put_number(signature, static_cast<std::size_t>(typed->type));
        } else if (const auto* known = std::get_if<KnownTypeValue>(&part)) {
            signature += known_type_value_part;
            put_number(signature, static_cast<std::size_t>(known->type));
        } else if (const auto* temporal = std::get_if<TemporalOperator>(&part)) {
            signature += temporal_operator_part;
            put_number(signature, temporal->op.size());
            signature += temporal->op;
        } else if (std::holds_alternative<TransactionTime>(part)) {
            signature += transaction_time_part;
        } else if (std::holds_alternative<CaseInsensitiveLike>(part)) {
            signature += case_insensitive_like_part;
        } else if (std::holds_alternative<BoolColumnTest>(part)) {
            signature += bool_column_test_part;
        } else {
            signature += value_part;
        }
    }
}

void append_values(const dialect::Dialect& dialect, const QueryClauses& clauses, std::vector<TextValue>& values);

void append_values(const dialect::Dialect& dialect, const Fragment& fragment, std::vector<TextValue>& values) {
    for (const FragmentPart& part : fragment.parts()) {
        if (const auto* value = std::get_if<TextValue>(&part)) {
            values.push_back(*value);
        } else if (const auto* typed = std::get_if<TypedValue>(&part)) {
            values.push_back(typed->value);
        } else if (const auto* known = std::get_if<KnownTypeValue>(&part)) {
            values.push_back(known->value);
        } else if (const auto* list = std::get_if<ValueList>(&part)) {
            values.push_back(dialect.list_parameter(list->elements));
        } else if (const auto* select = std::get_if<std::shared_ptr<const Subselect>>(&part)) {
            append_values(dialect, (*select)->clauses, values);
        }
    }
}

void put_fragments(std::string& signature, SignatureTag tag, const std::vector<Fragment>& fragments) {
    for (const Fragment& fragment : fragments) {
        signature += tag;
        put_fragment(signature, fragment);
    }
}

void append_values(const dialect::Dialect& dialect, const std::vector<Fragment>& fragments,
                   std::vector<TextValue>& values) {
    for (const Fragment& fragment : fragments) {
        append_values(dialect, fragment, values);
    }
}

void put_clauses(std::string& signature, const QueryClauses& clauses) {
    signature += clauses.limit ? 'L' : '-';
    signature += clauses.offset ? 'O' : '-';
    signature += clauses.for_update ? 'U' : '-';
    signature += clauses.distinct ? 'D' : '-';
    for (const Join& joined : clauses.joins) {
        signature += join;
        signature += joined.kind == JoinKind::inner ? 'I' : 'L';
        put_number(signature, reinterpret_cast<std::uintptr_t>(joined.table));
        put_fragment(signature, joined.on);
    }
    put_fragments(signature, projection, clauses.projection);
    put_fragments(signature, filter, clauses.filters);
    put_fragments(signature, group, clauses.group_by);
    put_fragments(signature, having, clauses.having);
    for (const Ordering& ordering : clauses.order) {
        signature += order;
        signature += ordering.direction == Direction::ascending ? 'A' : 'D';
        put_fragment(signature, ordering.expression);
    }
}

// The order select() binds them in, which is the order of the clauses in the text (a subquery's too).
void append_values(const dialect::Dialect& dialect, const QueryClauses& clauses, std::vector<TextValue>& values) {
    append_values(dialect, clauses.projection, values);
    for (const Join& join : clauses.joins) {
        append_values(dialect, join.on, values);
    }
    append_values(dialect, clauses.filters, values);
    append_values(dialect, clauses.group_by, values);
    append_values(dialect, clauses.having, values);
    for (const Ordering& ordering : clauses.order) {
        append_values(dialect, ordering.expression, values);
    }
    if (clauses.limit) {
        values.emplace_back(text::format_int(*clauses.limit));
    }
    if (clauses.offset) {
        values.emplace_back(text::format_int(*clauses.offset));
    }
}

}  // namespace

std::string select_signature(const QueryClauses& clauses, SelectShape shape) {
    std::string signature;
    signature += static_cast<char>('0' + static_cast<int>(shape));
    put_clauses(signature, clauses);
    return signature;
}

std::vector<TextValue> select_values(const dialect::Dialect& dialect, const QueryClauses& clauses) {
    std::vector<TextValue> values;
    append_values(dialect, clauses, values);
    return values;
}

Statement select(const dialect::Dialect& dialect, const TableInfo& table, const QueryClauses& clauses,
                 SelectShape shape) {
    Statement statement;
    StatementBuilder builder(dialect, table, clauses, statement);
    switch (shape) {
        case SelectShape::rows:
            builder.select_list(clauses).source(clauses).order_limit_lock(clauses);
            break;
        case SelectShape::count:
            if (shapes_result(clauses)) {  // count what the query would return: count its rows
                builder.text("SELECT count(*) FROM (");
                if (clauses.projection.empty() && !clauses.distinct) {
                    builder.text("SELECT 1").source(clauses);
                } else {
                    builder.select_list(clauses).source(clauses);
                }
                builder.order_limit_lock(clauses).text(") AS counted");
            } else {
                builder.text("SELECT count(*)").source(clauses);
            }
            break;
        case SelectShape::exists: {
            const dialect::Enclosure exists = dialect.exists_result();
            builder.text(exists.before).text("(SELECT 1").source(clauses).order_limit_lock(clauses).text(")");
            builder.text(exists.after);
            break;
        }
    }
    return statement;
}

void render_subselect(const Subselect& select, const dialect::Dialect& dialect, std::string& sql,
                      std::vector<TextValue>& values) {
    StatementBuilder(dialect, *select.table, ColumnNaming::qualified, sql, values)
        .select_list(select.clauses)
        .source(select.clauses)
        .order_limit_lock(select.clauses);
}

Statement update(const dialect::Dialect& dialect, const TableInfo& table, const QueryClauses& clauses,
                 std::span<const Assignment> assignments, bool returning) {
    require_plain_filters(table, clauses, "update");
    if (assignments.empty()) {
        throw Error(fmt::format("Query<{}>::update needs at least one orm::set(&Model::member, value)", table.name));
    }
    Statement statement;
    StatementBuilder builder(dialect, table, clauses, statement);
    builder.text("UPDATE ").table().text(" SET ");
    for (std::size_t i = 0; i < assignments.size(); ++i) {
        builder.text(i == 0 ? "" : ", ").column(assignments[i].column).text(" = ").fragment(assignments[i].value);
    }
    builder.where(clauses);
    if (returning) {
        builder.text(" RETURNING ").key_columns();
        for (const Assignment& assignment : assignments) {
            builder.text(", ").column(assignment.column);
        }
    }
    return statement;
}

Statement remove(const dialect::Dialect& dialect, const TableInfo& table, const QueryClauses& clauses, bool returning) {
    require_plain_filters(table, clauses, "remove");
    Statement statement;
    StatementBuilder builder(dialect, table, clauses, statement);
    builder.text("DELETE FROM ").table().where(clauses);
    if (returning) {
        builder.text(" RETURNING ").key_columns();
    }
    return statement;
}

}  // namespace orm::sql
