// A model with a raw pointer member is rejected, and the diagnostic names the model and the member.
// expect: cannot be a raw pointer
// expect: checked_member<Node, orm::detail::member_label<5>{"next"}
#include <roachorm/orm/mapping/model.hpp>

struct Node {
    static constexpr std::string_view table_name = "nodes";
    std::int64_t id;
    Node* next;
};

int main() {
    return static_cast<int>(orm::model_traits<Node>::column_count);
}
