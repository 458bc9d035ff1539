// orm::Query<T>: a SELECT, bulk UPDATE or bulk DELETE of model T built from typed clauses, from session.query<T>().
// Rows come back as the session's tracked objects (its identity map); bulk writes bring tracked objects in line.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include <fmt/format.h>

#include <roachorm/orm/core/error.hpp>
#include <roachorm/orm/execution/connection.hpp>
#include <roachorm/orm/execution/row_mapping.hpp>
#include <roachorm/orm/session/expression.hpp>
#include <roachorm/orm/session/unit_of_work.hpp>
#include <roachorm/orm/sql/keyset.hpp>
#include <roachorm/orm/sql/query_sql.hpp>
#include <roachorm/orm/sql/statements.hpp>

namespace orm {

class Session;

template <Model T>
class Query {
public:
    // Keeps the rows for which `condition` holds; several filters are ANDed.
    template <class C>
    Query& filter(const C& condition) {
        static_assert(detail::Expression<C>, "roachorm: filter takes a condition such as orm::col(&T::id) == id");
        using Base = detail::expr_base_t<C>;
        static_assert(std::is_same_v<typename Base::model_type, T>,
                      "roachorm: filter takes a condition on the query's own model (a column of another model was "
                      "used)");
        static_assert(std::is_same_v<typename Base::value_type, bool>,
                      "roachorm: filter takes a condition (a comparison, in, is_null, or a bool column), not a value");
        clauses_.filters.push_back(condition.fragment());
        return *this;
    }

    // Sorts by `expression` (a column or arithmetic on columns of T); later calls break ties of earlier ones.
    template <class E>
    Query& order_by(const E& expression, sql::Direction direction = asc) {
        static_assert(detail::Expression<E> && std::is_same_v<typename detail::expr_base_t<E>::model_type, T>,
                      "roachorm: order_by takes a column of the query's own model, e.g. orm::col(&T::id)");
        std::optional<std::size_t> column;
        if constexpr (requires { expression.index(); }) {
            column = expression.index();
        }
        clauses_.order.push_back({expression.fragment(), direction, column});
        return *this;
    }

    // Keyset pagination: keeps the rows that come after `row` in the order given so far (call order_by first, on
    // NOT NULL plain columns ending with a unique one, e.g. the key), reading the row's own values of those columns:
    //   query.order_by(col(&Post::created_at), orm::desc).order_by(col(&Post::id), orm::desc).after(last).limit(50)
    // orm::Error when there is no ordering, one is an expression or a nullable column.
    Query& after(const T& row) {
        std::vector<TextValue> values(model_traits<T>::column_count);
        boost::pfr::for_each_field(row, [&](const auto& field, std::size_t index) {
            for (const sql::Ordering& ordering : clauses_.order) {
                if (ordering.column == index) {
                    values[index] = mapping::to_text(field, mapping::column_place<T>(index));
                }
            }
        });
        clauses_.filters.push_back(sql::rows_after(model_traits<T>::table, clauses_.order, values));
        return *this;
    }

    Query& limit(std::int64_t rows) {
        clauses_.limit = rows;
        return *this;
    }

    Query& offset(std::int64_t rows) {
        clauses_.offset = rows;
        return *this;
    }

    // SELECT ... FOR UPDATE: the rows read are locked until the transaction ends, so a read-modify-write of them
    // waits for a competing writer instead of failing with a retry at commit.
    Query& for_update() {
        clauses_.for_update = true;
        return *this;
    }

    // The tracked objects of the matching rows, in the query's order.
    std::vector<T*> all() { return load(clauses_); }

    // The first matching row's object, or null when no row matches (reads at most one row).
    T* first() {
        sql::QueryClauses first_only = clauses_;
        first_only.limit = 1;
        const std::vector<T*> rows = load(first_only);
        return rows.empty() ? nullptr : rows.front();
    }

    // The only matching row's object: orm::NoResultFound when none matches, orm::MultipleResultsFound when more do.
    T& one() {
        const std::vector<T*> rows = all();
        if (rows.empty()) {
            throw NoResultFound(fmt::format("Query<{}>::one: no row matched; use first() when no row is a valid answer",
                                            model_traits<T>::table_name));
        }
        if (rows.size() > 1) {
            throw MultipleResultsFound(
                fmt::format("Query<{}>::one: {} rows matched where one was expected; filter on "
                            "the key, or use first() or all()",
                            model_traits<T>::table_name, rows.size()));
        }
        return *rows.front();
    }

    // Hands each matching row to `on_row` as it arrives from the server, holding no more than one at a time:
    // query.stream([&](const T& row) { ... }). The rows are untracked copies (a tracked stream would keep every row
    // in the identity map, which is what streaming avoids); to change one, get<T>(key) it after the stream. `on_row`
    // may return bool, false to stop early. Pending changes are flushed first. While rows arrive the connection is
    // busy, so any statement from `on_row` (a query, execute, flush, get of an untracked key) throws orm::Error.
    // An early stop or an exception reads and drops the rest of the result, then returns or propagates; the
    // transaction goes on (or rolls back, for an exception leaving the run_transaction callback). A server error in
    // mid-stream (a 40001 too) is a DatabaseError like any other, so run_transaction retries the whole callback.
    // Returns the number of rows handed over.
    template <class OnRow>
    std::uint64_t stream(OnRow&& on_row) {
        static_assert(std::is_invocable_v<OnRow&, const T&>,
                      "roachorm: stream takes a callable of const T& (the query's model), returning void or bool");
        const std::string& text = orm::statements<T>(dialect()).select(clauses_, sql::SelectShape::rows);
        const std::vector<TextValue> values = sql::select_values(clauses_);
        work_.flush(connection_);
        return work_.run_statement([&] {
            return connection_.stream(text, values, model_traits<T>::column_count, [&](TextRow row) {
                const T object = mapping::object_from_row<T>(row);
                if constexpr (std::is_same_v<std::invoke_result_t<OnRow&, const T&>, bool>) {
                    return static_cast<bool>(on_row(object));
                } else {
                    on_row(object);
                    return true;
                }
            });
        });
    }

    std::int64_t count() {
        std::int64_t count = 0;
        select(clauses_, sql::SelectShape::count, 1, [&](TextRow row) {
            count = mapping::from_text<std::int64_t>(row[0], model_traits<T>::table_name, "count");
        });
        return count;
    }

    bool exists() {
        bool exists = false;
        select(clauses_, sql::SelectShape::exists, 1,
               [&](TextRow row) { exists = mapping::from_text<bool>(row[0], model_traits<T>::table_name, "exists"); });
        return exists;
    }

    // UPDATE of every matching row, now: query.update(orm::set(&Account::balance, orm::col(&Account::balance) + 5)).
    // Returns the number of rows changed; objects the session tracks take the new values (through RETURNING).
    template <class... Assignments>
    std::uint64_t update(const Assignments&... set) {
        static_assert(sizeof...(Assignments) > 0, "roachorm: update takes one or more orm::set(&T::member, value)");
        static_assert((std::is_same_v<Assignments, Assignment<T>> && ...),
                      "roachorm: update takes orm::set(&T::member, value) of the query's own model");
        const std::vector<sql::Assignment> assignments{set.assignment...};
        std::vector<std::size_t> columns;
        for (const sql::Assignment& assignment : assignments) {
            columns.push_back(assignment.column);
        }
        auto& rows = work_.template rows<T>();
        work_.flush(connection_);
        const bool synchronize = rows.tracks_stored_rows();
        return run(sql::update(dialect(), model_traits<T>::table, clauses_, assignments, synchronize),
                   synchronize ? mapping::key_column_count<T> + columns.size() : 0,
                   [&](TextRow row) { rows.refresh(row, columns); });
    }

    // DELETE of every matching row, now. Returns the number of rows deleted; their tracked objects leave the
    // session (and stay valid until it ends).
    std::uint64_t remove() {
        auto& rows = work_.template rows<T>();
        work_.flush(connection_);
        const bool synchronize = rows.tracks_stored_rows();
        return run(sql::remove(dialect(), model_traits<T>::table, clauses_, synchronize),
                   synchronize ? mapping::key_column_count<T> : 0, [&](TextRow row) { rows.forget(row); });
    }

private:
    friend class Session;
    Query(Connection& connection, UnitOfWork& work) : connection_(connection), work_(work) {}

    const dialect::Dialect& dialect() const noexcept { return connection_.dialect(); }

    // Flushes pending changes first, so the statement sees them (autoflush).
    template <class OnRow>
    std::uint64_t run(const sql::Statement& statement, std::size_t result_columns, OnRow&& on_row) {
        work_.flush(connection_);
        return connection_.execute(statement.text, statement.values, result_columns, on_row);
    }

    // A SELECT's text is rendered once per query shape and reused (it is hashed again for every query otherwise
    // identical); only its values are gathered per call.
    template <class OnRow>
    void select(const sql::QueryClauses& clauses, sql::SelectShape shape, std::size_t result_columns, OnRow&& on_row) {
        const std::string& text = orm::statements<T>(dialect()).select(clauses, shape);
        const std::vector<TextValue> values = sql::select_values(clauses);
        work_.flush(connection_);
        connection_.execute(text, values, result_columns, on_row);
    }

    std::vector<T*> load(const sql::QueryClauses& clauses) {
        auto& tracked = work_.template rows<T>();
        std::vector<T*> objects;
        // A LIMIT bounds the rows to come; reserving for them saves regrowing both containers on a large read. The
        // cap keeps an oversized LIMIT from allocating for rows that never arrive.
        constexpr std::int64_t reserve_cap = 65536;
        if (clauses.limit && *clauses.limit > 1) {
            const auto rows = static_cast<std::size_t>(std::min(*clauses.limit, reserve_cap));
            objects.reserve(rows);
            tracked.reserve(rows);
        }
        select(clauses, sql::SelectShape::rows, model_traits<T>::column_count,
               [&](TextRow row) { objects.push_back(&tracked.track_loaded(mapping::object_from_row<T>(row))); });
        return objects;
    }

    Connection& connection_;
    UnitOfWork& work_;
    sql::QueryClauses clauses_;
};

}  // namespace orm
