// orm::uuid: parsing, formatting, random generation and hashing.
#include <roachorm/orm/core/uuid.hpp>

#include <array>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include <gtest/gtest.h>

namespace {

constexpr std::array<std::uint8_t, 16> sample_bytes{0x12, 0x3e, 0x45, 0x67, 0xe8, 0x9b, 0x12, 0xd3,
                                                    0xa4, 0x56, 0x42, 0x66, 0x14, 0x17, 0x40, 0x00};
constexpr const char* sample_text = "123e4567-e89b-12d3-a456-426614174000";

TEST(Uuid, DefaultConstructedIsNil) {
    EXPECT_TRUE(orm::uuid{}.is_nil());
    EXPECT_EQ(orm::uuid{}.to_string(), "00000000-0000-0000-0000-000000000000");
}

TEST(Uuid, ParsesCanonicalLowerCaseIntoBytesInOrder) {
    const orm::uuid id = orm::uuid::parse(sample_text);
    EXPECT_EQ(id.bytes(), sample_bytes);
    EXPECT_FALSE(id.is_nil());
}

TEST(Uuid, ParsesUpperAndMixedCase) {
    EXPECT_EQ(orm::uuid::parse("123E4567-E89B-12D3-A456-426614174000").bytes(), sample_bytes);
    EXPECT_EQ(orm::uuid::parse("123e4567-E89b-12D3-a456-426614174000").bytes(), sample_bytes);
}

TEST(Uuid, ParsesFormInBraces) {
    EXPECT_EQ(orm::uuid::parse("{123e4567-e89b-12d3-a456-426614174000}").bytes(), sample_bytes);
    EXPECT_EQ(orm::uuid::parse("{123E4567-E89B-12D3-A456-426614174000}").bytes(), sample_bytes);
}

TEST(Uuid, ToStringWritesLowerCaseCanonicalForm) {
    EXPECT_EQ(orm::uuid(sample_bytes).to_string(), sample_text);
    EXPECT_EQ(orm::uuid::parse("FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF").to_string(),
              "ffffffff-ffff-ffff-ffff-ffffffffffff");
}

TEST(Uuid, ToStringWritesEveryHexDigitInItsPlace) {
    constexpr std::array<std::uint8_t, 16> every_digit{0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
                                                       0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10};
    EXPECT_EQ(orm::uuid(every_digit).to_string(), "01234567-89ab-cdef-fedc-ba9876543210");
    constexpr std::array<std::uint8_t, 16> hyphen_neighbours{0xf0, 0,    0,    0x0f, 0xf0, 0x0f, 0xf0, 0x0f,
                                                             0xf0, 0x0f, 0xf0, 0,    0,    0,    0,    0x0f};
    EXPECT_EQ(orm::uuid(hyphen_neighbours).to_string(), "f000000f-f00f-f00f-f00f-f0000000000f");
}

TEST(Uuid, ToStringRoundTripsThroughParse) {
    for (int i = 0; i < 100; ++i) {
        const orm::uuid id = orm::uuid::random();
        EXPECT_EQ(orm::uuid::parse(id.to_string()), id);
    }
}

TEST(Uuid, RejectsWrongLengths) {
    EXPECT_THROW(orm::uuid::parse(""), std::invalid_argument);
    EXPECT_THROW(orm::uuid::parse("123e4567-e89b-12d3-a456-42661417400"), std::invalid_argument);
    EXPECT_THROW(orm::uuid::parse("123e4567-e89b-12d3-a456-4266141740000"), std::invalid_argument);
    EXPECT_THROW(orm::uuid::parse("123e4567e89b12d3a456426614174000"), std::invalid_argument);
}

// Boost's string_generator, which parse() uses, also reads these two forms; orm::uuid has never accepted them.
TEST(Uuid, RejectsDigitsWithoutHyphensEvenInBraces) {
    EXPECT_THROW(orm::uuid::parse("{123e4567e89b12d3a456426614174000}"), std::invalid_argument);
    EXPECT_THROW(orm::uuid::parse("123e4567e89b12d3a456426614174000"), std::invalid_argument);
    // The lengths of the accepted forms (36 and 38), reached with characters after the 32 digits.
    EXPECT_THROW(orm::uuid::parse("123e4567e89b12d3a456426614174000-abc"), std::invalid_argument);
    EXPECT_THROW(orm::uuid::parse("{123e4567e89b12d3a456426614174000}ab"), std::invalid_argument);
    EXPECT_THROW(orm::uuid::parse("123e4567e89b12d3a456426614174000abcdef"), std::invalid_argument);
}

TEST(Uuid, RejectsNonHexCharacters) {
    EXPECT_THROW(orm::uuid::parse("123e4567-e89b-12d3-a456-42661417400g"), std::invalid_argument);
    EXPECT_THROW(orm::uuid::parse("x23e4567-e89b-12d3-a456-426614174000"), std::invalid_argument);
    EXPECT_THROW(orm::uuid::parse("123e4567-e89b-12d3-a456-42661417400 "), std::invalid_argument);
}

TEST(Uuid, RejectsHyphensInWrongPlaces) {
    EXPECT_THROW(orm::uuid::parse("123e456-7e89b-12d3-a456-426614174000"), std::invalid_argument);
    EXPECT_THROW(orm::uuid::parse("123e4567-e89b-12d3-a4564-26614174000"), std::invalid_argument);
    EXPECT_THROW(orm::uuid::parse("123e4567_e89b_12d3_a456_426614174000"), std::invalid_argument);
}

TEST(Uuid, RejectsUnbalancedOrOtherBrackets) {
    EXPECT_THROW(orm::uuid::parse("{123e4567-e89b-12d3-a456-426614174000"), std::invalid_argument);
    EXPECT_THROW(orm::uuid::parse("123e4567-e89b-12d3-a456-426614174000}"), std::invalid_argument);
    EXPECT_THROW(orm::uuid::parse("(123e4567-e89b-12d3-a456-426614174000)"), std::invalid_argument);
    EXPECT_THROW(orm::uuid::parse("{{123e4567-e89b-12d3-a456-426614174000}}"), std::invalid_argument);
}

TEST(Uuid, ParseErrorMessageQuotesTheText) {
    try {
        orm::uuid::parse("not-a-uuid");
        FAIL() << "expected std::invalid_argument";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("\"not-a-uuid\""), std::string::npos) << e.what();
    }
}

TEST(Uuid, RandomHasVersion4AndVariant1) {
    for (int i = 0; i < 1000; ++i) {
        const orm::uuid id = orm::uuid::random();
        EXPECT_EQ(id.bytes()[6] >> 4, 0x4);
        EXPECT_EQ(id.bytes()[8] >> 6, 0b10);
        const std::string text = id.to_string();
        EXPECT_EQ(text[14], '4');
        EXPECT_NE(std::string("89ab").find(text[19]), std::string::npos) << text;
    }
}

TEST(Uuid, RandomValuesAreUniqueAndNotNil) {
    std::unordered_set<orm::uuid> seen;
    for (int i = 0; i < 1000; ++i) {
        const orm::uuid id = orm::uuid::random();
        EXPECT_FALSE(id.is_nil());
        EXPECT_TRUE(seen.insert(id).second) << "duplicate " << id.to_string();
    }
}

// One generator per thread: a generator shared between threads is not safe to call concurrently.
TEST(Uuid, RandomFromManyThreadsAtOnceStaysUnique) {
    constexpr int threads = 4;
    constexpr int per_thread = 500;
    std::vector<std::vector<orm::uuid>> made(threads);
    {
        std::vector<std::jthread> workers;
        for (auto& out : made) {
            workers.emplace_back([&out] {
                for (int i = 0; i < per_thread; ++i) {
                    out.push_back(orm::uuid::random());
                }
            });
        }
    }
    std::unordered_set<orm::uuid> seen;
    for (const auto& out : made) {
        for (const orm::uuid& id : out) {
            EXPECT_EQ(id.bytes()[6] >> 4, 0x4);
            EXPECT_TRUE(seen.insert(id).second) << "duplicate " << id.to_string();
        }
    }
    EXPECT_EQ(seen.size(), std::size_t{threads * per_thread});
}

TEST(Uuid, EqualValuesHashEqually) {
    const std::hash<orm::uuid> hash;
    EXPECT_EQ(hash(orm::uuid::parse(sample_text)), hash(orm::uuid(sample_bytes)));
}

TEST(Uuid, HashDistinguishesValuesDifferingInEitherHalf) {
    const std::hash<orm::uuid> hash;
    std::array<std::uint8_t, 16> low_differs = sample_bytes;
    low_differs[15] ^= 1;
    std::array<std::uint8_t, 16> high_differs = sample_bytes;
    high_differs[0] ^= 1;
    EXPECT_NE(hash(orm::uuid(sample_bytes)), hash(orm::uuid(low_differs)));
    EXPECT_NE(hash(orm::uuid(sample_bytes)), hash(orm::uuid(high_differs)));
}

TEST(Uuid, OrdersByBytes) {
    EXPECT_LT(orm::uuid::parse("00000000-0000-0000-0000-000000000001"),
              orm::uuid::parse("00000000-0000-0000-0000-000000000002"));
    EXPECT_LT(orm::uuid::parse("0fffffff-ffff-ffff-ffff-ffffffffffff"),
              orm::uuid::parse("10000000-0000-0000-0000-000000000000"));
}

}  // namespace
