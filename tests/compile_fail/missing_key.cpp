// A model without a member named `id` and without `primary_key` is rejected with a message saying how to fix it.
// expect: a model needs a primary key
#include <roachorm/orm/mapping/model.hpp>

struct Keyless {
    static constexpr std::string_view table_name = "keyless";
    std::int64_t number;
};

int main() {
    return static_cast<int>(orm::model_traits<Keyless>::key_index);
}
