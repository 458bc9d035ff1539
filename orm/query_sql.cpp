// Composes query statements clause by clause in standard SQL that both servers accept.
#include <orm/query_sql.hpp>

#include <fmt/format.h>

#include <orm/error.hpp>
#include <orm/value_text.hpp>

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

}  // namespace

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
        builder.text(" RETURNING ").column(table.key_index);
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
        builder.text(" RETURNING ").column(table.key_index);
    }
    return builder.finish();
}

}  // namespace orm::sql
