// The CockroachDB dialect: unique_rowid() keys and CockroachDB's type names (INT8, FLOAT8, STRING, BYTES).
// Used for cockroachdb:// URLs; libpq still speaks to the server, which is PostgreSQL-wire compatible.
#pragma once

#include <dialect/dialect.hpp>

namespace orm::dialect {

class CockroachDB final : public Dialect {
public:
    DialectKind kind() const noexcept override { return DialectKind::cockroachdb; }
    std::string_view name() const noexcept override { return "cockroachdb"; }
    std::string_view type_name(SqlType type) const noexcept override;
    std::string column_definition(const ColumnInfo& column, KeyKind key_kind) const override;
    std::string upsert(const TableInfo& table, std::string_view columns, std::string_view values) const override;
    std::string begin_transaction(bool read_only) const override;
    std::string commit_transaction() const override;
    std::string restart_transaction() const override;
    bool restart_keeps_transaction() const noexcept override;
    bool is_retryable(std::string_view sqlstate) const noexcept override;
    bool commit_failure_is_ambiguous(std::string_view sqlstate) const noexcept override;
};

}  // namespace orm::dialect
