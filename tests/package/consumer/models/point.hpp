// The application's own models/point.hpp: the same path as roachorm's sample model, which the application must still
// reach as <roachorm/models/point.hpp>. Building both into one program shows that the two never collide.
#pragma once

#include <string_view>

#include <roachorm/orm/orm.hpp>

namespace app {

struct Reading {
    static constexpr std::string_view table_name = "readings";
    orm::uuid id{};
    double value = 0;
};

}  // namespace app
