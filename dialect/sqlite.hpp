// The SQLite dialect (sqlite:///path and sqlite::memory: URLs): rowid serial keys, client-generated uuid keys, ?NNN
// parameters, BEGIN IMMEDIATE for writers, and refusals of what SQLite has no equivalent for.
#pragma once

#include <roachorm/dialect/dialect.hpp>

namespace orm::dialect {

class SQLite final : public Dialect {
public:
    DialectKind kind() const noexcept override { return DialectKind::sqlite; }
    std::string_view name() const noexcept override { return "sqlite"; }
    std::string_view type_name(SqlType type) const noexcept override;
    std::string_view integer_division() const noexcept override;
    std::string column_definition(const ColumnInfo& column, KeyKind key_kind) const override;
    std::string upsert(const TableInfo& table, std::span<const std::size_t> written, std::string_view columns,
                       std::string_view values) const override;
    std::string reserve_serial_keys(const TableInfo& table) const override;
    bool reserves_key_ranges() const noexcept override { return true; }
    bool has_covering_columns() const noexcept override { return false; }
    std::string covering_columns(const TableInfo& table, const IndexInfo& index,
                                 std::string_view columns) const override;
    std::string hash_sharding(const TableInfo& table, const IndexInfo& index) const override;
    std::vector<std::string> begin_statements(const TransactionMode& mode) const override;
    std::vector<std::string> commit_statements(const TransactionMode& mode) const override;
    std::string restart_transaction(const TransactionMode& mode) const override;
    std::string rollback_transaction() const override;
    std::string reset_connection() const override;
    std::size_t max_parameters() const noexcept override;
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

    std::string placeholder(std::size_t position) const override;
    void check_operand(const TextValue& value, SqlType type) const override;
    std::string typed_placeholder(std::size_t position, SqlType type) const override;
    std::string known_type_placeholder(std::size_t position, SqlType type) const override;
    std::string_view temporal_operator(std::string_view op) const override;
    std::string_view transaction_time() const override;
    std::string server_default(std::string_view expression) const override;
    TextValue list_parameter(std::span<const TextValue> elements) const override;
    std::string in_list(std::size_t position, SqlType element) const override;
    std::string_view bool_column_test() const override;
    std::string_view case_insensitive_like() const override;
    std::string_view row_lock() const override;
    Enclosure exists_result() const override;
    std::string_view current_schema_query() const override;

    // What columns() reports as the default of a serial key that is the table's rowid: SQLite assigns it.
    static constexpr std::string_view rowid_default = "rowid";
};

}  // namespace orm::dialect
