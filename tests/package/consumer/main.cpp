// Uses the installed headers and library: declares a model, prints its CockroachDB DDL, parses a URL.
#include <iostream>

#include <roachorm/models/point.hpp>
#include <roachorm/orm/orm.hpp>

struct Reading {
    static constexpr std::string_view table_name = "readings";
    orm::uuid id{};
    double value = 0;
};

int main() {
    const orm::Database database{"cockroachdb://root@localhost:26257/defaultdb?sslmode=disable"};
    std::cout << orm::statements<Reading>(database.dialect()).create_table << ";\n";
    std::cout << orm::statements<models::Point>(database.dialect()).insert(1) << ";\n";
}
