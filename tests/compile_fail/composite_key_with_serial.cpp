// A composite key cannot contain an orm::serial: the server generates serial values for a single key column only.
// expect: cannot be part of a composite key
// expect: model_traits<Version>
#include <roachorm/orm/mapping/model.hpp>

struct Version {
    static constexpr std::string_view table_name = "versions";
    std::string document;
    orm::serial number{};
    static constexpr auto primary_key = orm::key(&Version::document, &Version::number);
};

int main() {
    return static_cast<int>(orm::model_traits<Version>::key_columns.size());
}
