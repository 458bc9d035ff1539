// A model with an unsigned member is rejected, and the diagnostic names the model and the member.
// expect: SQL has no unsigned integers
// expect: checked_member<Gadget, orm::detail::member_label<6>{"count"}
#include <roachorm/orm/mapping/model.hpp>

struct Gadget {
    static constexpr std::string_view table_name = "gadgets";
    std::int64_t id;
    unsigned count;
};

int main() {
    return static_cast<int>(orm::model_traits<Gadget>::column_count);
}
