// How the SQLite dialect reads the catalog: sqlite_schema for tables and their CREATE text, the pragma table-valued
// functions (pragma.html, "PRAGMA functions") for columns, keys and indexes, with table and schema bound as parameters.
#include <roachorm/dialect/sqlite.hpp>

#include <algorithm>
#include <cctype>
#include <map>

#include <fmt/format.h>

#include <roachorm/dialect/type_normalization.hpp>
#include <roachorm/orm/core/value_text.hpp>

namespace orm::dialect {
namespace {

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

// A token of a CREATE statement's text: a word or quoted identifier (unquoted), a parenthesized group (its inner
// text, raw), or one other character.
struct Token {
    enum class Kind { word, group, other } kind;
    std::string text;
};

// The end of the quoted text that starts at `at` (' " ` or [), a doubled quote standing for one.
std::size_t quoted_end(std::string_view sql, std::size_t at) {
    const char close = sql[at] == '[' ? ']' : sql[at];
    std::size_t i = at + 1;
    while (i < sql.size()) {
        if (sql[i] == close) {
            if (close != ']' && i + 1 < sql.size() && sql[i + 1] == close) {
                i += 2;
                continue;
            }
            return i + 1;
        }
        ++i;
    }
    return sql.size();
}

std::string unquoted(std::string_view quoted) {
    if (quoted.size() < 2) {
        return std::string(quoted);
    }
    const char close = quoted.front() == '[' ? ']' : quoted.front();
    std::string text;
    for (std::size_t i = 1; i + 1 < quoted.size(); ++i) {
        text += quoted[i];
        if (quoted[i] == close && close != ']' && quoted[i + 1] == close) {
            ++i;
        }
    }
    return text;
}

// Splits `sql` into tokens, skipping white space and comments.
std::vector<Token> tokens_of(std::string_view sql) {
    std::vector<Token> tokens;
    std::size_t i = 0;
    while (i < sql.size()) {
        const char c = sql[i];
        if (std::isspace(static_cast<unsigned char>(c))) {
            ++i;
        } else if (sql.substr(i, 2) == "--") {
            i = std::min(sql.find('\n', i), sql.size());
        } else if (sql.substr(i, 2) == "/*") {
            const std::size_t end = sql.find("*/", i + 2);
            i = end == std::string_view::npos ? sql.size() : end + 2;
        } else if (c == '"' || c == '`' || c == '[') {
            const std::size_t end = quoted_end(sql, i);
            tokens.push_back({Token::Kind::word, unquoted(sql.substr(i, end - i))});
            i = end;
        } else if (c == '\'') {
            const std::size_t end = quoted_end(sql, i);
            tokens.push_back({Token::Kind::other, std::string(sql.substr(i, end - i))});
            i = end;
        } else if (c == '(') {
            int depth = 0;
            std::size_t j = i;
            while (j < sql.size()) {
                if (sql[j] == '\'' || sql[j] == '"' || sql[j] == '`' || sql[j] == '[') {
                    j = quoted_end(sql, j);
                    continue;
                }
                depth += sql[j] == '(' ? 1 : sql[j] == ')' ? -1 : 0;
                ++j;
                if (depth == 0) {
                    break;
                }
            }
            tokens.push_back({Token::Kind::group, std::string(sql.substr(i + 1, j - i - 2))});
            i = j;
        } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$') {
            std::size_t j = i;
            while (j < sql.size() &&
                   (std::isalnum(static_cast<unsigned char>(sql[j])) || sql[j] == '_' || sql[j] == '$')) {
                ++j;
            }
            tokens.push_back({Token::Kind::word, std::string(sql.substr(i, j - i))});
            i = j;
        } else {
            tokens.push_back({Token::Kind::other, std::string(1, c)});
            ++i;
        }
    }
    return tokens;
}

// The token lists of the comma-separated items of `tokens`.
std::vector<std::vector<Token>> items_of(const std::vector<Token>& tokens) {
    std::vector<std::vector<Token>> items(1);
    for (const Token& token : tokens) {
        if (token.kind == Token::Kind::other && token.text == ",") {
            items.emplace_back();
        } else {
            items.back().push_back(token);
        }
    }
    return items;
}

// The column names of a constraint's column list "(a, "b" DESC)".
std::vector<std::string> column_names(const std::string& group) {
    std::vector<std::string> names;
    for (const std::vector<Token>& item : items_of(tokens_of(group))) {
        if (!item.empty()) {
            names.push_back(item.front().text);
        }
    }
    return names;
}

// A named constraint in a CREATE TABLE text: its kind ('p', 'u' or 'f', as in pg_constraint) and columns.
struct NamedConstraint {
    char kind;
    std::string name;
    std::vector<std::string> columns;
};

// What the pragmas leave out and only the CREATE TABLE text keeps: the names of constraints, and the expression of
// each generated column.
struct DeclaredTable {
    std::vector<NamedConstraint> constraints;
    std::map<std::string, std::string> generated;  // by column name

    std::string name_of(char kind, const std::vector<std::string>& columns, std::string fallback) const {
        const auto found = std::ranges::find_if(
            constraints, [&](const NamedConstraint& c) { return c.kind == kind && c.columns == columns; });
        return found == constraints.end() ? fallback : found->name;
    }
};

char constraint_kind(std::string_view keyword) {
    if (iequals(keyword, "PRIMARY")) {
        return 'p';
    }
    if (iequals(keyword, "UNIQUE")) {
        return 'u';
    }
    if (iequals(keyword, "FOREIGN") || iequals(keyword, "REFERENCES")) {
        return 'f';
    }
    return '\0';
}

// Reads the CREATE TABLE text as SQLite keeps it ("a copy of the original CREATE statement text", schematab.html).
// SQLite reports no constraint names through its pragmas, so the names come from here: "CONSTRAINT name" before a
// table constraint (PRIMARY KEY, UNIQUE or FOREIGN KEY with its column list) or a column constraint (of that column).
// Only these clauses are read; anything else in a definition is skipped, so a table written by hand reads as far as
// its named constraints go, and an unnamed one keeps SQLite's name ("" for keys, sqlite_autoindex_* for uniques).
DeclaredTable declared_table(std::string_view create_table) {
    DeclaredTable declared;
    const std::vector<Token> statement = tokens_of(create_table);
    const auto body = std::ranges::find_if(statement, [](const Token& t) { return t.kind == Token::Kind::group; });
    if (body == statement.end()) {
        return declared;
    }
    for (const std::vector<Token>& definition : items_of(tokens_of(body->text))) {
        if (definition.empty()) {
            continue;
        }
        const bool table_constraint =
            definition.front().kind == Token::Kind::word &&
            (iequals(definition.front().text, "CONSTRAINT") || constraint_kind(definition.front().text) != '\0' ||
             iequals(definition.front().text, "CHECK"));
        for (std::size_t i = 0; i + 2 < definition.size(); ++i) {
            if (definition[i].kind != Token::Kind::word || !iequals(definition[i].text, "CONSTRAINT")) {
                continue;
            }
            const char kind = constraint_kind(definition[i + 2].text);
            if (kind == '\0') {
                continue;
            }
            std::vector<std::string> columns;
            if (!table_constraint) {
                columns.push_back(definition.front().text);
            } else {
                const auto list =
                    std::find_if(definition.begin() + static_cast<std::ptrdiff_t>(i) + 3, definition.end(),
                                 [](const Token& t) { return t.kind == Token::Kind::group; });
                if (list != definition.end()) {
                    columns = column_names(list->text);
                }
            }
            declared.constraints.push_back({kind, definition[i + 1].text, std::move(columns)});
        }
        if (!table_constraint) {
            for (std::size_t i = 1; i + 1 < definition.size(); ++i) {
                if (definition[i].kind == Token::Kind::word && iequals(definition[i].text, "AS") &&
                    definition[i + 1].kind == Token::Kind::group) {
                    declared.generated[definition.front().text] = definition[i + 1].text;
                }
            }
        }
    }
    return declared;
}

// The WHERE clause of a CREATE INDEX text, "" without one.
std::string index_predicate(std::string_view create_index) {
    const std::vector<Token> tokens = tokens_of(create_index);
    std::string predicate;
    bool in_where = false;
    for (const Token& token : tokens) {
        if (in_where) {
            predicate += predicate.empty() ? "" : " ";
            predicate += token.kind == Token::Kind::group ? "(" + token.text + ")" : token.text;
        } else if (token.kind == Token::Kind::word && iequals(token.text, "WHERE")) {
            in_where = true;
        }
    }
    return predicate;
}

// pragma_foreign_key_list spells the actions as written in SQL ("NO ACTION", "CASCADE", "SET NULL", ...).
Action referential_action(const TextValue& text) {
    const std::string action = text.value_or("");
    if (iequals(action, "RESTRICT")) {
        return Action::restrict;
    }
    if (iequals(action, "CASCADE")) {
        return Action::cascade;
    }
    if (iequals(action, "SET NULL")) {
        return Action::set_null;
    }
    if (iequals(action, "SET DEFAULT")) {
        return Action::set_default;
    }
    return Action::no_action;
}

// The schema table of `schema`: "main.sqlite_schema" (schematab.html: the name "sqlite_schema" works in every
// version since 3.33.0). The schema is spliced in as a quoted identifier: a table name cannot be a parameter.
std::string schema_table(const Dialect& dialect, std::string_view schema) {
    return dialect.quote(schema) + ".sqlite_schema";
}

}  // namespace

// "Table names that begin with "sqlite_" are reserved for internal use" (lang_createtable.html): sqlite_sequence,
// sqlite_stat1 and the like are not the application's.
ReflectionQuery SQLite::table_names_query(std::string_view schema) const {
    return {fmt::format("SELECT name AS table_name FROM {} WHERE type = 'table' AND name NOT LIKE 'sqlite!_%' "
                        "ESCAPE '!' ORDER BY name",
                        schema_table(*this, schema)),
            {}};
}

// table_xinfo, unlike table_info, lists generated columns, with hidden 2 (VIRTUAL) or 3 (STORED); hidden 1 is a
// virtual table's hidden column, which is no column of the table's rows. The CREATE TABLE text comes along in a
// column of every row, for the generated columns' expressions.
ReflectionQuery SQLite::columns_query(std::string_view schema, std::string_view table) const {
    return {fmt::format("SELECT c.name AS column_name, c.type AS type, c.\"notnull\" AS not_null, c.dflt_value AS "
                        "default_expression, c.pk AS key_position, c.hidden AS hidden, s.sql AS create_table "
                        "FROM pragma_table_xinfo(?1, ?2) AS c LEFT JOIN {} AS s ON s.type = 'table' AND s.name = ?1 "
                        "WHERE c.hidden <> 1 ORDER BY c.cid",
                        schema_table(*this, schema)),
            {std::string(table), std::string(schema)}};
}

std::vector<ColumnDescription> SQLite::columns(const ResultSet& result) const {
    const std::size_t name = result.column("column_name");
    const std::size_t type = result.column("type");
    const std::size_t not_null = result.column("not_null");
    const std::size_t default_expression = result.column("default_expression");
    const std::size_t key_position = result.column("key_position");
    const std::size_t hidden = result.column("hidden");
    const std::size_t create_table = result.column("create_table");
    const DeclaredTable declared =
        result.rows.empty() ? DeclaredTable{} : declared_table(result.rows.front()[create_table].value_or(""));
    const auto key_columns =
        std::ranges::count_if(result.rows, [&](const auto& row) { return row[key_position].value_or("0") != "0"; });
    std::vector<ColumnDescription> columns;
    for (const auto& row : result.rows) {
        const std::string column = row[name].value_or("");
        const std::string declared_type = row[type].value_or("");
        ColumnDescription described{.name = column,
                                    .type = normalize_type(declared_type),
                                    .nullable = row[not_null].value_or("0") == "0",
                                    .default_expression = row[default_expression],
                                    .generation_expression = std::nullopt};
        // The rowid alias: the table's one key column, declared exactly INTEGER (lang_createtable.html). Its value
        // is SQLite's to assign, the generator a serial key needs; its NOT NULL is implied, as a rowid is never NULL.
        if (key_columns == 1 && row[key_position].value_or("0") == "1" && iequals(declared_type, "INTEGER")) {
            described.default_expression = std::string(rowid_default);
            described.nullable = false;
        }
        if (const std::string kind = row[hidden].value_or("0"); kind == "2" || kind == "3") {
            const auto expression = declared.generated.find(column);
            described.generation_expression =
                expression == declared.generated.end() ? std::string("(generated)") : expression->second;
        }
        columns.push_back(std::move(described));
    }
    return columns;
}

// One listing of four kinds of row, told apart by `kind`: the CREATE TABLE text ('sql'), the key's columns ('p', by
// position in the key), the foreign keys' columns ('f', by constraint id and position) and the columns of the
// indexes that back UNIQUE constraints ('u', origin "u" in index_list).
ReflectionQuery SQLite::constraints_query(std::string_view schema, std::string_view table) const {
    return {
        fmt::format(
            "SELECT 'sql' AS kind, NULL AS id, NULL AS position, NULL AS column_name, NULL AS referenced_table, NULL "
            "AS referenced_column, NULL AS on_update, NULL AS on_delete, sql FROM {} WHERE type = 'table' AND name = "
            "?1 "
            "UNION ALL SELECT 'p', NULL, pk, name, NULL, NULL, NULL, NULL, NULL FROM pragma_table_info(?1, ?2) "
            "WHERE pk > 0 "
            "UNION ALL SELECT 'f', id, seq, \"from\", \"table\", \"to\", on_update, on_delete, NULL "
            "FROM pragma_foreign_key_list(?1, ?2) "
            "UNION ALL SELECT 'u', l.name, i.seqno, i.name, NULL, NULL, NULL, NULL, NULL "
            "FROM pragma_index_list(?1, ?2) AS l, pragma_index_info(l.name, ?2) AS i WHERE l.origin = 'u' "
            "ORDER BY kind, id, position",
            schema_table(*this, schema)),
        {std::string(table), std::string(schema)}};
}

// The indexes CREATE INDEX made (origin "c"), one row per key column in index order (index_xinfo's key = 1; the
// rowid it appends is auxiliary), with the CREATE INDEX text for a partial index's WHERE clause. An expression
// column has no name (cid -2).
ReflectionQuery SQLite::indexes_query(std::string_view schema, std::string_view table) const {
    return {fmt::format("SELECT l.name AS index_name, l.\"unique\" AS is_unique, x.name AS column_name, x.\"desc\" AS "
                        "descending, s.sql AS create_index FROM pragma_index_list(?1, ?2) AS l "
                        "JOIN pragma_index_xinfo(l.name, ?2) AS x LEFT JOIN {} AS s ON s.type = 'index' AND s.name = "
                        "l.name WHERE l.origin = 'c' AND x.key = 1 ORDER BY l.name, x.seqno",
                        schema_table(*this, schema)),
            {std::string(table), std::string(schema)}};
}

// Rows of one constraint arrive together in column order (constraints_query's ORDER BY), so a new id (or index name)
// starts a new one. Names come from the CREATE TABLE text (declared_table); SQLite's own are the fallback.
void SQLite::read_constraints(const ResultSet& constraints, const ResultSet& indexes, TableDescription& table) const {
    const std::size_t kind = constraints.column("kind");
    const std::size_t id = constraints.column("id");
    const std::size_t column = constraints.column("column_name");
    const std::size_t referenced_table = constraints.column("referenced_table");
    const std::size_t referenced_column = constraints.column("referenced_column");
    const std::size_t on_update = constraints.column("on_update");
    const std::size_t on_delete = constraints.column("on_delete");
    const std::size_t sql = constraints.column("sql");
    DeclaredTable declared;
    std::vector<std::string> key;
    std::vector<std::string> foreign_key_ids;
    std::vector<std::string> unique_indexes;
    for (const auto& row : constraints.rows) {
        const std::string row_kind = row[kind].value_or("");
        const std::string column_name = row[column].value_or("");
        if (row_kind == "sql") {
            declared = declared_table(row[sql].value_or(""));
        } else if (row_kind == "p") {
            key.push_back(column_name);
        } else if (row_kind == "f") {
            const std::string constraint = row[id].value_or("");
            if (foreign_key_ids.empty() || foreign_key_ids.back() != constraint) {
                foreign_key_ids.push_back(constraint);
                table.foreign_keys.push_back({.name = {},
                                              .columns = {},
                                              .referenced_table = row[referenced_table].value_or(""),
                                              .referenced_columns = {},
                                              .on_delete = referential_action(row[on_delete]),
                                              .on_update = referential_action(row[on_update])});
            }
            table.foreign_keys.back().columns.push_back(column_name);
            table.foreign_keys.back().referenced_columns.push_back(row[referenced_column].value_or(""));
        } else if (row_kind == "u") {
            const std::string index = row[id].value_or("");
            if (unique_indexes.empty() || unique_indexes.back() != index) {
                unique_indexes.push_back(index);
                table.uniques.push_back({.name = index, .columns = {}});
            }
            table.uniques.back().columns.push_back(column_name);
        }
    }
    // The 'sql' row sorts after 'f' and 'p' rows: names are given once every row has been read.
    if (!key.empty()) {
        table.key = KeyDescription{.name = declared.name_of('p', key, ""), .columns = key};
    }
    for (ForeignKeyDescription& foreign_key : table.foreign_keys) {
        foreign_key.name = declared.name_of('f', foreign_key.columns, "");
    }
    for (UniqueDescription& unique : table.uniques) {
        unique.name = declared.name_of('u', unique.columns, unique.name);
    }

    const std::size_t index_name = indexes.column("index_name");
    const std::size_t is_unique = indexes.column("is_unique");
    const std::size_t index_column = indexes.column("column_name");
    const std::size_t descending = indexes.column("descending");
    const std::size_t create_index = indexes.column("create_index");
    for (const auto& row : indexes.rows) {
        const std::string index = row[index_name].value_or("");
        if (table.indexes.empty() || table.indexes.back().name != index) {
            table.indexes.push_back({.name = index,
                                     .columns = {},
                                     .storing = {},
                                     .predicate = index_predicate(row[create_index].value_or("")),
                                     .unique = row[is_unique].value_or("0") == "1"});
        }
        table.indexes.back().columns.push_back(
            {.name = row[index_column].value_or("(expression)"), .descending = row[descending].value_or("0") == "1"});
    }
}

// SQLite's INTEGER holds 8 bytes, and so do REAL and DOUBLE (datatype3.html §2: "an 8-byte IEEE floating point
// number"), where PostgreSQL's REAL is 4.
std::string SQLite::normalize_type(std::string_view server_type) const {
    if (iequals(server_type, "REAL") || iequals(server_type, "DOUBLE")) {
        return "float8";
    }
    return normalize_type_name(server_type, "int8");
}

// A serial key is the rowid, which SQLite assigns (columns() reports it as the default "rowid"); a uuid key has no
// default on SQLite, as roachorm gives every row its uuid before writing it.
std::string_view SQLite::key_default(KeyKind kind) const noexcept {
    switch (kind) {
        case KeyKind::serial:
            return "rowid (the one PRIMARY KEY column, declared exactly INTEGER)";
        case KeyKind::uuid:
        case KeyKind::application:
            break;
    }
    return "";
}

bool SQLite::generates_key(KeyKind kind, std::string_view default_expression) const noexcept {
    return kind != KeyKind::serial || default_expression == rowid_default;
}

}  // namespace orm::dialect
