// The checks of orm/session/table_operations.hpp that need no server: the row count a write must match, and the
// serial keys counted after the largest one in use.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include <roachorm/orm/session/table_operations.hpp>

namespace {

using orm::serial;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(CheckRowCount, AcceptsExactlyTheRowsWritten) {
    EXPECT_NO_THROW(orm::table::check_row_count("points", "INSERT", 1000, 1000));
}

TEST(CheckRowCount, FewerOrMoreRowsAreAnErrorNamingTheStatementAndTheTable) {
    for (const std::uint64_t rows : {0, 2, 4}) {
        try {
            orm::table::check_row_count("points", "reserving serial keys", rows, 3);
            ADD_FAILURE() << rows << " rows for 3 objects were accepted";
        } catch (const orm::Error& error) {
            EXPECT_THAT(error.what(), HasSubstr(fmt::format("reserving serial keys on table points gave {} rows for 3 "
                                                            "objects",
                                                            rows)));
        }
    }
}

TEST(SerialKeysAfter, CountsOnFromTheLargestKeyAndFromZeroWhenEveryKeyIsNegative) {
    EXPECT_THAT(orm::table::serial_keys_after("points", serial{0}, 3), ElementsAre(serial{1}, serial{2}, serial{3}));
    EXPECT_THAT(orm::table::serial_keys_after("points", serial{41}, 2), ElementsAre(serial{42}, serial{43}));
    EXPECT_THAT(orm::table::serial_keys_after("points", serial{-7}, 2), ElementsAre(serial{1}, serial{2}));
}

TEST(SerialKeysAfter, KeysPastTheSixtyFourBitLimitAreAnErrorNamingTheTable) {
    constexpr std::int64_t limit = std::numeric_limits<std::int64_t>::max();
    EXPECT_THAT(orm::table::serial_keys_after("points", serial{limit - 2}, 2),
                ElementsAre(serial{limit - 1}, serial{limit}));
    try {
        orm::table::serial_keys_after("points", serial{limit - 2}, 3);
        ADD_FAILURE() << "a key past 2^63 - 1 was handed out";
    } catch (const orm::Error& error) {
        EXPECT_THAT(error.what(), HasSubstr("table points has no room for 3 more serial keys"));
    }
}

}  // namespace
