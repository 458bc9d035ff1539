// The positive control of the timestamp and interval compile-fail checks: the well-typed lines users write.
// tests/unit/session/temporal_expression_test.cpp compiles it; each query_timestamp_* file twists one line here.
#pragma once

#include <chrono>

#include <roachorm/models/blog.hpp>
#include <roachorm/orm/orm.hpp>

namespace temporal_control {

inline void well_typed_time(orm::Session& session) {
    using namespace models::blog;
    using orm::col;
    session.query<Post>().filter(col(&Post::created_at) > orm::transaction_time() - orm::days(7)).all();
    session.query<Post>().order_by(col(&Post::created_at) + std::chrono::hours{1}).all();
    session.query<Post>().order_by((orm::transaction_time() - col(&Post::created_at)) * 2).all();
}

}  // namespace temporal_control
