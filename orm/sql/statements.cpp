// Memoization of the statement shapes that depend on more than the model and the dialect.
#include <roachorm/orm/sql/statements.hpp>

#include <utility>

namespace orm {
namespace {

template <class Key, class Compare, class Generate>
const std::string& memoized(std::mutex& mutex, std::map<Key, std::string, Compare>& cache, Key key, Generate generate) {
    std::lock_guard lock(mutex);
    auto [entry, inserted] = cache.try_emplace(std::move(key));
    if (inserted) {
        entry->second = generate();
    }
    return entry->second;
}

}  // namespace

TableStatements::TableStatements(const dialect::Dialect& dialect, const TableInfo& table)
    : create_table(sql::create_table(dialect, table)),
      drop_table(sql::drop_table(dialect, table)),
      select_all(sql::select_all(dialect, table)),
      select_by_key(sql::select_by_key(dialect, table)),
      delete_by_key(sql::delete_by_key(dialect, table)),
      insert_returning_key(table.key_kind == KeyKind::serial ? sql::insert_returning_key(dialect, table) : ""),
      reserve_serial_keys(table.key_kind == KeyKind::serial ? dialect.reserve_serial_keys(table) : ""),
      dialect_(dialect),
      table_(table) {}

const std::vector<std::string>& TableStatements::create_indexes() const {
    std::lock_guard lock(mutex_);
    if (!create_indexes_) {
        create_indexes_ = sql::create_indexes(dialect_, table_);
    }
    return *create_indexes_;
}

const std::string& TableStatements::insert(std::size_t rows, sql::ColumnMask left_to_server) const {
    return memoized(mutex_, inserts_, RowsShape{rows, left_to_server},
                    [&] { return sql::insert(dialect_, table_, rows, left_to_server); });
}

const std::string& TableStatements::upsert(std::size_t rows, sql::ColumnMask left_to_server) const {
    return memoized(mutex_, upserts_, RowsShape{rows, left_to_server},
                    [&] { return sql::upsert(dialect_, table_, rows, left_to_server); });
}

const std::string& TableStatements::insert_returning(sql::ColumnMask left_to_server) const {
    return memoized(mutex_, returning_inserts_, left_to_server,
                    [&] { return sql::insert_returning_key(dialect_, table_, left_to_server); });
}

const std::string& TableStatements::update(sql::ColumnMask columns) const {
    return memoized(mutex_, updates_, columns, [&] { return sql::update(dialect_, table_, columns); });
}

const std::string& TableStatements::select(const sql::QueryClauses& clauses, sql::SelectShape shape) const {
    return memoized(mutex_, selects_, sql::select_signature(clauses, shape),
                    [&] { return sql::select(dialect_, table_, clauses, shape).text; });
}

}  // namespace orm
