// Parsing, formatting and random generation of orm::uuid.
#include <roachorm/orm/core/uuid.hpp>

#include <array>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace orm {
namespace {

constexpr std::size_t canonical_length = 36;  // 32 hex digits and 4 hyphens
constexpr std::array<std::size_t, 4> hyphen_positions{8, 13, 18, 23};
constexpr std::string_view hex_digits = "0123456789abcdef";

int hex_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

bool is_hyphen_position(std::size_t pos) {
    for (std::size_t hyphen : hyphen_positions) {
        if (pos == hyphen) {
            return true;
        }
    }
    return false;
}

[[noreturn]] void throw_malformed(std::string_view text) {
    throw std::invalid_argument(
        fmt::format("{:?} is not a valid uuid: expected 8-4-4-4-12 hex digits such as "
                    "\"123e4567-e89b-12d3-a456-426614174000\", optionally in braces",
                    text));
}

std::uint64_t load_u64(const std::array<std::uint8_t, 16>& bytes, std::size_t offset) {
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < 8; ++i) {
        value = (value << 8) | bytes[offset + i];
    }
    return value;
}

void store_u64(std::array<std::uint8_t, 16>& bytes, std::size_t offset, std::uint64_t value) {
    for (std::size_t i = 0; i < 8; ++i) {
        bytes[offset + i] = static_cast<std::uint8_t>(value >> (56 - 8 * i));
    }
}

std::mt19937_64 make_seeded_engine() {
    // A single 32-bit random_device value would leave only 2^32 possible streams; seed the whole state instead.
    std::random_device device;
    std::array<std::random_device::result_type, std::mt19937_64::state_size * 2> seed_data{};
    for (auto& word : seed_data) {
        word = device();
    }
    std::seed_seq seed(seed_data.begin(), seed_data.end());
    return std::mt19937_64(seed);
}

}  // namespace

uuid uuid::parse(std::string_view text) {
    std::string_view body = text;
    if (body.size() == canonical_length + 2 && body.front() == '{' && body.back() == '}') {
        body = body.substr(1, canonical_length);
    }
    if (body.size() != canonical_length) {
        throw_malformed(text);
    }

    std::array<std::uint8_t, 16> bytes{};
    std::size_t nibble = 0;
    for (std::size_t pos = 0; pos < body.size(); ++pos) {
        if (is_hyphen_position(pos)) {
            if (body[pos] != '-') {
                throw_malformed(text);
            }
            continue;
        }
        const int value = hex_value(body[pos]);
        if (value < 0) {
            throw_malformed(text);
        }
        // Even nibbles are the high half of a byte.
        bytes[nibble / 2] |= static_cast<std::uint8_t>(nibble % 2 == 0 ? value << 4 : value);
        ++nibble;
    }
    return uuid(bytes);
}

uuid uuid::random() {
    thread_local std::mt19937_64 engine = make_seeded_engine();

    std::array<std::uint8_t, 16> bytes{};
    store_u64(bytes, 0, engine());
    store_u64(bytes, 8, engine());
    // RFC 4122 section 4.4: the high nibble of byte 6 is the version (4), the top two bits of byte 8 the variant (10).
    bytes[6] = static_cast<std::uint8_t>((bytes[6] & 0x0F) | 0x40);
    bytes[8] = static_cast<std::uint8_t>((bytes[8] & 0x3F) | 0x80);
    return uuid(bytes);
}

std::string uuid::to_string() const {
    // Filled in place: this runs for every uuid key bound or tracked, so no per-character appends or searches.
    std::array<char, canonical_length> out{};
    std::size_t pos = 0;
    for (std::size_t i = 0; i < bytes_.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) {  // the hyphens at 8, 13, 18 and 23 precede these bytes
            out[pos++] = '-';
        }
        out[pos++] = hex_digits[bytes_[i] >> 4];
        out[pos++] = hex_digits[bytes_[i] & 0x0F];
    }
    return std::string(out.data(), out.size());
}

}  // namespace orm

std::size_t std::hash<orm::uuid>::operator()(const orm::uuid& id) const noexcept {
    const std::uint64_t high = orm::load_u64(id.bytes(), 0);
    const std::uint64_t low = orm::load_u64(id.bytes(), 8);
    // Mix both halves so that uuids differing only in one half (e.g. sequential ones) still spread.
    return static_cast<std::size_t>(high ^ (low + 0x9E3779B97F4A7C15ULL + (high << 6) + (high >> 2)));
}
