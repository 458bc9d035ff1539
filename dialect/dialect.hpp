// The interface every SQL dialect implements: how it spells types, keys and identifiers.
// Only dialect/ spells SQL that differs between servers; orm/ composes standard SQL around these pieces.
#pragma once

#include <string>
#include <string_view>

#include <orm/model.hpp>
#include <orm/url.hpp>

namespace orm::dialect {

class Dialect {
public:
    virtual ~Dialect() = default;

    virtual DialectKind kind() const noexcept = 0;
    virtual std::string_view name() const noexcept = 0;

    // The type of a column as CREATE TABLE spells it.
    virtual std::string_view type_name(SqlType type) const noexcept = 0;
    // "<type> NOT NULL DEFAULT ..." for a column (without its name); the key's default comes from its KeyKind.
    virtual std::string column_definition(const ColumnInfo& column, KeyKind key_kind) const = 0;
    // The value INSERT writes for a uuid key bound to `placeholder`: a NULL (nil uuid) lets the server generate it,
    // so one statement text serves rows with and without a key.
    std::string uuid_key_value(std::string_view placeholder) const;

    // The transaction protocol. Each string is one simple-query message (one round trip).
    virtual std::string begin_transaction(bool read_only) const = 0;
    virtual std::string commit_transaction() const = 0;
    // After a retryable error: make the transaction ready for the next attempt. When restart_keeps_transaction()
    // is false the transaction is over and begin_transaction() starts the next attempt.
    virtual std::string restart_transaction() const = 0;
    virtual bool restart_keeps_transaction() const noexcept = 0;
    std::string rollback_transaction() const { return "ROLLBACK"; }

    // Whether the server asks the client to run the whole transaction again.
    virtual bool is_retryable(std::string_view sqlstate) const noexcept = 0;
    // An INSERT of `values` ("($1, $2), ($3, $4)") into `columns` ("id, balance") that overwrites the row with the
    // same primary key when there is one.
    virtual std::string upsert(const TableInfo& table, std::string_view columns, std::string_view values) const = 0;

    // Whether a commit that failed with `sqlstate` may nonetheless have been applied.
    virtual bool commit_failure_is_ambiguous(std::string_view sqlstate) const noexcept = 0;

    // "$1", "$2", ...: both servers number their parameters.
    std::string placeholder(std::size_t position) const;
    // The identifier as it must appear in SQL: bare when it is lower-case and reserved by neither server,
    // else double-quoted (quoting the union of both servers' reserved words keeps one rule for both).
    std::string quote(std::string_view identifier) const;
};

const Dialect& postgresql();
const Dialect& cockroachdb();
const Dialect& for_kind(DialectKind kind);

}  // namespace orm::dialect
