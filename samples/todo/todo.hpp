// todo::Todo: the to-do web application's one model, table `todos`, listed newest first through its index.
// The server assigns the key and the creation time.
#pragma once

#include <string>
#include <string_view>

#include <roachorm/orm/core/types.hpp>
#include <roachorm/orm/mapping/constraints.hpp>
#include <roachorm/orm/mapping/server_default.hpp>

namespace todo {

struct Todo {
    static constexpr std::string_view table_name = "todos";
    orm::serial id{};
    std::string title;
    std::string text;
    bool done = false;
    orm::defaulted<orm::timestamp, orm::now> created_at{};

    // The list reads pages in this order (created_at, then id to break ties), so each page is one index range.
    static constexpr auto constraints =
        orm::constraints(orm::index(orm::descending(&Todo::created_at), orm::descending(&Todo::id)));
};

}  // namespace todo
