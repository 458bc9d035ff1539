// The objects a Session owns: an identity map per model keyed by primary key, a snapshot of each loaded object,
// and the pending INSERTs, UPSERTs and DELETEs. flush() queues INSERTs and UPSERTs, then UPDATEs of changed columns,
// then DELETEs, to travel with the next statement that is sent.
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <typeindex>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>

#include <roachorm/orm/core/error.hpp>
#include <roachorm/orm/execution/connection.hpp>
#include <roachorm/orm/execution/declared_columns.hpp>
#include <roachorm/orm/execution/row_mapping.hpp>
#include <roachorm/orm/session/table_operations.hpp>

namespace orm {
namespace detail {

// Change detection compares bits for floating point, so NaN is unchanged and 0.0 -> -0.0 is a change.
template <class Field>
bool same_field(const Field& a, const Field& b) {
    if constexpr (std::is_floating_point_v<Field>) {
        return std::bit_cast<std::conditional_t<sizeof(Field) == 4, std::uint32_t, std::uint64_t>>(a) ==
               std::bit_cast<std::conditional_t<sizeof(Field) == 4, std::uint32_t, std::uint64_t>>(b);
    } else if constexpr (is_optional<Field>::value) {
        return a.has_value() == b.has_value() && (!a || same_field(*a, *b));
    } else {
        return a == b;
    }
}

template <Model T>
sql::ColumnMask changed_columns(const T& current, const T& snapshot) {
    sql::ColumnMask changed = 0;
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        ((changed |=
          same_field(boost::pfr::get<I>(current), boost::pfr::get<I>(snapshot)) ? 0 : sql::ColumnMask{1} << I),
         ...);
    }
    (std::make_index_sequence<model_traits<T>::column_count>{});
    return changed;
}

// The identity map holds integer, serial and uuid keys by value (their equality is that of their text form, and
// writing them cannot fail), so that no key is formatted per row. Any other key type is held as its text form, which
// also checks it (a string with a NUL is refused as soon as it is used as a key). A composite key is held as its
// columns' text forms joined by NUL, which no text form holds: a string with one is refused (text::check_text), and
// libpq takes every value as a NUL-terminated string. So two keys join alike only when each of their columns does.
template <class Key>
constexpr bool keyed_by_value = std::is_integral_v<Key> || std::is_same_v<Key, uuid> || std::is_same_v<Key, serial>;

template <Model T>
using identity_key_t = std::conditional_t<keyed_by_value<key_type_t<T>>, key_type_t<T>, std::string>;

template <Model T>
identity_key_t<T> identity_key(const key_type_t<T>& key) {
    if constexpr (keyed_by_value<key_type_t<T>>) {
        return key;
    } else {
        return mapping::key_text<T>(key);
    }
}

struct IdentityKeyHash {
    template <class Key>
    std::size_t operator()(const Key& key) const noexcept {
        if constexpr (std::is_same_v<Key, serial>) {
            return std::hash<std::int64_t>{}(key.value);
        } else {
            return std::hash<Key>{}(key);
        }
    }
};

// What one model's tracked rows were at a savepoint's start; only the TrackedRows that made it reads it.
class SavedRows {
public:
    virtual ~SavedRows() = default;
};

class TrackedTable {
public:
    virtual ~TrackedTable() = default;
    virtual void write_pending(Connection& connection) = 0;
    virtual void update_changed(Connection& connection) = 0;
    virtual void delete_removed(Connection& connection) = 0;
    virtual const TableInfo& info() const noexcept = 0;
    // Marks every stored object for its next load to overwrite it (Session::expire_all).
    virtual void expire_all() noexcept = 0;

    // Savepoints (Session::savepoint): save() right after a flush, restore() after ROLLBACK TO SAVEPOINT; restore of
    // nullptr is the state of a model the session had not used yet at the savepoint.
    virtual std::unique_ptr<SavedRows> save() const = 0;
    virtual void restore(const SavedRows* saved) = 0;
};

template <Model T>
class TrackedRows final : public TrackedTable {
public:
    T& add(T object) { return *pending_.emplace_back(std::make_unique<T>(std::move(object))); }

    // The object that will hold the row with `object`'s key after the next flush. A key the session already
    // tracks takes the new values in place (flushed as an UPDATE of what changed); two upserts of one key keep
    // the last. An object without a key (a nil uuid, an unassigned serial) has no row to overwrite: it is added,
    // and gets a fresh key like any added object, rather than writing a key nobody chose.
    T& upsert(T object) {
        if (lacks_key(object)) {
            return add(std::move(object));
        }
        const identity_key_t<T> key = identity_key<T>(key_of(object));
        if (const auto entry = persistent_.find(key); entry != persistent_.end()) {
            return *entry->second.object = std::move(object);
        }
        if (const auto pending = upsert_by_key_.find(key); pending != upsert_by_key_.end()) {
            return *pending->second = std::move(object);
        }
        return *upsert_by_key_.emplace(key, upserts_.emplace_back(std::make_unique<T>(std::move(object))).get())
                    .first->second;
    }

    // Makes room for `rows` more stored rows, so that loading many rows does not rehash the identity map as it grows.
    void reserve(std::size_t rows) { persistent_.reserve(persistent_.size() + rows); }

    bool tracks_stored_rows() const noexcept { return !persistent_.empty(); }

    T* find(const key_type_t<T>& key) {
        const auto entry = persistent_.find(identity_key<T>(key));
        return entry == persistent_.end() ? nullptr : entry->second.object.get();
    }

    // find() of an object whose values the session may keep: null for an expired one, which must be read again.
    T* find_current(const key_type_t<T>& key) {
        const auto entry = persistent_.find(identity_key<T>(key));
        return entry == persistent_.end() || entry->second.expired ? nullptr : entry->second.object.get();
    }

    // The tracked object for a row just read: an object already tracked keeps its in-memory changes, unless it is
    // expired: then it takes the row's values. Every load flushes first, so an expired object has no change left
    // to lose.
    T& track_loaded(T object) {
        auto [entry, inserted] = persistent_.try_emplace(identity_key<T>(key_of(object)));
        if (inserted) {
            entry->second.snapshot = object;
            entry->second.object = std::make_unique<T>(std::move(object));
        } else if (entry->second.expired) {
            overwrite(entry->second, std::move(object));
        }
        return *entry->second.object;
    }

    // Gives the stored object `object` the values of its row as just read, and makes them its snapshot: changes
    // not flushed yet are dropped (Session::refresh).
    void overwrite(const T& object, T row) { overwrite(stored_entry(object, "refresh"), std::move(row)); }

    // The next load of `object`'s row (a query, get) overwrites it (Session::expire).
    void expire(const T& object) { stored_entry(object, "expire").expired = true; }

    void expire_all() noexcept override {
        for (auto& [key, entry] : persistent_) {
            entry.expired = true;
        }
    }

    // Throws orm::Error unless `object` is a stored object the session tracks; `operation` names the call.
    void check_stored(const T& object, std::string_view operation) { stored_entry(object, operation); }

    // Stops tracking the object of `key`, whose row is gone; the object stays valid until the session ends.
    void forget_key(const key_type_t<T>& key) { forget_entry(persistent_.find(identity_key<T>(key))); }

    void remove(T& object) {
        if (take_from(pending_, object)) {
            return;  // never written: nothing to delete
        }
        if (take_from(upserts_, object)) {
            std::erase_if(upsert_by_key_, [&](const auto& entry) { return entry.second == &object; });
            return;  // not written yet: the row as it is in the database stays
        }
        stored_entry(object, "remove");
        const auto entry = persistent_.find(identity_key<T>(key_of(object)));
        deletes_.push_back(mapping::key_texts<T>(key_of(object)));
        removed_.push_back(std::move(entry->second.object));
        persistent_.erase(entry);
    }

    void write_pending(Connection& connection) override {
        write_and_track(connection, pending_, sql::Write::insert);
        write_and_track(connection, upserts_, sql::Write::upsert);
        upsert_by_key_.clear();
    }

    void update_changed(Connection& connection) override {
        for (auto& [key, entry] : persistent_) {
            const sql::ColumnMask changed = changed_columns(*entry.object, entry.snapshot);
            if (changed == 0) {
                continue;
            }
            if (changed & key_mask) {
                throw Error(
                    fmt::format("the primary key of a tracked {} object was changed; a key identifies its "
                                "row: remove the object and add a new one instead",
                                model_traits<T>::table_name));
            }
            table::queue_update(connection, *entry.object, changed);
            entry.snapshot = *entry.object;
        }
    }

    const TableInfo& info() const noexcept override { return model_traits<T>::table; }

    void delete_removed(Connection& connection) override {
        for (const mapping::KeyTexts<T>& key : deletes_) {
            connection.queue({.sql = orm::statements<T>(connection.dialect()).delete_by_key,
                              .params = std::vector<TextValue>(key.begin(), key.end()),
                              .table = &model_traits<T>::table});
        }
        deletes_.clear();
    }

    // Brings the tracked object of a row a bulk UPDATE changed in line: `row` holds the key's columns, then the new
    // values of `columns`.
    void refresh(TextRow row, std::span<const std::size_t> columns) {
        const auto entry = persistent_.find(identity_key<T>(mapping::key_from_row<T>(row)));
        if (entry == persistent_.end()) {
            return;
        }
        constexpr std::size_t first_value = mapping::key_column_count<T>;
        for (std::size_t i = 0; i < columns.size(); ++i) {
            mapping::set_column_from_text(*entry->second.object, columns[i], row[i + first_value]);
            mapping::set_column_from_text(entry->second.snapshot, columns[i], row[i + first_value]);
        }
    }

    // Stops tracking the object of a row a bulk DELETE removed (`key`: its key's columns); the object stays valid
    // until the session ends.
    void forget(TextRow key) { forget_entry(persistent_.find(identity_key<T>(mapping::key_from_row<T>(key)))); }

    // Taken right after a flush, so nothing is pending: the tracked objects, their values and their snapshots.
    std::unique_ptr<SavedRows> save() const override {
        auto saved = std::make_unique<Saved>();
        saved->rows.reserve(persistent_.size());
        for (const auto& [key, entry] : persistent_) {
            saved->rows.push_back(SavedRow{.key = key,
                                           .object = entry.object.get(),
                                           .value = *entry.object,
                                           .snapshot = entry.snapshot,
                                           .expired = entry.expired});
        }
        return saved;
    }

    // Back to the saved state: the objects tracked then (some may have been removed since: their memory is still in
    // removed_) are tracked again with their saved values and snapshots; everything added, upserted or loaded since
    // stops being tracked but stays valid until the session ends, like a removed object; pending writes are dropped.
    void restore(const SavedRows* saved_rows) override {
        std::unordered_map<const T*, std::unique_ptr<T>> owned;
        const auto own = [&](std::unique_ptr<T>& object) {
            if (object) {
                const T* address = object.get();
                owned.emplace(address, std::move(object));
            }
        };
        for (auto& [key, entry] : persistent_) {
            own(entry.object);
        }
        for (auto* list : {&pending_, &upserts_, &removed_}) {
            for (auto& object : *list) {
                own(object);
            }
        }
        persistent_.clear();
        pending_.clear();
        upserts_.clear();
        upsert_by_key_.clear();
        deletes_.clear();
        removed_.clear();
        if (saved_rows != nullptr) {
            for (const SavedRow& row : static_cast<const Saved&>(*saved_rows).rows) {
                const auto found = owned.find(row.object);
                if (found == owned.end()) {
                    continue;  // cannot happen: a tracked object's memory lives as long as the session
                }
                *found->second = row.value;
                Entry& entry = persistent_[row.key];
                entry.object = std::move(found->second);
                entry.snapshot = row.snapshot;
                entry.expired = row.expired;
                owned.erase(found);
            }
        }
        for (auto& [address, object] : owned) {
            removed_.push_back(std::move(object));
        }
    }

private:
    struct Entry {
        std::unique_ptr<T> object;
        T snapshot{};
        bool expired = false;  // its values may be stale: the next load of its row overwrites them
    };

    // The identity map's entry of `object`, which must be a stored object the session tracks.
    Entry& stored_entry(const T& object, std::string_view operation) {
        const auto entry = persistent_.find(identity_key<T>(key_of(object)));
        if (entry == persistent_.end() || entry->second.object.get() != &object) {
            // remove() takes added objects before it gets here; the others need the row an added one gets at flush.
            throw Error(
                fmt::format("Session::{0}: this {1} object is not tracked by the session{2}; {0} objects "
                            "that the session returned (get, add, query){3}",
                            operation, model_traits<T>::table_name, operation == "remove" ? "" : " as a stored row",
                            operation == "remove" ? "" : ", an added one after the flush that writes it"));
        }
        return entry->second;
    }

    static void overwrite(Entry& entry, T row) {
        *entry.object = row;
        entry.snapshot = std::move(row);
        entry.expired = false;
    }

    void forget_entry(typename std::unordered_map<identity_key_t<T>, Entry, IdentityKeyHash>::iterator entry) {
        if (entry != persistent_.end()) {
            removed_.push_back(std::move(entry->second.object));
            persistent_.erase(entry);
        }
    }

    // Every key column: changing any of them would make the object another row.
    static constexpr sql::ColumnMask key_mask = [] {
        sql::ColumnMask mask = 0;
        for (const std::size_t column : model_traits<T>::key_columns) {
            mask |= sql::ColumnMask{1} << column;
        }
        return mask;
    }();

    // A reference to the key member; a tuple of the key columns' values for a composite key.
    static decltype(auto) key_of(const T& object) { return mapping::key_value(object); }

    static bool lacks_key(const T& object) {
        if constexpr (model_traits<T>::key_kind == KeyKind::uuid) {
            return key_of(object).is_nil();
        } else {
            return table::lacks_serial_key(object);
        }
    }

    // Writes `objects` and tracks them as stored rows, with their snapshots.
    void write_and_track(Connection& connection, std::vector<std::unique_ptr<T>>& objects, sql::Write write) {
        if (objects.empty()) {
            return;
        }
        std::vector<T*> rows;
        rows.reserve(objects.size());
        for (const auto& object : objects) {
            rows.push_back(object.get());
        }
        table::write<T>(connection, rows, write);
        for (auto& object : objects) {
            auto [entry, inserted] = persistent_.try_emplace(identity_key<T>(key_of(*object)));
            entry->second.snapshot = *object;
            entry->second.object = std::move(object);
        }
        objects.clear();
    }

    // Moves `object` from `from` to removed_ (so references to it stay valid); false when it is not there.
    bool take_from(std::vector<std::unique_ptr<T>>& from, const T& object) {
        const auto found = std::find_if(from.begin(), from.end(), [&](const auto& p) { return p.get() == &object; });
        if (found == from.end()) {
            return false;
        }
        removed_.push_back(std::move(*found));
        from.erase(found);
        return true;
    }

    struct SavedRow {
        identity_key_t<T> key;
        const T* object;
        T value;
        T snapshot;
        bool expired;
    };
    struct Saved final : SavedRows {
        std::vector<SavedRow> rows;
    };

    std::unordered_map<identity_key_t<T>, Entry, IdentityKeyHash> persistent_;
    std::vector<std::unique_ptr<T>> pending_;  // added, INSERTed at the next flush in add order
    std::vector<std::unique_ptr<T>> upserts_;  // upserted (each with its key), written after the INSERTs
    std::unordered_map<identity_key_t<T>, T*, IdentityKeyHash> upsert_by_key_;  // upserts_ by key
    std::vector<mapping::KeyTexts<T>> deletes_;                                 // keys DELETEd at the next flush
    std::vector<std::unique_ptr<T>> removed_;                                   // kept alive until the session ends
};

}  // namespace detail

class UnitOfWork {
public:
    template <Model T>
    detail::TrackedRows<T>& rows() {
        auto [entry, inserted] = by_model_.try_emplace(std::type_index(typeid(T)));
        if (inserted) {
            entry->second = tables_.emplace_back(std::make_unique<detail::TrackedRows<T>>()).get();
        }
        return static_cast<detail::TrackedRows<T>&>(*entry->second);
    }

    // Runs `send`, which sends statements. Once one has failed on the server (or the connection was lost) the
    // transaction is aborted there: every later call throws orm::Error naming that failure instead of sending more,
    // so that objects whose INSERT failed are not sent again into a transaction that can only roll back. A savepoint
    // rollback (restore) lifts it.
    template <class Send>
    decltype(auto) run_statement(Send&& send) {
        refuse_if_failed();
        try {
            return send();
        } catch (const DatabaseError& error) {
            failed_at_ = error.what();
            throw;
        } catch (const ConnectionError& error) {
            failed_at_ = error.what();
            throw;
        }
    }

    void refuse_if_failed() const {
        if (!failed_at_.empty()) {
            throw Error(fmt::format(
                "this transaction failed earlier and the server has aborted it, so the session sends nothing more "
                "(the failure: {}). Let that error leave the run_transaction callback (a retryable one is retried), "
                "or catch constraint violations inside session.savepoint(...), which rolls back to before the "
                "failed write and keeps the transaction usable",
                failed_at_));
        }
    }

    // INSERTs and UPSERTs, then UPDATEs, then DELETEs, each phase over the models in the order the session first
    // used them. Statements whose answers are not needed (all but key reservations and writes returning server
    // defaults) are queued on the connection: they travel in one round trip with the next statement that is waited
    // for, and their errors are thrown from it. After a statement failed on the server nothing more is sent (see
    // run_statement).
    void flush(Connection& connection) {
        run_statement([&] {
            for_each_table([&](detail::TrackedTable& table) { table.write_pending(connection); });
            for_each_table([&](detail::TrackedTable& table) { table.update_changed(connection); });
            for_each_table([&](detail::TrackedTable& table) { table.delete_removed(connection); });
        });
    }

    // Every stored object's next load overwrites it with its row (Session::expire_all, raw execute).
    void expire_all() noexcept {
        for (const auto& table : tables_) {
            table->expire_all();
        }
    }

    // A statement outside the unit of work (SAVEPOINT, ROLLBACK TO SAVEPOINT) failed: the same as a failed flush.
    void record_failure(const std::exception& error) { failed_at_ = error.what(); }

    // The state at a savepoint's start, taken right after its flush.
    struct Saved {
        std::vector<std::unique_ptr<detail::SavedRows>> tables;  // one per model used so far, in tables_ order
        std::string failed_at;
    };

    Saved save() const {
        Saved saved{.tables = {}, .failed_at = failed_at_};
        saved.tables.reserve(tables_.size());
        for (const auto& table : tables_) {
            saved.tables.push_back(table->save());
        }
        return saved;
    }

    // After ROLLBACK TO SAVEPOINT: every model back to `saved`; a model first used inside the savepoint tracks
    // nothing (its objects stay valid until the session ends).
    void restore(const Saved& saved) {
        for (std::size_t i = 0; i < tables_.size(); ++i) {
            tables_[i]->restore(i < saved.tables.size() ? saved.tables[i].get() : nullptr);
        }
        failed_at_ = saved.failed_at;
    }

private:
    // Runs `phase` for each model in the order the session first used them; a constraint violation gets the columns
    // its model declares for the constraint, which the server does not send.
    template <class Phase>
    void for_each_table(Phase phase) {
        for (const auto& table : tables_) {
            try {
                phase(*table);
            } catch (ConstraintViolation& violation) {
                name_declared_columns(table->info(), violation);
                throw;
            }
        }
    }

    std::vector<std::unique_ptr<detail::TrackedTable>> tables_;
    std::unordered_map<std::type_index, detail::TrackedTable*> by_model_;
    std::string failed_at_;  // what() of the statement failure that aborted the transaction; empty while usable
};

}  // namespace orm
