// Uses the installed headers and library beside an application folder named like roachorm's (models/): declares a
// model, prints its CockroachDB DDL and the INSERT of roachorm's sample Point.
#include <iostream>

#include <models/point.hpp>
#include <roachorm/models/point.hpp>
#include <roachorm/orm/orm.hpp>

int main() {
    const orm::Database database{"cockroachdb://root@localhost:26257/defaultdb?sslmode=disable"};
    std::cout << orm::statements<app::Reading>(database.dialect()).create_table << ";\n";
    std::cout << orm::statements<models::Point>(database.dialect()).insert(1) << ";\n";
}
