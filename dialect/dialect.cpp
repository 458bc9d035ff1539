// The parts of the dialect interface that both servers share: placeholders, identifier quoting, lookup by kind.
#include <roachorm/dialect/dialect.hpp>

#include <algorithm>
#include <cctype>
#include <iterator>

#include <fmt/format.h>

#include <roachorm/dialect/cockroachdb.hpp>
#include <roachorm/dialect/postgresql.hpp>

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

const Dialect& postgresql() {
    static const PostgreSQL instance;
    return instance;
}

const Dialect& cockroachdb() {
    static const CockroachDB instance;
    return instance;
}

const Dialect& for_kind(DialectKind kind) {
    return kind == DialectKind::cockroachdb ? cockroachdb() : postgresql();
}

}  // namespace orm::dialect
