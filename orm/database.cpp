// Database: URL to dialect, connections, and running DDL one statement at a time.
#include <orm/database.hpp>

#include <ranges>
#include <vector>

namespace orm {

Database::Database(std::string_view url) : url_(DatabaseUrl::parse(url)), dialect_(dialect::for_kind(url_.dialect)) {}

std::unique_ptr<Connection> Database::connect() const {
    return std::make_unique<Connection>(url_, dialect_);
}

void Database::run_each(std::initializer_list<const std::string*> statements, bool reverse) {
    std::vector<const std::string*> ordered(statements);
    if (reverse) {
        std::ranges::reverse(ordered);
    }
    const auto connection = connect();
    for (const std::string* statement : ordered) {
        connection->execute_unprepared(*statement);
    }
}

}  // namespace orm
