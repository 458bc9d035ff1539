// orm::uuid: a 128-bit UUID value type that parses, formats and generates random (version 4) values with Boost.UUID.
// The nil uuid marks "not yet assigned": a flush then gives the key a random value, as gen_random_uuid() would.
#pragma once

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace orm {

class uuid {
public:
    constexpr uuid() = default;
    constexpr explicit uuid(const std::array<std::uint8_t, 16>& bytes) : bytes_(bytes) {}

    // Accepts the canonical 8-4-4-4-12 form, upper or lower case, optionally in braces.
    // Throws std::invalid_argument for anything else.
    static uuid parse(std::string_view text);
    static uuid random();  // version 4, variant 1, from Boost.UUID's random_generator (OS entropy), one per thread

    constexpr bool is_nil() const noexcept { return bytes_ == std::array<std::uint8_t, 16>{}; }
    constexpr const std::array<std::uint8_t, 16>& bytes() const noexcept { return bytes_; }
    std::string to_string() const;  // lower-case canonical form

    friend constexpr auto operator<=>(const uuid&, const uuid&) = default;

private:
    std::array<std::uint8_t, 16> bytes_{};
};

}  // namespace orm

template <>
struct std::hash<orm::uuid> {
    std::size_t operator()(const orm::uuid& id) const noexcept;
};
