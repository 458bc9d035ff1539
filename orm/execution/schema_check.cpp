// Model-versus-live comparison of columns for check_schema (keys, constraints and indexes are in
// schema_check_constraints.cpp). Each sentence names the column, says what the server has and what the model
// expects, and for an extra column whether the model's INSERTs still work.
#include <roachorm/orm/execution/schema_check.hpp>

#include <algorithm>

#include <fmt/format.h>

namespace orm {
namespace {

// orm::decimal carries whatever text the server keeps, so a NUMERIC with a precision (which the model cannot
// spell) still maps; every other type must match exactly.
bool same_type(std::string_view model_type, std::string_view live_type) {
    return model_type == live_type || (model_type == "numeric" && live_type.starts_with("numeric("));
}

std::string_view key_kind_name(KeyKind kind) {
    return kind == KeyKind::serial ? "serial" : "uuid";
}

std::string describe_key_default(const std::optional<std::string>& default_expression) {
    return default_expression ? fmt::format("DEFAULT {}", *default_expression) : std::string("no default");
}

std::string extra_column(const ColumnDescription& column) {
    // INSERTs do not name a column outside the model, so a computed one never breaks them, NOT NULL or not.
    if (column.generation_expression) {
        return fmt::format(
            "extra column \"{}\" {} {} computed by the server (generation_expression: {}), not in the model",
            column.name, column.type, column.nullable ? "(nullable)" : "NOT NULL", *column.generation_expression);
    }
    if (column.nullable) {
        return fmt::format("extra column \"{}\" {} (nullable), not in the model", column.name, column.type);
    }
    if (column.default_expression) {
        return fmt::format("extra column \"{}\" {} NOT NULL DEFAULT {}, not in the model", column.name, column.type,
                           *column.default_expression);
    }
    return fmt::format(
        "extra column \"{}\" {} NOT NULL without a default, not in the model: the model's INSERTs "
        "will fail until it gets a default, becomes nullable or joins the model",
        column.name, column.type);
}

}  // namespace

std::vector<std::string> compare_schema(const TableInfo& model, const std::optional<TableDescription>& live_table,
                                        const dialect::Dialect& dialect) {
    if (!live_table) {
        return {
            fmt::format("table \"{}\" does not exist: create it with db.create_all<...>() for its model", model.name)};
    }
    const std::vector<ColumnDescription>* live = &live_table->columns;
    std::vector<std::string> differences;
    for (const ColumnInfo& column : model.columns) {
        const std::string expected_type = dialect.canonical_type(column.type);
        const auto found = std::ranges::find(*live, column.name, &ColumnDescription::name);
        if (found == live->end()) {
            differences.push_back(fmt::format("column \"{}\" is missing: the model expects {} {}", column.name,
                                              expected_type, column.nullable ? "(nullable)" : "NOT NULL"));
            continue;
        }
        if (found->generation_expression) {
            differences.push_back(
                fmt::format("column \"{}\" is computed by the server (generation_expression: {}); roachorm writes "
                            "every mapped column, so its INSERTs would fail: remove the member or make the column "
                            "ordinary",
                            column.name, *found->generation_expression));
        }
        if (!same_type(expected_type, found->type)) {
            differences.push_back(fmt::format("column \"{}\" has type {}, the model expects {}", column.name,
                                              found->type, expected_type));
        }
        if (column.nullable != found->nullable) {
            differences.push_back(column.nullable
                                      ? fmt::format("column \"{}\" is NOT NULL, the model expects it nullable "
                                                    "(std::optional)",
                                                    column.name)
                                      : fmt::format("column \"{}\" is nullable, the model expects NOT NULL (reading a "
                                                    "NULL into its member would fail)",
                                                    column.name));
        }
        if (column.primary_key && model.key_kind != KeyKind::application &&
            !dialect.generates_key(model.key_kind, found->default_expression.value_or(""))) {
            differences.push_back(fmt::format("key column \"{}\" has {}, the model's {} key needs DEFAULT {}",
                                              column.name, describe_key_default(found->default_expression),
                                              key_kind_name(model.key_kind), dialect.key_default(model.key_kind)));
        }
        // An INSERT leaves an unset orm::defaulted member to the server, so without a default it writes NULL into a
        // NOT NULL column. Only presence is compared: the servers re-spell expressions ('draft'::text).
        if (column.server_default != nullptr && !found->default_expression && !found->generation_expression) {
            const std::string expected = column.server_default();
            differences.push_back(fmt::format(
                "column \"{}\" has no default, the model's orm::defaulted member needs DEFAULT {} (an INSERT that "
                "leaves it unset would fail): ALTER TABLE {} ALTER COLUMN {} SET DEFAULT {}",
                column.name, expected, dialect.quote(model.name), dialect.quote(column.name), expected));
        }
    }
    for (const ColumnDescription& column : *live) {
        const bool in_model =
            std::ranges::any_of(model.columns, [&](const ColumnInfo& c) { return c.name == column.name; });
        if (!in_model) {
            differences.push_back(extra_column(column));
        }
    }
    detail::compare_constraints(model, *live_table, dialect, differences);
    return differences;
}

}  // namespace orm
