// models::Point: a 3-D point with a server-assigned INT8 key (the seeds' bulk-insert workload).
// unique_rowid() on CockroachDB, BIGSERIAL on PostgreSQL.
#pragma once

#include <string_view>

#include <roachorm/orm/core/types.hpp>

namespace models {

struct Point {
    static constexpr std::string_view table_name = "points";
    orm::serial id{};
    double x = 0;
    double y = 0;
    double z = 0;
};

}  // namespace models
