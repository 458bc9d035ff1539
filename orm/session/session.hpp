// orm::Session: the unit of work of one transaction attempt. It exists only inside orm::run_transaction, which
// creates it, flushes it and commits; user code can use it but never create, copy, move, commit or roll it back.
#pragma once

#include <array>
#include <cstdint>
#include <ranges>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <unordered_set>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include <roachorm/orm/execution/connection.hpp>
#include <roachorm/orm/execution/row_mapping.hpp>
#include <roachorm/orm/session/query.hpp>
#include <roachorm/orm/session/related_rows.hpp>
#include <roachorm/orm/session/unit_of_work.hpp>

namespace orm {
namespace detail {
class TransactionAttempt;

// A raw-SQL parameter in its text form: any mapped type, std::optional of one, or a string literal.
template <class Param>
TextValue parameter_text(const Param& value, std::size_t position) {
    const mapping::ValuePlace place{.table = {}, .column = {}, .parameter = position};
    if constexpr (std::is_convertible_v<const Param&, std::string_view> && !std::is_same_v<Param, std::string>) {
        return mapping::to_text(std::string(std::string_view(value)), place);
    } else {
        return mapping::to_text(value, place);
    }
}

// The text forms of raw-SQL parameters, bound to $1, $2, ... in order, with room for at least one element.
template <class... Params>
std::array<TextValue, sizeof...(Params) + 1> parameter_texts(const Params&... params) {
    std::size_t position = 0;
    return {parameter_text(params, ++position)..., TextValue{}};
}
// "id" or "post_id, tag": the key columns of T, for messages that name a row without its values.
template <Model T>
std::string key_column_names() {
    std::string names;
    for (const std::size_t column : model_traits<T>::key_columns) {
        names += names.empty() ? "" : ", ";
        names += model_traits<T>::columns[column].name;
    }
    return names;
}

// Savepoint names are fixed per nesting depth (the server resolves a name to the innermost savepoint that has it, and
// each one is released or rolled back before another opens at its depth), so statement texts do not vary.
inline std::string savepoint_name(int depth) {
    return "roachorm_savepoint_" + std::to_string(depth);
}

template <class F, class S>
decltype(auto) invoke_savepoint_callback(F& callback, S& session) {
    if constexpr (std::is_invocable_v<F&, S&>) {
        return callback(session);
    } else {
        return callback();
    }
}

template <class F, class S>
using savepoint_result_t =
    typename std::conditional_t<std::is_invocable_v<F&, S&>, std::invoke_result<F&, S&>, std::invoke_result<F&>>::type;

// Counts a savepoint open for as long as it is.
class DepthGuard {
public:
    explicit DepthGuard(int& depth) : depth_(depth) { ++depth_; }
    ~DepthGuard() { --depth_; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;

private:
    int& depth_;
};
}  // namespace detail

class Session {
public:
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;
    Session(Session&&) = delete;
    Session& operator=(Session&&) = delete;
    ~Session() = default;

    // 1 for the first attempt of the transaction, 2 for its first retry, ...
    int attempt() const noexcept { return attempt_; }
    const dialect::Dialect& dialect() const noexcept { return connection_.dialect(); }

    // Runs raw SQL with "$1", "$2", ... bound to `params`; returns the number of rows it affected. Pending changes
    // are flushed first, so the statement sees them. The session cannot know which rows the statement changed, so
    // afterwards every tracked object is expired (see expire_all): the next query or get of its row reads the
    // row's values into it.
    template <class... Params>
    std::uint64_t execute(const std::string& sql, const Params&... params) {
        work_.flush(connection_);
        const auto values = detail::parameter_texts(params...);
        const std::uint64_t rows =
            work_.run_statement([&] { return connection_.execute(sql, std::span(values.data(), sizeof...(Params))); });
        work_.expire_all();
        return rows;
    }

    // Runs a raw SELECT and reads each row into a tuple of `Columns` (mapped types or std::optional of them):
    //   for (auto [id, balance] : session.select<orm::uuid, std::int64_t>("SELECT id, balance FROM accounts")) ...
    template <class... Columns, class... Params>
    std::vector<std::tuple<Columns...>> select(const std::string& sql, const Params&... params) {
        work_.flush(connection_);
        const auto values = detail::parameter_texts(params...);
        std::vector<std::tuple<Columns...>> rows;
        work_.run_statement([&] {
            connection_.execute(sql, std::span(values.data(), sizeof...(Params)), sizeof...(Columns), [&](TextRow row) {
                rows.push_back([&]<std::size_t... I>(std::index_sequence<I...>) {
                    return std::tuple<Columns...>{
                        mapping::from_text<Columns>(row[I], "query result", mapping::ResultColumn{I + 1})...};
                }(std::index_sequence_for<Columns...>{}));
            });
        });
        return rows;
    }

    // Tracks a new object, INSERTed at the next flush; a serial key or a nil uuid key is filled in then.
    template <Model T>
    T& add(T object) {
        return work_.rows<T>().add(std::move(object));
    }

    // Tracks copies of `objects`; a flush INSERTs them with one multi-row statement per chunk of rows that fits the
    // parameter limit and 8 MiB of values (sql::StatementBudget). Returns the session's objects, in order.
    // (add_all<T>(range) converts each element to T; add_all(range) takes the range's own model type.)
    template <Model T, std::ranges::input_range Range>
    std::vector<T*> add_all(Range&& objects) {
        std::vector<T*> added;
        for (auto&& object : objects) {
            added.push_back(&add<T>(T(std::forward<decltype(object)>(object))));
        }
        return added;
    }
    template <std::ranges::input_range Range>
    auto add_all(Range&& objects) {
        return add_all<std::ranges::range_value_t<Range>>(std::forward<Range>(objects));
    }

    // Writes `object` at the next flush, inserting its row or overwriting the row with its key (UPSERT INTO on
    // CockroachDB, INSERT ... ON CONFLICT (key) DO UPDATE on PostgreSQL). The key is written as given; an object
    // without a key (nil uuid, unassigned serial) is added as a new row with a fresh key, never written with a key
    // nobody chose. Returns the session's object for that row.
    template <Model T>
    T& upsert(T object) {
        return work_.rows<T>().upsert(std::move(object));
    }

    template <Model T, std::ranges::input_range Range>
    std::vector<T*> upsert_all(Range&& objects) {
        std::vector<T*> upserted;
        for (auto&& object : objects) {
            upserted.push_back(&upsert<T>(T(std::forward<decltype(object)>(object))));
        }
        return upserted;
    }
    template <std::ranges::input_range Range>
    auto upsert_all(Range&& objects) {
        return upsert_all<std::ranges::range_value_t<Range>>(std::forward<Range>(objects));
    }

    // A query of model T: session.query<Account>().filter(orm::col(&Account::id) == id).one().
    template <Model T>
    Query<T> query() {
        return Query<T>(connection_, work_);
    }

    // The children of `parents` whose foreign-key `member` holds a parent's key, in one SELECT (`member = ANY($1)`),
    // tracked and grouped by parent: comments.of(post) are a post's comments. Parents are objects or pointers (null
    // ones skipped) of a model with a one-column key; duplicates are fine; no parents send no statement. To filter
    // or order the children: session.query<Comment>().order_by(...).children_of(posts, &Comment::post_id).
    template <std::ranges::input_range Parents, class Member, Model Child>
    Related<detail::element_model_t<Parents>, Child> load_children(const Parents& parents, Member Child::*member) {
        return query<Child>().children_of(parents, member);
    }

    // The Parent objects that `children` refer to through their foreign-key `member` (many-to-one), tracked: those
    // the session does not track yet are read in one SELECT (`key = ANY($1)`), none at all when it tracks them all.
    // authors.of(post) is a post's author, null for a NULL foreign key:
    //   auto authors = session.load_parents<User>(posts, &Post::author_id);
    template <Model Parent, std::ranges::input_range Children, class Member, Model Child>
    Referenced<Child, Parent> load_parents(const Children& children, Member Child::*member) {
        constexpr bool own_member = std::is_same_v<detail::element_model_t<Children>, Child>;
        static_assert(own_member,
                      "roachorm: load_parents takes the foreign-key member of the children's own model, e.g. "
                      "session.load_parents<User>(posts, &Post::author_id)");
        static_assert(detail::check_reference<Parent, Member>());
        if constexpr (own_member) {
            return load_parents_of<Parent>(children, member);
        }
    }

    // The tracked object with `key`, loaded from the server unless the session tracks it already (and it is not
    // expired: then its row is read again into the same object); null when no row has that key. A composite key is
    // a std::tuple of its columns in key order: get<PostTag>({7, "cpp"}).
    template <Model T>
    T* get(const key_type_t<T>& key) {
        auto& rows = work_.rows<T>();
        if (T* tracked = rows.find_current(key)) {
            return tracked;
        }
        work_.flush(connection_);
        std::optional<T> loaded = work_.run_statement([&] { return table::find<T>(connection_, key); });
        if (!loaded) {
            rows.forget_key(key);  // an expired object whose row raw SQL deleted
            return nullptr;
        }
        return &rows.track_loaded(std::move(*loaded));
    }

    // The tracked objects with `keys`, in the order given (null where no row has the key), reading those the session
    // does not track (or has expired) in one SELECT, `key = ANY($1)`, rather than one round trip per key:
    //   auto [from, to] = session.get_many<Account>(std::array{from_id, to_id});  (a std::vector<Account*>)
    // Keys are of the model's one-column key type (integers for a serial key); duplicates are fine.
    template <Model T, std::ranges::input_range Keys>
    std::vector<T*> get_many(const Keys& keys) {
        static_assert(!model_traits<T>::has_composite_key,
                      "roachorm: get_many reads a one-column key with = ANY($1); for a composite key call get<T>(key) "
                      "for each, or query with a filter on the key columns");
        if constexpr (!model_traits<T>::has_composite_key) {
            auto& rows = work_.rows<T>();
            std::vector<key_type_t<T>> wanted;
            std::unordered_set<detail::identity_key_t<T>, detail::IdentityKeyHash> seen;
            std::vector<detail::reference_value_t<column_value_t<key_type_t<T>>>> missing;
            for (const auto& key : keys) {
                wanted.push_back(detail::parent_key<T>(key));
                if (detail::add_key<T>(wanted.back(), seen, missing) && rows.find_current(wanted.back())) {
                    missing.pop_back();
                }
            }
            if (!missing.empty()) {
                const Column<T, key_type_t<T>> key_column(model_traits<T>::key_index);
                std::unordered_set<detail::identity_key_t<T>, detail::IdentityKeyHash> found;
                for (const T* loaded : query<T>().filter(key_column.in(missing)).all()) {
                    found.insert(detail::identity_key<T>(mapping::key_value(*loaded)));
                }
                for (const key_type_t<T>& key : wanted) {
                    if (!found.contains(detail::identity_key<T>(key)) && !rows.find_current(key)) {
                        rows.forget_key(key);  // an expired object whose row raw SQL deleted
                    }
                }
            }
            std::vector<T*> objects;
            objects.reserve(wanted.size());
            for (const key_type_t<T>& key : wanted) {
                objects.push_back(rows.find_current(key));
            }
            return objects;
        }
    }

    // get() of a serial key by its number: get<User>(42), or get<User>(post.author_id) from a foreign key.
    template <Model T, class Integer>
    requires(std::is_same_v<key_type_t<T>, serial>&& std::is_integral_v<Integer> &&
             !std::is_same_v<Integer, bool>) T* get(Integer key) {
        if (!std::in_range<std::int64_t>(key)) {
            throw Error(
                fmt::format("get<{}>: the key does not fit in the INT8 key column", model_traits<T>::table_name));
        }
        return get<T>(serial{static_cast<std::int64_t>(key)});
    }

    // get() of a composite key given column by column, in key order: get<PostTag>(7, "cpp").
    template <Model T, class... KeyColumns>
    requires(sizeof...(KeyColumns) > 1) T* get(KeyColumns&&... columns) {
        static_assert(model_traits<T>::has_composite_key,
                      "roachorm: get<T>(a, b, ...) takes the columns of a composite key, and this model's key is one "
                      "column: call get<T>(key)");
        static_assert(
            !model_traits<T>::has_composite_key || sizeof...(KeyColumns) == model_traits<T>::key_columns.size(),
            "roachorm: get<T>(a, b, ...) takes one value per key column, in the order of the model's "
            "primary_key = orm::key(...)");
        return get<T>(key_type_t<T>(std::forward<KeyColumns>(columns)...));
    }

    // Reads `object`'s row now (one SELECT by key) and gives the object its values; changes to it not flushed yet
    // are dropped (flush() first to keep them). Other objects' pending changes stay pending. Throws
    // orm::NoResultFound when the row is gone (the object then stops being tracked, and stays valid until the
    // session ends), orm::Error when `object` is not a stored object of this session.
    template <Model T>
    void refresh(T& object) {
        auto& rows = work_.rows<T>();
        rows.check_stored(object, "refresh");
        const key_type_t<T> key = mapping::key_value(object);
        std::optional<T> row = work_.run_statement([&] { return table::find<T>(connection_, key); });
        if (!row) {
            rows.forget_key(key);
            throw NoResultFound(
                fmt::format("Session::refresh: the {} row with this object's key ({}) is gone (deleted "
                            "since it was loaded); the object is no longer tracked",
                            model_traits<T>::table_name, detail::key_column_names<T>()));
        }
        rows.overwrite(object, std::move(*row));
    }

    // Marks `object` so that the next load of its row (a query returning it, or get) gives it the row's values
    // instead of keeping the ones in memory; get() of it reads the row again. Nothing is sent now. Changes made to
    // it before that load are not lost: every load flushes first.
    template <Model T>
    void expire(T& object) {
        work_.rows<T>().expire(object);
    }

    // expire() of every stored object the session tracks. Raw execute() does this after its statement.
    void expire_all() { work_.expire_all(); }

    // DELETEs the object's row at the next flush. The object itself stays valid until the session ends.
    template <Model T>
    void remove(T& object) {
        work_.rows<T>().remove(object);
    }

    // Writes pending changes now: INSERTs, UPDATEs of changed columns, DELETEs, in one round trip where no answer is
    // needed in between. Rarely needed: every query, get and raw statement writes them first (in the same round
    // trip), and run_transaction writes the rest together with COMMIT.
    void flush() {
        work_.flush(connection_);
        work_.run_statement([&] { connection_.send_queued(); });
    }

    // Runs `callback` (taking the Session&, or nothing) in a nested transaction and returns what it returns: flushes,
    // sends SAVEPOINT, runs it, flushes, RELEASEs the savepoint. When it (or that flush) throws, the database and
    // the session go back to where they were at the savepoint (ROLLBACK TO SAVEPOINT and RELEASE; objects added or
    // loaded inside stop being tracked, objects tracked before get their values back) and the exception propagates:
    // catch it outside, and the transaction goes on. A retry request (40001) or a lost connection is not rolled back
    // to the savepoint but propagates untouched, so that run_transaction runs the whole transaction again.
    // Savepoints nest.
    template <class F>
    auto savepoint(F&& callback) -> detail::savepoint_result_t<F, Session> {
        const std::string name = detail::savepoint_name(savepoint_depth_ + 1);
        send_with_pending_writes("SAVEPOINT " + name);
        const UnitOfWork::Saved saved = work_.save();
        const detail::DepthGuard depth(savepoint_depth_);
        try {
            if constexpr (std::is_void_v<detail::savepoint_result_t<F, Session>>) {
                detail::invoke_savepoint_callback(callback, *this);
                send_with_pending_writes("RELEASE SAVEPOINT " + name);
            } else {
                detail::savepoint_result_t<F, Session> result = detail::invoke_savepoint_callback(callback, *this);
                send_with_pending_writes("RELEASE SAVEPOINT " + name);
                return result;
            }
        } catch (...) {
            roll_back_to(name, saved);
            throw;
        }
    }

private:
    friend class detail::TransactionAttempt;
    Session(Connection& connection, int attempt) : connection_(connection), attempt_(attempt) {}

    // Queues the pending writes for run_transaction, which sends them with COMMIT.
    void queue_pending_writes() { work_.flush(connection_); }

    // Sends the pending writes, then the savepoint statement `sql`, in one round trip.
    void send_with_pending_writes(const std::string& sql) {
        work_.flush(connection_);
        work_.run_statement([&] {
            connection_.queue({.sql = sql, .prepare = false});
            connection_.send_queued();
        });
    }

    // load_parents once its arguments are checked.
    template <Model Parent, class Children, class Member, Model Child>
    Referenced<Child, Parent> load_parents_of(const Children& children, Member Child::*member) {
        work_.flush(connection_);
        auto& tracked = work_.rows<Parent>();
        std::vector<Parent*> parents;
        std::unordered_set<detail::identity_key_t<Parent>, detail::IdentityKeyHash> seen;
        std::vector<detail::reference_value_t<column_value_t<key_type_t<Parent>>>> missing;
        for (const auto& element : children) {
            const Child* child = detail::element_pointer(element);
            const auto key = child ? detail::held_key<Parent>(*child, member) : std::nullopt;
            if (key && detail::add_key<Parent>(*key, seen, missing)) {
                if (Parent* parent = tracked.find_current(*key)) {
                    parents.push_back(parent);
                    missing.pop_back();
                }
            }
        }
        if (!missing.empty()) {
            const Column<Parent, key_type_t<Parent>> key_column(model_traits<Parent>::key_index);
            for (Parent* parent : query<Parent>().filter(key_column.in(missing)).all()) {
                parents.push_back(parent);
            }
        }
        return Referenced<Child, Parent>(std::move(parents), member);
    }

    // Undoes a savepoint whose callback threw (the exception being handled), unless that exception asks for the
    // whole transaction to run again. If the server refuses the rollback, the session stays failed (nothing more is
    // sent) and a retry request or lost connection from the rollback propagates instead.
    void roll_back_to(const std::string& name, const UnitOfWork::Saved& saved) {
        try {
            throw;
        } catch (const DatabaseError& error) {
            if (dialect().is_retryable(error.sqlstate())) {
                work_.record_failure(error);
                return;
            }
        } catch (const ConnectionError& error) {
            work_.record_failure(error);
            return;
        } catch (...) {
        }
        // Not through run_statement: the session may be refusing statements because of the very failure this
        // rollback undoes. ROLLBACK TO keeps the savepoint and lifts the aborted state; RELEASE then removes it.
        try {
            connection_.execute_unprepared(fmt::format("ROLLBACK TO SAVEPOINT {0}; RELEASE SAVEPOINT {0}", name));
        } catch (const DatabaseError& error) {
            work_.record_failure(error);
            if (dialect().is_retryable(error.sqlstate())) {
                throw;
            }
            return;
        } catch (const ConnectionError& error) {
            work_.record_failure(error);
            throw;
        }
        work_.restore(saved);
    }

    Connection& connection_;
    int attempt_;
    int savepoint_depth_ = 0;  // savepoints open now
    UnitOfWork work_;
};

}  // namespace orm
