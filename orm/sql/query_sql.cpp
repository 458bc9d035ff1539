// Composes query statements clause by clause in standard SQL that both servers accept.
#include <roachorm/orm/sql/query_sql.hpp>

#include <fmt/format.h>

#include <roachorm/orm/core/error.hpp>
#include <roachorm/orm/core/value_text.hpp>

namespace orm::sql {
namespace {

class StatementBuilder {
public:
    StatementBuilder(const dialect::Dialect& dialect, const TableInfo& table) : dialect_(dialect), table_(table) {}

    StatementBuilder& text(std::string_view text) {
        statement_.text += text;
        return *this;
    }
    StatementBuilder& fragment(const Fragment& fragment) {
        render(fragment, dialect_, table_, statement_.text, statement_.values);
        return *this;
    }
    StatementBuilder& column(std::size_t index) { return text(dialect_.quote(table_.columns[index].name)); }
    StatementBuilder& table() { return text(dialect_.quote(table_.name)); }
    StatementBuilder& value(std::int64_t value) { return fragment(Fragment::value(text::format_int(value))); }

    StatementBuilder& where(const QueryClauses& clauses) {
        for (std::size_t i = 0; i < clauses.filters.size(); ++i) {
            text(i == 0 ? " WHERE " : " AND ");
            // Parenthesized when there are several, as OR binds more loosely than AND.
            const bool parenthesize = clauses.filters.size() > 1;
            text(parenthesize ? "(" : "").fragment(clauses.filters[i]).text(parenthesize ? ")" : "");
        }
        return *this;
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
            text(" FOR UPDATE");
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

    StatementBuilder& all_columns() {
        for (std::size_t i = 0; i < table_.columns.size(); ++i) {
            text(i == 0 ? "" : ", ").column(i);
        }
        return *this;
    }

    Statement finish() { return std::move(statement_); }

private:
    const dialect::Dialect& dialect_;
    const TableInfo& table_;
    Statement statement_;
};

bool shapes_rows(const QueryClauses& clauses) {
    return !clauses.order.empty() || clauses.limit || clauses.offset || clauses.for_update;
}

// UPDATE and DELETE take no ORDER BY, LIMIT or FOR UPDATE on PostgreSQL: refuse rather than ignore them.
void require_plain_filters(const TableInfo& table, const QueryClauses& clauses, std::string_view operation) {
    if (shapes_rows(clauses)) {
        throw Error(
            fmt::format("Query<{}>::{}: order_by, limit, offset and for_update do not apply to a bulk {}; "
                        "filter the rows instead (e.g. on their keys)",
                        table.name, operation, operation));
    }
}

// Tags of the signature's entries. A number follows as a varint; text as its length and then its bytes, so no two
// different shapes can spell the same signature.
enum SignatureTag : char {
    text_part = 't',
    column_part = 'c',
    cast_part = 'a',
    value_part = 'v',
    filter = 'f',
    order = 'o'
};

void put_number(std::string& signature, std::size_t number) {
    while (number >= 0x80) {
        signature += static_cast<char>((number & 0x7F) | 0x80);
        number >>= 7;
    }
    signature += static_cast<char>(number);
}

void put_fragment(std::string& signature, const Fragment& fragment) {
    for (const FragmentPart& part : fragment.parts()) {
        if (const auto* text = std::get_if<std::string_view>(&part)) {
            signature += text_part;
            put_number(signature, text->size());
            signature += *text;
        } else if (const auto* column = std::get_if<ColumnRef>(&part)) {
            signature += column_part;
            put_number(signature, column->index);
        } else if (const auto* cast = std::get_if<ArrayCast>(&part)) {
            signature += cast_part;
            put_number(signature, static_cast<std::size_t>(cast->element));
        } else {
            signature += value_part;
        }
    }
}

void append_values(const Fragment& fragment, std::vector<TextValue>& values) {
    for (const FragmentPart& part : fragment.parts()) {
        if (const auto* value = std::get_if<TextValue>(&part)) {
            values.push_back(*value);
        }
    }
}

}  // namespace

std::string select_signature(const QueryClauses& clauses, SelectShape shape) {
    std::string signature;
    signature += static_cast<char>('0' + static_cast<int>(shape));
    signature += clauses.limit ? 'L' : '-';
    signature += clauses.offset ? 'O' : '-';
    signature += clauses.for_update ? 'U' : '-';
    for (const Fragment& condition : clauses.filters) {
        signature += filter;
        put_fragment(signature, condition);
    }
    for (const Ordering& ordering : clauses.order) {
        signature += order;
        signature += ordering.direction == Direction::ascending ? 'A' : 'D';
        put_fragment(signature, ordering.expression);
    }
    return signature;
}

std::vector<TextValue> select_values(const QueryClauses& clauses) {
    // The order select() binds them in: filters, then orderings, then LIMIT and OFFSET.
    std::vector<TextValue> values;
    for (const Fragment& condition : clauses.filters) {
        append_values(condition, values);
    }
    for (const Ordering& ordering : clauses.order) {
        append_values(ordering.expression, values);
    }
    if (clauses.limit) {
        values.emplace_back(text::format_int(*clauses.limit));
    }
    if (clauses.offset) {
        values.emplace_back(text::format_int(*clauses.offset));
    }
    return values;
}

Statement select(const dialect::Dialect& dialect, const TableInfo& table, const QueryClauses& clauses,
                 SelectShape shape) {
    StatementBuilder builder(dialect, table);
    switch (shape) {
        case SelectShape::rows:
            builder.text("SELECT ").all_columns().text(" FROM ").table().where(clauses).order_limit_lock(clauses);
            break;
        case SelectShape::count:
            if (shapes_rows(clauses)) {  // count what the query would return: count its rows
                builder.text("SELECT count(*) FROM (SELECT 1 FROM ").table().where(clauses).order_limit_lock(clauses);
                builder.text(") AS counted");
            } else {
                builder.text("SELECT count(*) FROM ").table().where(clauses);
            }
            break;
        case SelectShape::exists:
            builder.text("SELECT EXISTS (SELECT 1 FROM ").table().where(clauses).order_limit_lock(clauses).text(")");
            break;
    }
    return builder.finish();
}

Statement update(const dialect::Dialect& dialect, const TableInfo& table, const QueryClauses& clauses,
                 std::span<const Assignment> assignments, bool returning) {
    require_plain_filters(table, clauses, "update");
    if (assignments.empty()) {
        throw Error(fmt::format("Query<{}>::update needs at least one orm::set(&Model::member, value)", table.name));
    }
    StatementBuilder builder(dialect, table);
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
    return builder.finish();
}

Statement remove(const dialect::Dialect& dialect, const TableInfo& table, const QueryClauses& clauses, bool returning) {
    require_plain_filters(table, clauses, "remove");
    StatementBuilder builder(dialect, table);
    builder.text("DELETE FROM ").table().where(clauses);
    if (returning) {
        builder.text(" RETURNING ").key_columns();
    }
    return builder.finish();
}

}  // namespace orm::sql
