// std::optional does not hide an unsupported type: an optional unsigned member is rejected too.
// expect: SQL has no unsigned integers
// expect: member_label<6>{"limit"}
#include <optional>

#include <roachorm/orm/mapping/model.hpp>

struct Quota {
    static constexpr std::string_view table_name = "quotas";
    std::int64_t id;
    std::optional<std::uint64_t> limit;
};

int main() {
    return static_cast<int>(orm::model_traits<Quota>::column_count);
}
