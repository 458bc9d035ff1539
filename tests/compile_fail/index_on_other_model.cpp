// An index of one model on another model's member is refused, naming both models.
// expect: names a member of another model
// expect: checked_reference<Post, orm::detail::member_label<[0-9]+>\{"column"\}, std::__cxx11::basic_string<char>
// User::\*>
#include <roachorm/orm/mapping/model.hpp>

struct User {
    static constexpr std::string_view table_name = "users";
    orm::serial id{};
    std::string email;
};

struct Post {
    static constexpr std::string_view table_name = "posts";
    orm::serial id{};
    std::string title;
    static constexpr auto constraints = orm::constraints(orm::index(&User::email));
};

int main() {
    return static_cast<int>(orm::model_traits<Post>::indexes.size());
}
