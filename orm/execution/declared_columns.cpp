// Looks a violated constraint up among the declarations of the model whose statement failed.
#include <roachorm/orm/execution/declared_columns.hpp>

#include <string>
#include <vector>

namespace orm {
namespace {

std::vector<std::string> column_names(const TableInfo& table, std::span<const std::size_t> columns) {
    std::vector<std::string> names;
    for (std::size_t column : columns) {
        names.emplace_back(table.columns[column].name);
    }
    return names;
}

std::vector<std::string> declared_columns(const TableInfo& table, std::string_view constraint) {
    if (table.key_name.view() == constraint) {
        return column_names(table, table.key_columns.view());
    }
    for (const UniqueInfo& unique : table.uniques) {
        if (unique.name.view() == constraint) {
            return column_names(table, unique.columns.view());
        }
    }
    for (const ForeignKeyInfo& foreign_key : table.foreign_keys) {
        if (foreign_key.name.view() == constraint) {
            return column_names(table, foreign_key.columns.view());
        }
    }
    for (const IndexInfo& index : table.indexes) {
        if (index.unique && index.name.view() == constraint) {
            std::vector<std::string> names;
            for (const IndexColumn& column : index.columns) {
                names.emplace_back(table.columns[column.column].name);
            }
            return names;
        }
    }
    return {};
}

}  // namespace

void name_declared_columns(const TableInfo& table, ConstraintViolation& violation) {
    // CockroachDB names no table (docs/errors.md): the constraint name, unique within a table, is looked up in the
    // failed statement's own model then, which is where its name came from.
    const bool other_table = !violation.table().empty() && violation.table() != table.name;
    if (!violation.columns().empty() || violation.constraint().empty() || other_table) {
        return;
    }
    if (std::vector<std::string> columns = declared_columns(table, violation.constraint()); !columns.empty()) {
        violation.name_columns(std::move(columns));
    }
}

}  // namespace orm
