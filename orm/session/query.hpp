// orm::Query<T, Joined...>: a SELECT of model T (and of the models joined to it), bulk UPDATE or bulk DELETE built
// from typed clauses, from session.query<T>(). Rows come back as the session's tracked objects (its identity map).
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <ranges>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <boost/pfr.hpp>

#include <roachorm/orm/core/error.hpp>
#include <roachorm/orm/execution/connection.hpp>
#include <roachorm/orm/execution/row_mapping.hpp>
#include <roachorm/orm/mapping/relationships.hpp>
#include <roachorm/orm/session/conditions.hpp>
#include <roachorm/orm/session/expression.hpp>
#include <roachorm/orm/session/projection.hpp>
#include <roachorm/orm/session/query_clauses.hpp>
#include <roachorm/orm/session/select_execution.hpp>
#include <roachorm/orm/session/unit_of_work.hpp>
#include <roachorm/orm/sql/keyset.hpp>
#include <roachorm/orm/sql/query_sql.hpp>
#include <roachorm/orm/sql/statements.hpp>

namespace orm {

class Session;
template <Model Parent, Model Child>
class Related;

namespace detail {

// The condition `From`'s foreign key to `To` gives: each of its columns equal to the column it references.
template <Model From, Model To>
sql::Fragment foreign_key_condition() {
    constexpr ForeignKeyColumns columns = foreign_key_columns<From, To>();
    std::optional<sql::Fragment> condition;
    for (std::size_t i = 0; i < columns.from.size(); ++i) {
        sql::Fragment equal =
            sql::Fragment::binary(sql::Fragment::column(model_traits<From>::table, columns.from[i]), " = ",
                                  sql::Fragment::column(model_traits<To>::table, columns.to[i]));
        condition = condition ? sql::Fragment::binary(std::move(*condition), " AND ", std::move(equal)) : equal;
    }
    return *condition;
}

template <Model A, Model B>
constexpr std::size_t foreign_keys_between = foreign_key_count<A, B> + foreign_key_count<B, A>;

}  // namespace detail

template <Model T, Model... Joined>
class Query : public detail::ClauseBuilder<Query<T, Joined...>, detail::models<T, Joined...>> {
    using scope = detail::models<T, Joined...>;
    static constexpr bool has_joins = sizeof...(Joined) > 0;
    using detail::ClauseBuilder<Query, scope>::clauses_;

public:
    // What a row of the query is: the object of T, or with joins one object per model (null for a LEFT JOIN's
    // model when the row had no match).
    using row_type = std::conditional_t<has_joins, std::tuple<T*, Joined*...>, T*>;

    // INNER JOIN of model J on the one foreign key declared between J and a model of the query.
    template <Model J>
    Query<T, Joined..., J> join() const {
        return with_join<J>(sql::JoinKind::inner, declared_join_condition<J>());
    }
    // INNER JOIN of model J on `condition`, e.g. orm::col(&Post::author_id) == orm::col(&User::id).
    template <Model J, class C>
    Query<T, Joined..., J> join(const C& condition) const {
        return with_join<J>(sql::JoinKind::inner, join_condition<J>(condition));
    }
    // LEFT JOIN: every row of the query so far, with J's object null where no row of J matches.
    template <Model J>
    Query<T, Joined..., J> left_join() const {
        return with_join<J>(sql::JoinKind::left, declared_join_condition<J>());
    }
    template <Model J, class C>
    Query<T, Joined..., J> left_join(const C& condition) const {
        return with_join<J>(sql::JoinKind::left, join_condition<J>(condition));
    }

    // The children of `parents` (objects or pointers of a model with a one-column key), tracked, grouped by the
    // parent key their foreign-key `member` holds, in one SELECT with this query's filters and order; returns an
    // orm::Related<Parent, T>: session.query<Comment>().order_by(orm::col(&Comment::id)).children_of(posts,
    // &Comment::post_id). Defined in related_rows.hpp.
    template <std::ranges::input_range Parents, class Member, class Owner>
    auto children_of(const Parents& parents, Member Owner::*member);

    // The chosen columns or expressions of the query's models, read into tuples (untracked): query.select(
    // orm::col(&Post::title), orm::col(&User::name)). With aggregates (orm::count(), orm::sum(...)) and group_by, one
    // row per group.
    template <class... E>
    auto select(const E&... expressions) const {
        static_assert(sizeof...(E) > 0, "roachorm: select takes one or more columns or expressions");
        static_assert((detail::Expression<E> && ...),
                      "roachorm: select takes columns or expressions, e.g. orm::col(&Post::title) or orm::count()");
        static_assert((detail::scope_within<typename detail::expr_base_t<E>::scope_type, scope> && ...),
                      "roachorm: select takes columns of the query's models: join the model whose column it uses "
                      "(query.join<Model>()) first");
        constexpr bool has_aggregate = (detail::is_aggregate<E> || ...);
        constexpr bool has_plain = (!detail::is_aggregate<E> || ...);
        sql::QueryClauses clauses = clauses_;
        clauses.projection = {expressions.fragment()...};
        return Projection < T, scope, has_aggregate && has_plain,
               typename detail::expr_base_t<E>::result_type... > (connection_, work_, std::move(clauses));
    }

    // Keyset pagination: keeps the rows that come after `row` in the order given so far (call order_by first, on
    // NOT NULL plain columns of T ending with a unique one, e.g. the key), reading the row's own values of those
    // columns:
    //   query.order_by(col(&Post::created_at), orm::desc).order_by(col(&Post::id), orm::desc).after(last).limit(50)
    // orm::Error when there is no ordering, or one is an expression, a nullable column or a joined model's column.
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

    // SELECT ... FOR UPDATE: the rows read are locked until the transaction ends, so a read-modify-write of them
    // waits for a competing writer instead of failing with a retry at commit.
    Query& for_update() {
        clauses_.for_update = true;
        return *this;
    }

    // The matching rows' tracked objects, in the query's order.
    std::vector<row_type> all() { return load(clauses_); }

    // The first matching row (reads at most one row): T*, null when none matches; with joins, std::nullopt then.
    auto first() {
        sql::QueryClauses first_only = clauses_;
        first_only.limit = 1;
        std::vector<row_type> rows = load(first_only);
        if constexpr (has_joins) {
            return rows.empty() ? std::nullopt : std::optional<row_type>(rows.front());
        } else {
            return rows.empty() ? nullptr : rows.front();
        }
    }

    // The only matching row: orm::NoResultFound when none matches, orm::MultipleResultsFound when more do. T&, or
    // with joins the tuple of objects.
    decltype(auto) one() {
        const std::vector<row_type> rows = all();
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
        if constexpr (has_joins) {
            return row_type(rows.front());
        } else {
            return static_cast<T&>(*rows.front());
        }
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
        static_assert(!has_joins, "roachorm: stream reads the rows of a query of one model, without joins");
        static_assert(std::is_invocable_v<OnRow&, const T&>,
                      "roachorm: stream takes a callable of const T& (the query's model), returning void or bool");
        const std::string& text = orm::statements<T>(dialect()).select(clauses_, sql::SelectShape::rows);
        const std::vector<TextValue> values = sql::select_values(dialect(), clauses_);
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
        read(clauses_, sql::SelectShape::count, 1, [&](TextRow row) {
            count = mapping::from_text<std::int64_t>(row[0], model_traits<T>::table_name, "count");
        });
        return count;
    }

    bool exists() {
        bool exists = false;
        read(clauses_, sql::SelectShape::exists, 1,
             [&](TextRow row) { exists = mapping::from_text<bool>(row[0], model_traits<T>::table_name, "exists"); });
        return exists;
    }

    // UPDATE of every matching row, now: query.update(orm::set(&Account::balance, orm::col(&Account::balance) + 5)).
    // Returns the number of rows changed; objects the session tracks take the new values (through RETURNING).
    template <class... Assignments>
    std::uint64_t update(const Assignments&... set) {
        static_assert(!has_joins, "roachorm: a bulk update applies to a query of one model, without joins");
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
        static_assert(!has_joins, "roachorm: a bulk remove applies to a query of one model, without joins");
        auto& rows = work_.template rows<T>();
        work_.flush(connection_);
        const bool synchronize = rows.tracks_stored_rows();
        return run(sql::remove(dialect(), model_traits<T>::table, clauses_, synchronize),
                   synchronize ? mapping::key_column_count<T> : 0, [&](TextRow row) { rows.forget(row); });
    }

private:
    friend class Session;
    template <Model, Model...>
    friend class Query;
    Query(Connection& connection, UnitOfWork& work, sql::QueryClauses clauses = {})
        : detail::ClauseBuilder<Query, scope>(std::move(clauses)), connection_(connection), work_(work) {}

    const dialect::Dialect& dialect() const noexcept { return connection_.dialect(); }

    template <Model J>
    Query<T, Joined..., J> with_join(sql::JoinKind kind, sql::Fragment condition) const {
        static_assert(!detail::list_contains<scope, J>,
                      "roachorm: a model appears once in a query; joining a model with itself needs table aliases, "
                      "which roachorm does not have yet");
        sql::QueryClauses clauses = clauses_;
        clauses.joins.push_back({&model_traits<J>::table, kind, std::move(condition)});
        return Query<T, Joined..., J>(connection_, work_, std::move(clauses));
    }

    template <Model J, class C>
    static sql::Fragment join_condition(const C& condition) {
        static_assert(detail::Expression<C> && std::is_same_v<typename detail::expr_base_t<C>::value_type, bool>,
                      "roachorm: a join takes a condition such as orm::col(&Post::author_id) == orm::col(&User::id)");
        using Scope = typename detail::expr_base_t<C>::scope_type;
        static_assert(detail::scope_within<Scope, detail::models<T, Joined..., J>>,
                      "roachorm: a join condition may use the joined model's columns and those of the models "
                      "already in the query");
        static_assert(detail::list_contains<detail::scope_list_t<Scope>, J>,
                      "roachorm: a join condition must use a column of the model it joins");
        return condition.fragment();
    }

    template <Model J>
    static sql::Fragment declared_join_condition() {
        constexpr std::size_t declared =
            (detail::foreign_keys_between<T, J> + ... + detail::foreign_keys_between<Joined, J>);
        static_assert(declared > 0,
                      "roachorm: join<J>() joins on a foreign key declared between J and a model of the query, and "
                      "there is none: declare one (orm::foreign_key) or give the join a condition, "
                      "join<J>(orm::col(&A::x) == orm::col(&J::y))");
        static_assert(declared < 2,
                      "roachorm: more than one foreign key joins J to the query's models, so join<J>() cannot choose: "
                      "give the join its condition, join<J>(orm::col(&A::x) == orm::col(&J::y))");
        std::optional<sql::Fragment> condition;
        auto from = [&]<Model Q>() {
            if constexpr (foreign_key_count<Q, J> == 1) {
                condition = detail::foreign_key_condition<Q, J>();
            } else if constexpr (foreign_key_count<J, Q> == 1) {
                condition = detail::foreign_key_condition<J, Q>();
            }
        };
        from.template operator()<T>();
        (from.template operator()<Joined>(), ...);
        return *condition;
    }

    // Flushes pending changes first, so the statement sees them (autoflush).
    template <class OnRow>
    std::uint64_t run(const sql::Statement& statement, std::size_t result_columns, OnRow&& on_row) {
        work_.flush(connection_);
        return work_.run_statement(
            [&] { return connection_.execute(statement.text, statement.values, result_columns, on_row); });
    }

    template <class OnRow>
    void read(const sql::QueryClauses& clauses, sql::SelectShape shape, std::size_t result_columns, OnRow&& on_row) {
        detail::run_select<T>(connection_, work_, clauses, shape, result_columns, on_row);
    }

    // The tracked object of model M whose columns start at `offset` in `row`; null for a LEFT JOIN's unmatched side
    // (every key column NULL, which a stored row's key never is).
    template <Model M>
    M* track(TextRow row, std::size_t offset) {
        const TextRow columns = row.subspan(offset, model_traits<M>::column_count);
        if constexpr (has_joins) {
            if (std::all_of(model_traits<M>::key_columns.begin(), model_traits<M>::key_columns.end(),
                            [&](std::size_t key) { return !columns[key].has_value(); })) {
                return nullptr;
            }
        }
        return &work_.template rows<M>().track_loaded(mapping::object_from_row<M>(columns));
    }

    row_type track_row(TextRow row) {
        if constexpr (has_joins) {
            // Each model's columns follow the previous model's in the row.
            constexpr std::array<std::size_t, sizeof...(Joined) + 1> offsets = [] {
                std::array<std::size_t, sizeof...(Joined) + 1> starts{};
                const std::array<std::size_t, sizeof...(Joined) + 1> counts{model_traits<T>::column_count,
                                                                            model_traits<Joined>::column_count...};
                for (std::size_t i = 1; i < starts.size(); ++i) {
                    starts[i] = starts[i - 1] + counts[i - 1];
                }
                return starts;
            }();
            return [&]<std::size_t... I>(std::index_sequence<I...>) {
                return row_type{track<T>(row, 0), track<Joined>(row, offsets[I + 1])...};
            }
            (std::index_sequence_for<Joined...>{});
        } else {
            return track<T>(row, 0);
        }
    }

    std::vector<row_type> load(const sql::QueryClauses& clauses) {
        std::vector<row_type> rows;
        // A LIMIT bounds the rows to come; reserving for them saves regrowing both containers on a large read. The
        // cap keeps an oversized LIMIT from allocating for rows that never arrive.
        constexpr std::int64_t reserve_cap = 65536;
        if (clauses.limit && *clauses.limit > 1) {
            const auto count = static_cast<std::size_t>(std::min(*clauses.limit, reserve_cap));
            rows.reserve(count);
            work_.template rows<T>().reserve(count);
        }
        constexpr std::size_t columns = (model_traits<T>::column_count + ... + model_traits<Joined>::column_count);
        read(clauses, sql::SelectShape::rows, columns, [&](TextRow row) { rows.push_back(track_row(row)); });
        return rows;
    }

    Connection& connection_;
    UnitOfWork& work_;
};

}  // namespace orm
