// ON DELETE SET NULL on a member that cannot hold NULL is refused, naming the model and the member.
// expect: needs nullable columns
// expect: checked_set_null_column<Comment, orm::detail::member_label<[0-9]+>\{"post_id"\}>
#include <roachorm/orm/mapping/model.hpp>

struct Post {
    static constexpr std::string_view table_name = "posts";
    orm::serial id{};
};

struct Comment {
    static constexpr std::string_view table_name = "comments";
    orm::serial id{};
    std::int64_t post_id = 0;  // should be std::optional<std::int64_t>
    static constexpr auto constraints =
        orm::constraints(orm::foreign_key(&Comment::post_id).references(&Post::id).on_delete(orm::Action::set_null));
};

int main() {
    return static_cast<int>(orm::model_traits<Comment>::foreign_keys.size());
}
