// A foreign key whose member's SQL type differs from the referenced key's is refused, naming both members.
// expect: a foreign key column and the column it references have different SQL types
// expect: checked_foreign_key_column<Post, orm::detail::member_label<[0-9]+>\{"author_id"\}, Author,
// orm::detail::member_label<[0-9]+>\{"id"\}
#include <roachorm/orm/mapping/model.hpp>

struct Author {
    static constexpr std::string_view table_name = "authors";
    orm::uuid id{};
};

struct Post {
    static constexpr std::string_view table_name = "posts";
    orm::serial id{};
    std::int64_t author_id = 0;  // should be orm::uuid
    static constexpr auto constraints = orm::constraints(orm::foreign_key(&Post::author_id).references(&Author::id));
};

int main() {
    return static_cast<int>(orm::model_traits<Post>::foreign_keys.size());
}
