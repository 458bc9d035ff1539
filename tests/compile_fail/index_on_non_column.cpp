// An index on something that is not a data member (here the static table_name) is refused, naming the model.
// expect: names something that is not a column
// expect: checked_reference<Post,
#include <roachorm/orm/mapping/model.hpp>

struct Post {
    static constexpr std::string_view table_name = "posts";
    orm::serial id{};
    std::string title;
    static constexpr auto constraints = orm::constraints(orm::index(&Post::table_name));
};

int main() {
    return static_cast<int>(orm::model_traits<Post>::indexes.size());
}
