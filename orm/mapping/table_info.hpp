// The description of a model's table that the layers above read at run time: columns, key, foreign keys, unique
// constraints and indexes, all built at compile time by model_traits (orm/mapping/model.hpp).
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include <roachorm/orm/mapping/column_traits.hpp>
#include <roachorm/orm/mapping/constraints.hpp>

namespace orm {

// How the primary key gets its value on INSERT.
enum class KeyKind {
    application,  // the application sets it; it is written like any other column (every composite key)
    serial,       // orm::serial: drawn from the server's generator (reserved before a multi-row INSERT)
    uuid,         // orm::uuid: written when set, a random version-4 uuid from the client when nil
};

// The most columns a key, constraint or index names: PostgreSQL's INDEX_MAX_KEYS.
inline constexpr std::size_t max_constraint_columns = 32;
// PostgreSQL cuts longer identifiers to this many bytes (NAMEDATALEN - 1) without an error, so a longer generated
// name would not be the one check_schema finds; such a name is refused at compile time.
inline constexpr std::size_t max_identifier_length = 63;

// A short list with its storage inline, so that a model's whole description is one constant expression.
template <class Item, std::size_t Capacity = max_constraint_columns>
struct InlineList {
    std::array<Item, Capacity> items{};
    std::size_t count = 0;

    constexpr void push_back(Item item) { items[count++] = item; }
    constexpr std::span<const Item> view() const { return {items.data(), count}; }
    constexpr std::size_t size() const { return count; }
    constexpr const Item& operator[](std::size_t i) const { return items[i]; }
    constexpr const Item* begin() const { return items.data(); }
    constexpr const Item* end() const { return items.data() + count; }
};

// A constraint or index name, built at compile time.
struct Name {
    std::array<char, max_identifier_length + 1> text{};
    std::size_t length = 0;
    bool too_long = false;

    constexpr void append(std::string_view part) {
        for (char c : part) {
            if (length == max_identifier_length) {
                too_long = true;
                return;
            }
            text[length++] = c;
        }
    }
    constexpr std::string_view view() const { return {text.data(), length}; }
};

struct ColumnInfo {
    std::string_view name;
    SqlType type;
    bool nullable;
    bool primary_key;
    // The column's DEFAULT expression for an orm::defaulted member, else null.
    std::string (*server_default)() = nullptr;
};

struct IndexColumn {
    std::size_t column;
    bool descending = false;
};

struct ForeignKeyInfo {
    Name name;
    InlineList<std::size_t> columns;
    std::string_view referenced_table;
    InlineList<std::string_view> referenced_columns;
    Action on_delete;
    Action on_update;
};

struct UniqueInfo {
    Name name;
    InlineList<std::size_t> columns;
};

struct IndexInfo {
    Name name;
    InlineList<IndexColumn> columns;
    InlineList<std::size_t> storing;
    std::string_view predicate;  // empty: not a partial index
    bool unique;
    bool hash_sharded;
};

struct TableInfo {
    std::string_view name;
    std::span<const ColumnInfo> columns;
    std::size_t key_index;  // the first key column
    KeyKind key_kind;
    InlineList<std::size_t> key_columns{};
    Name key_name{};
    std::span<const ForeignKeyInfo> foreign_keys{};
    std::span<const UniqueInfo> uniques{};
    std::span<const IndexInfo> indexes{};

    const ColumnInfo& key() const { return columns[key_index]; }
    bool has_composite_key() const { return key_columns.size() > 1; }
};

}  // namespace orm
