// orm::uuid's parsing, formatting, random generation and hashing, all done by Boost.UUID; this file only keeps the
// accepted text forms and the error message of orm::uuid's contract.
#include <roachorm/orm/core/uuid.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include <fmt/format.h>
#include <boost/uuid/random_generator.hpp>
#include <boost/uuid/string_generator.hpp>
#include <boost/uuid/uuid.hpp>
#include <boost/uuid/uuid_io.hpp>

namespace orm {
namespace {

constexpr std::size_t canonical_length = 36;  // 32 hex digits and 4 hyphens

[[noreturn]] void throw_malformed(std::string_view text) {
    throw std::invalid_argument(
        fmt::format("{:?} is not a valid uuid: expected 8-4-4-4-12 hex digits such as "
                    "\"123e4567-e89b-12d3-a456-426614174000\", optionally in braces",
                    text));
}

boost::uuids::uuid to_boost(const std::array<std::uint8_t, 16>& bytes) {
    boost::uuids::uuid result{};
    std::copy(bytes.begin(), bytes.end(), result.begin());
    return result;
}

uuid from_boost(const boost::uuids::uuid& value) {
    std::array<std::uint8_t, 16> bytes{};
    std::copy(value.begin(), value.end(), bytes.begin());
    return uuid(bytes);
}

}  // namespace

uuid uuid::parse(std::string_view text) {
    // Boost's string_generator also takes 32 digits without hyphens, bare or in braces; orm::uuid has always refused
    // those. At these two lengths string_generator accepts exactly 8-4-4-4-12, bare or in braces: once it has read the
    // 32 digits of the hyphen-less form, characters remain and it throws.
    if (text.size() != canonical_length && text.size() != canonical_length + 2) {
        throw_malformed(text);
    }
    try {
        return from_boost(boost::uuids::string_generator()(text.begin(), text.end()));
    } catch (const std::runtime_error&) {
        throw_malformed(text);
    }
}

uuid uuid::random() {
    // boost::uuids::random_generator (random_generator_pure since Boost 1.67) reads 16 bytes from the operating system
    // (getrandom(2) on Linux) for each uuid and sets the version-4 and variant bits. An instance is not safe to share
    // between threads (it may hold an open /dev/urandom descriptor on the POSIX fallback), hence one per thread.
    thread_local boost::uuids::random_generator generator;
    return from_boost(generator());
}

std::string uuid::to_string() const {
    return boost::uuids::to_string(to_boost(bytes_));
}

}  // namespace orm

std::size_t std::hash<orm::uuid>::operator()(const orm::uuid& id) const noexcept {
    return boost::uuids::hash_value(orm::to_boost(id.bytes()));
}
