// The PostgreSQL dialect: BIGSERIAL keys, standard type names (BIGINT, DOUBLE PRECISION, TEXT, BYTEA).
// Used for postgresql:// and postgres:// URLs.
#pragma once

#include <roachorm/dialect/dialect.hpp>

namespace orm::dialect {

class PostgreSQL final : public Dialect {
public:
    DialectKind kind() const noexcept override { return DialectKind::postgresql; }
    std::string_view name() const noexcept override { return "postgresql"; }
    std::string_view type_name(SqlType type) const noexcept override;
    std::string_view integer_division() const noexcept override;
    std::string column_definition(const ColumnInfo& column, KeyKind key_kind) const override;
    std::string upsert(const TableInfo& table, std::span<const std::size_t> written, std::string_view columns,
                       std::string_view values) const override;
    std::string reserve_serial_keys(const TableInfo& table) const override;
    std::string covering_columns(const TableInfo& table, const IndexInfo& index,
                                 std::string_view columns) const override;
    std::string hash_sharding(const TableInfo& table, const IndexInfo& index) const override;
    std::vector<std::string> begin_statements(const TransactionMode& mode) const override;
    std::vector<std::string> commit_statements(const TransactionMode& mode) const override;
    std::string restart_transaction(const TransactionMode& mode) const override;
    bool restart_keeps_transaction(const TransactionMode& mode) const noexcept override;
    bool is_retryable(std::string_view sqlstate) const noexcept override;
    bool commit_failure_is_ambiguous(std::string_view sqlstate) const noexcept override;
    ReflectionQuery table_names_query(std::string_view schema) const override;
    ReflectionQuery columns_query(std::string_view schema, std::string_view table) const override;
    std::vector<ColumnDescription> columns(const ResultSet& result) const override;
    ReflectionQuery constraints_query(std::string_view schema, std::string_view table) const override;
    ReflectionQuery indexes_query(std::string_view schema, std::string_view table) const override;
    void read_constraints(const ResultSet& constraints, const ResultSet& indexes,
                          TableDescription& table) const override;
    std::string normalize_type(std::string_view server_type) const override;
    std::string_view key_default(KeyKind kind) const noexcept override;
    bool generates_key(KeyKind kind, std::string_view default_expression) const noexcept override;
};

}  // namespace orm::dialect
