// A live table as the server describes it: its columns, primary key, foreign keys, unique constraints and indexes.
// What Database::describe() returns and what check_schema compares a model's TableInfo with. Every member has a
// default so that code naming only some of them stays free of missing-initializer warnings.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <roachorm/orm/mapping/column_description.hpp>
#include <roachorm/orm/mapping/constraints.hpp>

namespace orm {

struct KeyDescription {
    std::string name = {};
    std::vector<std::string> columns = {};  // in key order

    friend bool operator==(const KeyDescription&, const KeyDescription&) = default;
};

struct ForeignKeyDescription {
    std::string name = {};
    std::vector<std::string> columns = {};
    std::string referenced_table = {};  // unqualified
    std::vector<std::string> referenced_columns = {};
    Action on_delete = Action::no_action;
    Action on_update = Action::no_action;

    friend bool operator==(const ForeignKeyDescription&, const ForeignKeyDescription&) = default;
};

struct UniqueDescription {
    std::string name = {};
    std::vector<std::string> columns = {};

    friend bool operator==(const UniqueDescription&, const UniqueDescription&) = default;
};

struct IndexColumnDescription {
    std::string name = {};  // the column, or the expression of an expression index as the server spells it
    bool descending = false;

    friend bool operator==(const IndexColumnDescription&, const IndexColumnDescription&) = default;
};

// A secondary index that backs no constraint (the primary key's index and a unique constraint's index are reported
// as the key and the unique constraint). Columns a server adds by itself (CockroachDB's key columns in every
// secondary index, a hash-sharded index's shard column) are left out.
struct IndexDescription {
    std::string name = {};
    std::vector<IndexColumnDescription> columns = {};
    std::vector<std::string> storing = {};  // covering columns: STORING (CockroachDB), INCLUDE (PostgreSQL)
    // The WHERE clause of a partial index as the server spells it, "" for a full index; std::nullopt when the
    // server's listing does not say (CockroachDB's SHOW INDEXES, for an index that is not unique).
    std::optional<std::string> predicate = std::string();
    bool unique = false;

    friend bool operator==(const IndexDescription&, const IndexDescription&) = default;
};

struct TableDescription {
    std::vector<ColumnDescription> columns = {};
    std::optional<KeyDescription> key = {};  // std::nullopt: the table has no primary key of its own
    std::vector<ForeignKeyDescription> foreign_keys = {};
    std::vector<UniqueDescription> uniques = {};
    std::vector<IndexDescription> indexes = {};

    friend bool operator==(const TableDescription&, const TableDescription&) = default;
};

}  // namespace orm
