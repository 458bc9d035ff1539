// A member of a type with no orm::column_traits specialization is rejected, naming the model and the member.
// expect: has no orm::column_traits specialization
// expect: checked_member<Shape, orm::detail::member_label<7>{"corner"}
#include <roachorm/orm/mapping/model.hpp>

struct Vertex {
    double x, y;
};

struct Shape {
    static constexpr std::string_view table_name = "shapes";
    std::int64_t id;
    Vertex corner;
};

int main() {
    return static_cast<int>(orm::model_traits<Shape>::column_count);
}
