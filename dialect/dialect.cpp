// The parts of the dialect interface that the dialects share: identifier quoting, lookup by kind, and the PostgreSQL
// spellings of parameters, casts and lists that CockroachDB shares and SQLite overrides.
#include <roachorm/dialect/dialect.hpp>

#include <algorithm>
#include <cctype>
#include <iterator>

#include <fmt/format.h>

#include <roachorm/dialect/cockroachdb.hpp>
#include <roachorm/dialect/postgresql.hpp>
#include <roachorm/dialect/sqlite.hpp>

namespace orm::dialect {
namespace {

// PostgreSQL 15's reserved key words (and those that cannot name a type or function), plus CockroachDB's own
// (family, index, nothing). Sorted, for binary search.
constexpr std::string_view reserved_words[] = {
    "all",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "asymmetric",
    "authorization",
    "between",
    "bigint",
    "binary",
    "bit",
    "boolean",
    "both",
    "case",
    "cast",
    "char",
    "character",
    "check",
    "coalesce",
    "collate",
    "collation",
    "column",
    "concurrently",
    "constraint",
    "create",
    "cross",
    "current_catalog",
    "current_date",
    "current_role",
    "current_schema",
    "current_time",
    "current_timestamp",
    "current_user",
    "dec",
    "decimal",
    "default",
    "deferrable",
    "desc",
    "distinct",
    "do",
    "else",
    "end",
    "except",
    "exists",
    "extract",
    "false",
    "family",
    "fetch",
    "float",
    "for",
    "foreign",
    "freeze",
    "from",
    "full",
    "grant",
    "greatest",
    "group",
    "grouping",
    "having",
    "ilike",
    "in",
    "index",
    "initially",
    "inner",
    "inout",
    "int",
    "integer",
    "intersect",
    "interval",
    "into",
    "is",
    "isnull",
    "join",
    "lateral",
    "leading",
    "least",
    "left",
    "like",
    "limit",
    "localtime",
    "localtimestamp",
    "national",
    "natural",
    "nchar",
    "none",
    "normalize",
    "not",
    "nothing",
    "notnull",
    "null",
    "nullif",
    "numeric",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "out",
    "outer",
    "overlaps",
    "overlay",
    "placing",
    "position",
    "precision",
    "primary",
    "real",
    "references",
    "returning",
    "right",
    "row",
    "select",
    "session_user",
    "setof",
    "similar",
    "smallint",
    "some",
    "substring",
    "symmetric",
    "system_user",
    "table",
    "tablesample",
    "then",
    "time",
    "timestamp",
    "to",
    "trailing",
    "treat",
    "trim",
    "true",
    "union",
    "unique",
    "user",
    "using",
    "values",
    "varchar",
    "variadic",
    "verbose",
    "when",
    "where",
    "window",
    "with",
};

bool is_reserved(std::string_view word) {
    return std::binary_search(std::begin(reserved_words), std::end(reserved_words), word);
}

}  // namespace

std::string Dialect::begin_transaction(const TransactionMode& mode) const {
    return fmt::format("{}", fmt::join(begin_statements(mode), "; "));
}

std::string Dialect::commit_transaction(const TransactionMode& mode) const {
    return fmt::format("{}", fmt::join(commit_statements(mode), "; "));
}

std::string Dialect::placeholder(std::size_t position) const {
    return fmt::format("${}", position);
}

void Dialect::check_operand(const TextValue&, SqlType) const {}

std::string Dialect::typed_placeholder(std::size_t position, SqlType type) const {
    return fmt::format("{}::{}", placeholder(position), type_name(type));
}

std::string Dialect::known_type_placeholder(std::size_t position, SqlType) const {
    return placeholder(position);
}

std::string_view Dialect::temporal_operator(std::string_view op) const {
    return op;
}

std::string_view Dialect::transaction_time() const {
    return "now()";
}

std::string Dialect::server_default(std::string_view expression) const {
    return std::string(expression);
}

// An array literal ("{"a","b"}"), every element quoted, so that its text never matters to the array's syntax.
TextValue Dialect::list_parameter(std::span<const TextValue> elements) const {
    std::string literal = "{";
    for (const TextValue& element : elements) {
        literal += literal.size() == 1 ? "\"" : ",\"";
        for (const char c : element.value_or("")) {
            if (c == '"' || c == '\\') {
                literal += '\\';
            }
            literal += c;
        }
        literal += '"';
    }
    literal += '}';
    return literal;
}

std::string Dialect::in_list(std::size_t position, SqlType element) const {
    return fmt::format(" = ANY({}::{}[])", placeholder(position), type_name(element));
}

std::string_view Dialect::bool_column_test() const {
    return "";
}

std::string_view Dialect::case_insensitive_like() const {
    return " ILIKE ";
}

std::string_view Dialect::row_lock() const {
    return " FOR UPDATE";
}

Enclosure Dialect::exists_result() const {
    return {"SELECT EXISTS ", ""};
}

std::string_view Dialect::current_schema_query() const {
    return "SELECT current_schema()";
}

std::vector<std::string> Dialect::table_names(const ResultSet& result, std::string_view) const {
    const std::size_t name = result.column("table_name");
    std::vector<std::string> names;
    for (const auto& row : result.rows) {
        names.push_back(row[name].value_or(""));
    }
    std::ranges::sort(names);
    return names;
}

std::string Dialect::quote(std::string_view identifier) const {
    const bool plain = !identifier.empty() &&
                       (std::islower(static_cast<unsigned char>(identifier[0])) || identifier[0] == '_') &&
                       std::all_of(identifier.begin(), identifier.end(), [](char c) {
                           return std::islower(static_cast<unsigned char>(c)) ||
                                  std::isdigit(static_cast<unsigned char>(c)) || c == '_';
                       });
    if (plain && !is_reserved(identifier)) {
        return std::string(identifier);
    }
    std::string quoted = "\"";
    for (char c : identifier) {
        quoted += c;
        if (c == '"') {
            quoted += '"';
        }
    }
    quoted += '"';
    return quoted;
}

// ON CONFLICT on the key overwrites every other written column with the row offered (EXCLUDED); a column not written
// keeps its value, as in CockroachDB's UPSERT with target columns.
std::string Dialect::insert_on_conflict(const TableInfo& table, std::span<const std::size_t> written,
                                        std::string_view columns, std::string_view values) const {
    std::string assignments;
    for (std::size_t index : written) {
        const ColumnInfo& column = table.columns[index];
        if (!column.primary_key) {
            assignments += fmt::format("{}{} = EXCLUDED.{}", assignments.empty() ? "" : ", ", quote(column.name),
                                       quote(column.name));
        }
    }
    // Columns left to the server come back with RETURNING, which returns no row for DO NOTHING: a row that writes
    // nothing but its key then "updates" its key to itself, so that it is returned.
    if (assignments.empty() && written.size() < table.columns.size()) {
        assignments = fmt::format("{} = EXCLUDED.{}", quote(table.key().name), quote(table.key().name));
    }
    // The conflict target names the primary key's columns, so that it infers the primary key's own index.
    std::string key_columns;
    for (const std::size_t column : table.key_columns) {
        key_columns += fmt::format("{}{}", key_columns.empty() ? "" : ", ", quote(table.columns[column].name));
    }
    return fmt::format("INSERT INTO {} ({}) VALUES {} ON CONFLICT ({}) {}", quote(table.name), columns, values,
                       key_columns, assignments.empty() ? "DO NOTHING" : "DO UPDATE SET " + assignments);
}

const Dialect& postgresql() {
    static const PostgreSQL instance;
    return instance;
}

const Dialect& cockroachdb() {
    static const CockroachDB instance;
    return instance;
}

const Dialect& sqlite() {
    static const SQLite instance;
    return instance;
}

const Dialect& for_kind(DialectKind kind) {
    switch (kind) {
        case DialectKind::cockroachdb:
            return cockroachdb();
        case DialectKind::sqlite:
            return sqlite();
        case DialectKind::postgresql:
            break;
    }
    return postgresql();
}

}  // namespace orm::dialect
