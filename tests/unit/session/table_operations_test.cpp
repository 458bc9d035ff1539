// The checks of orm/session/table_operations.hpp that need no server: the row count a write must match.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <roachorm/orm/session/table_operations.hpp>

namespace {

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

}  // namespace
