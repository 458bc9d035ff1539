// A foreign key must reference a key or a unique constraint of the referenced model, as SQL requires.
// expect: must reference the referenced model's primary key or one of its orm::unique constraints
// expect: foreign_key_info\(\) \[with T = Post; long unsigned int K = 0\]
#include <roachorm/orm/mapping/model.hpp>

struct User {
    static constexpr std::string_view table_name = "users";
    orm::serial id{};
    std::string email;  // not declared unique
};

struct Post {
    static constexpr std::string_view table_name = "posts";
    orm::serial id{};
    std::string author_email;
    static constexpr auto constraints =
        orm::constraints(orm::foreign_key(&Post::author_email).references(&User::email));
};

int main() {
    return static_cast<int>(orm::model_traits<Post>::foreign_keys.size());
}
