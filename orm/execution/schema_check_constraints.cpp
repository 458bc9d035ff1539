// Model-versus-live comparison of the primary key, foreign keys, unique constraints and indexes for check_schema.
// Each model declaration is turned into the description the server would give of it, then matched by name (the model's
// names are the ones its DDL spells out), so that every property is compared the same way on both servers.
#include <roachorm/orm/execution/schema_check.hpp>

#include <algorithm>
#include <cctype>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <roachorm/orm/sql/sql.hpp>

namespace orm::detail {
namespace {

std::string joined(const std::vector<std::string>& names) {
    return fmt::format("{}", fmt::join(names, ", "));
}

std::string joined(const std::vector<IndexColumnDescription>& columns) {
    std::vector<std::string> parts;
    for (const auto& column : columns) {
        parts.push_back(column.descending ? column.name + " DESC" : column.name);
    }
    return joined(parts);
}

std::string quoted_list(const dialect::Dialect& dialect, const std::vector<std::string>& names) {
    std::vector<std::string> quoted;
    for (const auto& name : names) {
        quoted.push_back(dialect.quote(name));
    }
    return joined(quoted);
}

// ---- the model's declarations, described as the server would describe them ------------------------------------------

std::vector<std::string> column_names(const TableInfo& model, std::span<const std::size_t> columns) {
    std::vector<std::string> names;
    for (std::size_t column : columns) {
        names.emplace_back(model.columns[column].name);
    }
    return names;
}

KeyDescription expected_key(const TableInfo& model) {
    return {std::string(model.key_name.view()), column_names(model, model.key_columns.view())};
}

ForeignKeyDescription expected_foreign_key(const TableInfo& model, const ForeignKeyInfo& fk) {
    std::vector<std::string> referenced(fk.referenced_columns.begin(), fk.referenced_columns.end());
    return {std::string(fk.name.view()),
            column_names(model, fk.columns.view()),
            std::string(fk.referenced_table),
            std::move(referenced),
            fk.on_delete,
            fk.on_update};
}

UniqueDescription expected_unique(const TableInfo& model, const UniqueInfo& unique) {
    return {std::string(unique.name.view()), column_names(model, unique.columns.view())};
}

IndexDescription expected_index(const TableInfo& model, const IndexInfo& index, const dialect::Dialect& dialect) {
    IndexDescription described{.name = std::string(index.name.view()),
                               .columns = {},
                               .storing = dialect.has_covering_columns() ? column_names(model, index.storing.view())
                                                                         : std::vector<std::string>{},
                               .predicate = std::string(index.predicate),
                               .unique = index.unique};
    for (const IndexColumn& column : index.columns) {
        described.columns.push_back({std::string(model.columns[column.column].name), column.descending});
    }
    return described;
}

// A unique constraint is enforced by a unique index of the same name on both servers, and CockroachDB lists every
// unique index as a UNIQUE constraint, so a unique index with ascending columns, nothing stored and no predicate
// stands for a unique constraint on the same columns, and the other way round.
bool is_plain_unique(const IndexDescription& index) {
    return index.unique && index.storing.empty() && index.predicate.value_or("").empty() &&
           std::ranges::none_of(index.columns, &IndexColumnDescription::descending);
}

IndexDescription as_index(const UniqueDescription& unique) {
    IndexDescription index{
        .name = unique.name, .columns = {}, .storing = {}, .predicate = std::string(), .unique = true};
    for (const auto& column : unique.columns) {
        index.columns.push_back({column, false});
    }
    return index;
}

// The servers re-spell a predicate: PostgreSQL adds parentheses, quotes and casts ("(\"position\" < 3)",
// "'draft'::text"), CockroachDB its own casts (":::STRING"). Both sides are compared without them, case or spaces.
std::string comparable_predicate(std::string_view predicate) {
    std::string comparable;
    for (std::size_t i = 0; i < predicate.size(); ++i) {
        const char c = predicate[i];
        if (c == ':' && i + 1 < predicate.size() && predicate[i + 1] == ':') {
            while (i + 1 < predicate.size() && predicate[i + 1] == ':') {
                ++i;
            }
            while (i + 1 < predicate.size() &&
                   (std::isalnum(static_cast<unsigned char>(predicate[i + 1])) != 0 || predicate[i + 1] == '_')) {
                ++i;
            }
            continue;
        }
        if (c == '(' || c == ')' || c == '"' || std::isspace(static_cast<unsigned char>(c)) != 0) {
            continue;
        }
        comparable += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return comparable;
}

std::string where_clause(const std::string& predicate) {
    return predicate.empty() ? std::string("no WHERE clause") : "WHERE " + predicate;
}

std::string index_shape(const IndexDescription& index) {
    std::string shape = fmt::format("({})", joined(index.columns));
    if (!index.storing.empty()) {
        shape += fmt::format(" STORING ({})", joined(index.storing));
    }
    if (index.predicate && !index.predicate->empty()) {
        shape += " WHERE " + *index.predicate;
    }
    return shape;
}

std::string_view index_kind(const IndexDescription& index) {
    return index.unique ? "unique index" : "index";
}

// ---- comparisons, one sentence per property that differs -----------------------------------------------------------

void compare_key(const TableInfo& model, const TableDescription& live, const dialect::Dialect& dialect,
                 std::vector<std::string>& differences) {
    const KeyDescription expected = expected_key(model);
    if (!live.key) {
        differences.push_back(fmt::format(
            "the table has no primary key, the model's key {} is ({}): ALTER TABLE {} ADD CONSTRAINT {} PRIMARY KEY "
            "({})",
            expected.name, joined(expected.columns), dialect.quote(model.name), dialect.quote(expected.name),
            quoted_list(dialect, expected.columns)));
        return;
    }
    if (live.key->name != expected.name) {
        differences.push_back(
            fmt::format("primary key is named {}, the model expects {}", live.key->name, expected.name));
    }
    if (live.key->columns != expected.columns) {
        differences.push_back(fmt::format(
            "primary key {} is on ({}), the model's key is ({}): rows would be found, updated and deleted by "
            "columns that are not the table's key; change the model's key or the table's",
            live.key->name, joined(live.key->columns), joined(expected.columns)));
    }
}

std::string foreign_key_clause(const ForeignKeyDescription& fk) {
    std::string clause =
        fmt::format("({}) REFERENCES {} ({})", joined(fk.columns), fk.referenced_table, joined(fk.referenced_columns));
    return clause + sql::referential_actions(fk.on_delete, fk.on_update);
}

void compare_foreign_keys(const TableInfo& model, const TableDescription& live, const dialect::Dialect& dialect,
                          std::vector<std::string>& differences) {
    for (const ForeignKeyInfo& info : model.foreign_keys) {
        const ForeignKeyDescription expected = expected_foreign_key(model, info);
        const auto found = std::ranges::find(live.foreign_keys, expected.name, &ForeignKeyDescription::name);
        if (found == live.foreign_keys.end()) {
            std::string statement = fmt::format(
                "ALTER TABLE {} ADD CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {} ({})", dialect.quote(model.name),
                dialect.quote(expected.name), quoted_list(dialect, expected.columns),
                dialect.quote(expected.referenced_table), quoted_list(dialect, expected.referenced_columns));
            statement += sql::referential_actions(expected.on_delete, expected.on_update);
            differences.push_back(fmt::format(
                "foreign key {} is missing: the model declares {}; create_all does not add constraints to an "
                "existing table: {}",
                expected.name, foreign_key_clause(expected), statement));
            continue;
        }
        if (found->columns != expected.columns) {
            differences.push_back(fmt::format("foreign key {} is on ({}), the model declares ({})", expected.name,
                                              joined(found->columns), joined(expected.columns)));
        }
        if (found->referenced_table != expected.referenced_table ||
            found->referenced_columns != expected.referenced_columns) {
            differences.push_back(fmt::format("foreign key {} references {} ({}), the model declares {} ({})",
                                              expected.name, found->referenced_table, joined(found->referenced_columns),
                                              expected.referenced_table, joined(expected.referenced_columns)));
        }
        const struct {
            std::string_view clause;
            Action live, expected;
        } actions[] = {{"ON DELETE", found->on_delete, expected.on_delete},
                       {"ON UPDATE", found->on_update, expected.on_update}};
        for (const auto& action : actions) {
            if (action.live != action.expected) {
                differences.push_back(fmt::format("foreign key {} has {} {}, the model declares {} {}", expected.name,
                                                  action.clause, sql::action_name(action.live), action.clause,
                                                  sql::action_name(action.expected)));
            }
        }
    }
    for (const ForeignKeyDescription& fk : live.foreign_keys) {
        if (std::ranges::none_of(model.foreign_keys,
                                 [&](const ForeignKeyInfo& f) { return f.name.view() == fk.name; })) {
            differences.push_back(
                fmt::format("extra foreign key {} {}, not in the model", fk.name, foreign_key_clause(fk)));
        }
    }
}

// The live unique constraint named `name`, or a plain unique index of that name standing for one.
std::optional<UniqueDescription> live_unique(const TableDescription& live, std::string_view name) {
    if (const auto found = std::ranges::find(live.uniques, name, &UniqueDescription::name);
        found != live.uniques.end()) {
        return *found;
    }
    const auto index = std::ranges::find(live.indexes, name, &IndexDescription::name);
    if (index == live.indexes.end() || !is_plain_unique(*index)) {
        return std::nullopt;
    }
    UniqueDescription unique{.name = index->name, .columns = {}};
    for (const auto& column : index->columns) {
        unique.columns.push_back(column.name);
    }
    return unique;
}

// The live index named `name`; for a model's plain unique index, a unique constraint of that name stands for it.
std::optional<IndexDescription> live_index(const TableDescription& live, const IndexDescription& expected) {
    if (const auto found = std::ranges::find(live.indexes, expected.name, &IndexDescription::name);
        found != live.indexes.end()) {
        return *found;
    }
    const auto unique = std::ranges::find(live.uniques, expected.name, &UniqueDescription::name);
    if (unique == live.uniques.end() || !is_plain_unique(expected)) {
        return std::nullopt;
    }
    return as_index(*unique);
}

void compare_uniques(const TableInfo& model, const TableDescription& live, const dialect::Dialect& dialect,
                     std::vector<std::string>& differences) {
    for (const UniqueInfo& info : model.uniques) {
        const UniqueDescription expected = expected_unique(model, info);
        const std::optional<UniqueDescription> found = live_unique(live, expected.name);
        const auto index = std::ranges::find(live.indexes, expected.name, &IndexDescription::name);
        if (!found && index != live.indexes.end()) {
            differences.push_back(
                fmt::format("unique constraint {} is a {} on {} on the server, the model declares a "
                            "unique constraint on ({})",
                            expected.name, index_kind(*index), index_shape(*index), joined(expected.columns)));
        } else if (!found) {
            differences.push_back(fmt::format(
                "unique constraint {} is missing: the model declares it on ({}); create_all does not add constraints "
                "to an existing table: ALTER TABLE {} ADD CONSTRAINT {} UNIQUE ({})",
                expected.name, joined(expected.columns), dialect.quote(model.name), dialect.quote(expected.name),
                quoted_list(dialect, expected.columns)));
        } else if (found->columns != expected.columns) {
            differences.push_back(fmt::format("unique constraint {} is on ({}), the model declares ({})", expected.name,
                                              joined(found->columns), joined(expected.columns)));
        }
    }
}

void compare_index(const IndexDescription& live, const IndexDescription& expected,
                   std::vector<std::string>& differences) {
    if (live.columns != expected.columns) {
        differences.push_back(fmt::format("{} {} is on ({}), the model declares ({})", index_kind(live), expected.name,
                                          joined(live.columns), joined(expected.columns)));
    }
    if (live.storing != expected.storing) {
        differences.push_back(
            fmt::format("index {} stores {}, the model declares {}", expected.name,
                        live.storing.empty() ? std::string("no columns") : fmt::format("({})", joined(live.storing)),
                        expected.storing.empty() ? std::string("no STORING columns")
                                                 : fmt::format("STORING ({})", joined(expected.storing))));
    }
    if (live.predicate && comparable_predicate(*live.predicate) != comparable_predicate(*expected.predicate)) {
        differences.push_back(fmt::format("index {} has {}, the model declares {}", expected.name,
                                          where_clause(*live.predicate), where_clause(*expected.predicate)));
    }
    if (live.unique != expected.unique) {
        differences.push_back(fmt::format("index {} is {}, the model declares it {}", expected.name,
                                          live.unique ? "unique" : "not unique",
                                          expected.unique ? "unique" : "not unique"));
    }
}

void compare_indexes(const TableInfo& model, const TableDescription& live, const dialect::Dialect& dialect,
                     std::vector<std::string>& differences) {
    for (const IndexInfo& info : model.indexes) {
        const IndexDescription expected = expected_index(model, info, dialect);
        if (const std::optional<IndexDescription> found = live_index(live, expected)) {
            compare_index(*found, expected, differences);
        } else {
            differences.push_back(
                fmt::format("{} {} is missing: the model declares it on {}; create_all creates "
                            "missing indexes",
                            index_kind(expected), expected.name, index_shape(expected)));
        }
    }
}

// Live uniques and indexes whose name the model declares as neither.
void report_extra_uniques_and_indexes(const TableInfo& model, const TableDescription& live,
                                      std::vector<std::string>& differences) {
    const auto declared = [&](std::string_view name) {
        return std::ranges::any_of(model.uniques, [&](const UniqueInfo& u) { return u.name.view() == name; }) ||
               std::ranges::any_of(model.indexes, [&](const IndexInfo& i) { return i.name.view() == name; });
    };
    for (const UniqueDescription& unique : live.uniques) {
        if (!declared(unique.name)) {
            differences.push_back(fmt::format("extra unique constraint {} on ({}), not in the model", unique.name,
                                              joined(unique.columns)));
        }
    }
    for (const IndexDescription& index : live.indexes) {
        if (!declared(index.name)) {
            differences.push_back(
                fmt::format("extra {} {} on {}, not in the model", index_kind(index), index.name, index_shape(index)));
        }
    }
}

}  // namespace

void compare_constraints(const TableInfo& model, const TableDescription& live, const dialect::Dialect& dialect,
                         std::vector<std::string>& differences) {
    compare_key(model, live, dialect, differences);
    compare_foreign_keys(model, live, dialect, differences);
    compare_uniques(model, live, dialect, differences);
    compare_indexes(model, live, dialect, differences);
    report_extra_uniques_and_indexes(model, live, differences);
}

}  // namespace orm::detail
