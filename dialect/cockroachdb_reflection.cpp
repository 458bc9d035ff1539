// How the CockroachDB dialect reads the catalog: SHOW TABLES, SHOW COLUMNS, SHOW CONSTRAINTS and SHOW INDEXES, whose
// result columns are read by name (versions add columns such as estimated_row_count, locality, visible and comment),
// and what a key's default must be.
#include <roachorm/dialect/cockroachdb.hpp>

#include <algorithm>
#include <map>
#include <string>

#include <fmt/format.h>

#include <roachorm/dialect/type_normalization.hpp>
#include <roachorm/orm/core/error.hpp>
#include <roachorm/orm/core/value_text.hpp>

namespace orm::dialect {

ReflectionQuery CockroachDB::table_names_query(std::string_view) const {
    return {"SHOW TABLES", {}};
}

// SHOW TABLES lists every user schema of the current database, so rows are kept only for `schema`. Its type is
// "table", "view", "materialized view" or "sequence"; only a "table" is one a model can use.
std::vector<std::string> CockroachDB::table_names(const ResultSet& result, std::string_view schema) const {
    const std::size_t schema_name = result.column("schema_name");
    const std::size_t table_name = result.column("table_name");
    const std::size_t type = result.column("type");
    std::vector<std::string> names;
    for (const auto& row : result.rows) {
        if (row[schema_name] == schema && row[type] == "table" && row[table_name]) {
            names.push_back(*row[table_name]);
        }
    }
    std::ranges::sort(names);
    return names;
}

// SHOW COLUMNS takes no parameters: the names are quoted identifiers. Qualifying the table with the current schema
// keeps the search path from finding a same-named table elsewhere (pg_catalog's, for one).
ReflectionQuery CockroachDB::columns_query(std::string_view schema, std::string_view table) const {
    return {fmt::format("SHOW COLUMNS FROM {}.{}", quote(schema), quote(table)), {}};
}

// Hidden columns (the implicit rowid of a table without a primary key) are not the user's; is_hidden is read when
// the server reports it. generation_expression is the empty string for an ordinary column; when a server does not
// report it, no column is known to be computed.
std::vector<ColumnDescription> CockroachDB::columns(const ResultSet& result) const {
    const std::size_t name = result.column("column_name");
    const std::size_t data_type = result.column("data_type");
    const std::size_t nullable = result.column("is_nullable");
    const std::size_t default_expression = result.column("column_default");
    const std::optional<std::size_t> hidden = result.find_column("is_hidden");
    const std::optional<std::size_t> generation = result.find_column("generation_expression");
    std::vector<ColumnDescription> columns;
    for (const auto& row : result.rows) {
        if (hidden && row[*hidden] && text::parse_bool(*row[*hidden])) {
            continue;
        }
        std::optional<std::string> generation_expression;
        if (generation && row[*generation] && !row[*generation]->empty()) {
            generation_expression = *row[*generation];
        }
        columns.push_back({.name = row[name].value_or(""),
                           .type = normalize_type(row[data_type].value_or("")),
                           .nullable = text::parse_bool(row[nullable].value_or("true")),
                           .default_expression = row[default_expression],
                           .generation_expression = std::move(generation_expression)});
    }
    return columns;
}

namespace {

// A reader of the constraint text SHOW CONSTRAINTS prints in `details` (pg_constraint.condef):
// "FOREIGN KEY (a, b) REFERENCES t(c, d) [MATCH FULL] [ON DELETE <action>] [ON UPDATE <action>] [NOT VALID]",
// "UNIQUE (a ASC, b DESC) [WHERE (...)]", "UNIQUE WITHOUT INDEX (a, b) ...". Names are bare or double-quoted with
// "" for a quote inside.
class Details {
public:
    explicit Details(std::string_view text) : text_(text) {}

    bool skip_word(std::string_view word) {
        skip_spaces();
        if (text_.substr(at_, word.size()) != word) {
            return false;
        }
        at_ += word.size();
        return true;
    }

    std::string identifier() {
        skip_spaces();
        std::string name;
        if (at_ < text_.size() && text_[at_] == '"') {
            for (++at_; at_ < text_.size(); ++at_) {
                if (text_[at_] == '"') {
                    if (at_ + 1 < text_.size() && text_[at_ + 1] == '"') {
                        name += '"';
                        ++at_;
                    } else {
                        ++at_;
                        return name;
                    }
                } else {
                    name += text_[at_];
                }
            }
            fail();
        }
        while (at_ < text_.size() && text_[at_] != ',' && text_[at_] != '(' && text_[at_] != ')' && text_[at_] != '.' &&
               text_[at_] != ' ') {
            name += text_[at_++];
        }
        if (name.empty()) {
            fail();
        }
        return name;
    }

    // A parenthesized list of column names; a direction after a name (ASC, DESC) is skipped.
    std::vector<std::string> column_list() {
        expect("(");
        std::vector<std::string> names;
        do {
            names.push_back(identifier());
            if (!skip_word("ASC")) {
                skip_word("DESC");
            }
        } while (skip_word(","));
        expect(")");
        return names;
    }

    // A possibly qualified table name; only its last part is kept.
    std::string table_name() {
        std::string name = identifier();
        while (skip_word(".")) {
            name = identifier();
        }
        return name;
    }

    // The action after "ON DELETE" or "ON UPDATE" anywhere in the rest of the text, NO ACTION when absent (the server
    // leaves the default out). Descriptor enum spellings (SET_NULL) are read too.
    Action action_after(std::string_view clause) const {
        const std::size_t found = text_.find(clause, at_);
        if (found == std::string_view::npos) {
            return Action::no_action;
        }
        const std::string_view rest = text_.substr(found + clause.size());
        const auto starts = [&](std::string_view spelled, std::string_view enum_name) {
            return rest.starts_with(spelled) || rest.starts_with(enum_name);
        };
        if (rest.starts_with("CASCADE")) {
            return Action::cascade;
        }
        if (rest.starts_with("RESTRICT")) {
            return Action::restrict;
        }
        if (starts("SET NULL", "SET_NULL")) {
            return Action::set_null;
        }
        if (starts("SET DEFAULT", "SET_DEFAULT")) {
            return Action::set_default;
        }
        return Action::no_action;
    }

    // The predicate of " WHERE (...)" at the end of a unique constraint, "" when there is none.
    std::string predicate() const {
        const std::size_t found = text_.find(" WHERE ", at_);
        if (found == std::string_view::npos) {
            return "";
        }
        std::string_view condition = text_.substr(found + 7);
        if (condition.starts_with('(') && condition.ends_with(')')) {
            condition = condition.substr(1, condition.size() - 2);
        }
        return std::string(condition);
    }

    void expect(std::string_view word) {
        if (!skip_word(word)) {
            fail();
        }
    }

private:
    void skip_spaces() {
        while (at_ < text_.size() && text_[at_] == ' ') {
            ++at_;
        }
    }
    [[noreturn]] void fail() const {
        throw MappingError(fmt::format(
            "SHOW CONSTRAINTS printed a constraint roachorm cannot read (at character {}): {}; check_schema reads "
            "the details column of CockroachDB's SHOW CONSTRAINTS as its documentation shows it",
            at_, text_));
    }

    std::string_view text_;
    std::size_t at_ = 0;
};

struct ShownConstraint {
    std::string type;  // PRIMARY KEY, UNIQUE, FOREIGN KEY, CHECK
    std::string details;
};

struct ShownIndex {
    std::string name;
    bool unique = false;
    std::vector<std::pair<long, IndexColumnDescription>> columns = {};  // (seq_in_index, column)
    std::vector<std::pair<long, std::string>> storing = {};
};

template <class Item>
std::vector<Item> in_sequence(std::vector<std::pair<long, Item>> items) {
    std::ranges::sort(items, {}, &std::pair<long, Item>::first);
    std::vector<Item> sorted;
    for (auto& item : items) {
        sorted.push_back(std::move(item.second));
    }
    return sorted;
}

}  // namespace

ReflectionQuery CockroachDB::constraints_query(std::string_view schema, std::string_view table) const {
    return {fmt::format("SHOW CONSTRAINTS FROM {}.{}", quote(schema), quote(table)), {}};
}

ReflectionQuery CockroachDB::indexes_query(std::string_view schema, std::string_view table) const {
    return {fmt::format("SHOW INDEXES FROM {}.{}", quote(schema), quote(table)), {}};
}

// SHOW INDEXES has a row per index column: key columns with a direction, STORING columns with storing = true, and
// columns the server added (the key columns every secondary index carries, a hash-sharded index's shard column) with
// implicit = true, which are not the user's. CockroachDB lists every unique index in SHOW CONSTRAINTS as UNIQUE, so a
// unique index with only ascending columns, nothing stored and no predicate is reported as a unique constraint (the
// comparison accepts either for a model's plain unique index); any other unique index stays an index. SHOW INDEXES
// has no predicate, so a non-unique index's predicate is unknown (std::nullopt).
void CockroachDB::read_constraints(const ResultSet& constraints, const ResultSet& indexes,
                                   TableDescription& table) const {
    const std::size_t constraint_name = constraints.column("constraint_name");
    const std::size_t constraint_type = constraints.column("constraint_type");
    const std::size_t details = constraints.column("details");
    std::map<std::string, ShownConstraint> shown;
    for (const auto& row : constraints.rows) {
        const std::string name = row[constraint_name].value_or("");
        ShownConstraint constraint{row[constraint_type].value_or(""), row[details].value_or("")};
        if (constraint.type == "FOREIGN KEY") {
            Details text(constraint.details);
            text.expect("FOREIGN KEY");
            ForeignKeyDescription foreign_key{.name = name};
            foreign_key.columns = text.column_list();
            text.expect("REFERENCES");
            foreign_key.referenced_table = text.table_name();
            foreign_key.referenced_columns = text.column_list();
            foreign_key.on_delete = text.action_after(" ON DELETE ");
            foreign_key.on_update = text.action_after(" ON UPDATE ");
            table.foreign_keys.push_back(std::move(foreign_key));
        } else if (constraint.type == "UNIQUE" && constraint.details.starts_with("UNIQUE WITHOUT INDEX")) {
            Details text(constraint.details);
            text.expect("UNIQUE WITHOUT INDEX");
            table.uniques.push_back({.name = name, .columns = text.column_list()});
        }
        shown.emplace(name, std::move(constraint));
    }

    const std::size_t index_name = indexes.column("index_name");
    const std::size_t non_unique = indexes.column("non_unique");
    const std::size_t seq_in_index = indexes.column("seq_in_index");
    const std::size_t column_name = indexes.column("column_name");
    const std::size_t direction = indexes.column("direction");
    const std::size_t storing = indexes.column("storing");
    const std::size_t implicit = indexes.column("implicit");
    std::vector<ShownIndex> listed;
    for (const auto& row : indexes.rows) {
        const std::string name = row[index_name].value_or("");
        auto index = std::ranges::find(listed, name, &ShownIndex::name);
        if (index == listed.end()) {
            listed.push_back({.name = name, .unique = !text::parse_bool(row[non_unique].value_or("true"))});
            index = listed.end() - 1;
        }
        if (text::parse_bool(row[implicit].value_or("false"))) {
            continue;
        }
        const long sequence = std::stol(row[seq_in_index].value_or("0"));
        if (text::parse_bool(row[storing].value_or("false"))) {
            index->storing.emplace_back(sequence, row[column_name].value_or(""));
        } else {
            index->columns.emplace_back(sequence, IndexColumnDescription{.name = row[column_name].value_or(""),
                                                                         .descending = row[direction] == "DESC"});
        }
    }

    for (ShownIndex& index : listed) {
        const auto constraint = shown.find(index.name);
        const std::string_view type = constraint == shown.end() ? "" : std::string_view(constraint->second.type);
        std::vector<IndexColumnDescription> columns = in_sequence(std::move(index.columns));
        if (type == "PRIMARY KEY") {
            table.key = KeyDescription{.name = index.name, .columns = {}};
            for (const auto& column : columns) {
                table.key->columns.push_back(column.name);
            }
            continue;
        }
        std::string predicate;
        if (type == "UNIQUE") {
            Details text(constraint->second.details);
            predicate = text.predicate();
        }
        const bool plain = index.storing.empty() && predicate.empty() &&
                           std::ranges::none_of(columns, &IndexColumnDescription::descending);
        if (type == "UNIQUE" && plain) {
            UniqueDescription unique{.name = index.name, .columns = {}};
            for (const auto& column : columns) {
                unique.columns.push_back(column.name);
            }
            table.uniques.push_back(std::move(unique));
            continue;
        }
        table.indexes.push_back({.name = index.name,
                                 .columns = std::move(columns),
                                 .storing = in_sequence(std::move(index.storing)),
                                 .predicate = type == "UNIQUE" ? std::optional<std::string>(predicate) : std::nullopt,
                                 .unique = index.unique});
    }
}

// INT and INTEGER are INT8 on CockroachDB (its default_int_size is 8).
std::string CockroachDB::normalize_type(std::string_view server_type) const {
    return normalize_type_name(server_type, "int8");
}

std::string_view CockroachDB::key_default(KeyKind kind) const noexcept {
    switch (kind) {
        case KeyKind::serial:
            return "unique_rowid()";
        case KeyKind::uuid:
            return "gen_random_uuid()";
        case KeyKind::application:
            break;
    }
    return "";
}

// The serial_normalization setting turns SERIAL into unique_rowid(), unordered_unique_rowid() or a sequence's
// nextval(...); each gives unique INT8 keys, so each serves a serial key.
bool CockroachDB::generates_key(KeyKind kind, std::string_view default_expression) const noexcept {
    switch (kind) {
        case KeyKind::serial:
            return default_expression == "unique_rowid()" || default_expression == "unordered_unique_rowid()" ||
                   default_expression.starts_with("nextval(");
        case KeyKind::uuid:
            return default_expression == "gen_random_uuid()";
        case KeyKind::application:
            break;
    }
    return true;
}

}  // namespace orm::dialect
