// A primary_key naming no member is refused with a message saying how a key is declared.
// expect: a model needs a primary key
// expect: model_traits<Tag>
#include <roachorm/orm/mapping/model.hpp>

struct Tag {
    static constexpr std::string_view table_name = "tags";
    static constexpr std::string_view primary_key = "tag_name";  // the member is `name`
    std::string name;
};

int main() {
    return static_cast<int>(orm::model_traits<Tag>::key_index);
}
