// The positive control of the query compile-fail checks: well-typed expressions and queries as users write them.
// tests/unit/sql/query_sql_test.cpp compiles it; each query compile-fail file adds one ill-typed twin of a line here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <roachorm/models/account.hpp>
#include <roachorm/models/point.hpp>
#include <roachorm/orm/orm.hpp>

namespace query_control {

using models::Account;
using models::Point;
using orm::col;

inline void well_typed(orm::Session& session, const orm::uuid& id, std::int64_t amount) {
    session.query<Account>().filter(col(&Account::id) == id).one();
    session.query<Account>().filter(col(&Account::balance) > std::int32_t{5} && col(&Account::balance) < 10L).all();
    session.query<Account>().filter(col(&Account::id).in(std::vector<orm::uuid>{id})).count();
    session.query<Point>().filter(col(&Point::x) + 1 > col(&Point::y) || !(col(&Point::z) == 0.5f)).exists();
    session.query<Point>().order_by(col(&Point::x), orm::desc).limit(3).offset(1).for_update().first();
    session.query<Account>()
        .filter(col(&Account::id) == id)
        .update(orm::set(&Account::balance, col(&Account::balance) + amount));
    session.query<Account>().filter(col(&Account::balance) == 0).remove();
}

}  // namespace query_control
