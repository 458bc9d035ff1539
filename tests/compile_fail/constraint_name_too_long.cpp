// A generated name over PostgreSQL's 63 bytes is refused at compile time (the server would cut it silently).
// expect: longer than 63 bytes
// expect: model_traits<Measurement>
#include <roachorm/orm/mapping/model.hpp>

struct Measurement {
    static constexpr std::string_view table_name = "measurements_of_the_northern_weather_stations";
    orm::serial id{};
    double temperature_in_degrees_celsius = 0;
    static constexpr auto constraints = orm::constraints(orm::index(&Measurement::temperature_in_degrees_celsius));
};

int main() {
    return static_cast<int>(orm::model_traits<Measurement>::indexes.size());
}
