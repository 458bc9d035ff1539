// Thousands of mangled URLs through orm::Database (roachorm's own options included): each is a ConfigError or a
// valid configuration, never another exception or a crash, and a password never leaks into a message. Also the
// masking of SQL password literals that raw statements may carry into echo lines and errors.
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <roachorm/orm/core/error.hpp>
#include <roachorm/orm/execution/database.hpp>
#include <roachorm/orm/options/url.hpp>

namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::string_view kPassword = "Xq7-SECRET-9z";

// Characters that mean something to a URL, to libpq's conninfo or to SQL, and a few that mean nothing anywhere.
constexpr std::string_view kTroublemakers = "@:/?#&=%[]'\"\\ \t\n,;+~!$*()<>{}|^`\x7f\xc3\xbc\x01";

// One random edit: insert, replace or delete a character, cut the tail, or repeat a slice.
std::string mangle(std::string url, std::mt19937& random, std::size_t keep_prefix) {
    std::uniform_int_distribution<int> edit(0, 4);
    std::uniform_int_distribution<std::size_t> troublemaker(0, kTroublemakers.size() - 1);
    if (url.size() <= keep_prefix) {
        return url + kTroublemakers[troublemaker(random)];
    }
    std::uniform_int_distribution<std::size_t> where(keep_prefix, url.size() - 1);
    const std::size_t at = where(random);
    switch (edit(random)) {
        case 0:
            url.insert(at, 1, kTroublemakers[troublemaker(random)]);
            break;
        case 1:
            url[at] = kTroublemakers[troublemaker(random)];
            break;
        case 2:
            url.erase(at, 1);
            break;
        case 3:
            url.resize(at);
            break;
        default:
            url.insert(at, url.substr(at, 1 + at % 7));
            break;
    }
    return url;
}

// What building a Database from `url` does: "" when it is accepted, the ConfigError's message otherwise; any
// other exception fails the test.
std::string outcome(const std::string& url) {
    try {
        const orm::Database database(url);
        return {};
    } catch (const orm::ConfigError& error) {
        return error.what();
    } catch (const std::exception& error) {
        ADD_FAILURE() << "not a ConfigError for \"" << url << "\": " << error.what();
    } catch (...) {
        ADD_FAILURE() << "a non-standard exception for \"" << url << "\"";
    }
    return "not a ConfigError";
}

TEST(UrlRobustness, MangledUrlsAreConfigErrorsOrValidNeverAnythingElse) {
    const std::vector<std::string> seeds = {
        "postgresql://app:" + std::string(kPassword) + "@db.example.com:5432/shop?sslmode=disable",
        "cockroachdb://root@n1:26257,n2:26258/bank?sslmode=verify-full&sslrootcert=/certs/ca.crt&pool_size=4",
        "postgres://u@[::1]:5432/db?echo=true&echo_parameters=false&max_retries=3&acquire_timeout_ms=100",
        "postgresql:///db?host=/var/run/postgresql&password=" + std::string(kPassword),
    };
    std::mt19937 random(20240601);
    int accepted = 0;
    int refused = 0;
    for (const std::string& seed : seeds) {
        for (int round = 0; round < 1500; ++round) {
            std::string url = seed;
            for (int edits = 1 + round % 4; edits > 0; --edits) {
                url = mangle(std::move(url), random, 0);
            }
            (outcome(url).empty() ? accepted : refused) += 1;
        }
    }
    EXPECT_GT(accepted, 0);
    EXPECT_GT(refused, 0);
}

TEST(UrlRobustness, PasswordNeverAppearsInTheMessageWhateverIsWrongAfterIt) {
    // Edits only after the user-info, so the password stays a password; it may also sit in the query.
    const std::string prefix = "postgresql://app:" + std::string(kPassword) + "@";
    const std::vector<std::string> seeds = {
        prefix + "db.example.com:5432/shop?sslmode=disable&pool_size=2",
        "cockroachdb://root:" + std::string(kPassword) + "@n1:26257/bank?echo=on&application_name=a",
    };
    std::mt19937 random(7);
    for (const std::string& seed : seeds) {
        const std::size_t keep = seed.find('@') + 1;
        for (int round = 0; round < 2000; ++round) {
            std::string url = seed;
            for (int edits = 1 + round % 3; edits > 0; --edits) {
                url = mangle(std::move(url), random, keep);
            }
            EXPECT_THAT(outcome(url), Not(HasSubstr(kPassword))) << url;
        }
    }
    for (const std::string_view bad_option : {"pool_size=none", "echo=maybe", "max_retries=-1", "bogus=1", "port=x"}) {
        EXPECT_THAT(outcome(prefix + "db/shop?" + std::string(bad_option) + "&password=" + std::string(kPassword)),
                    Not(HasSubstr(kPassword)))
            << bad_option;
    }
}

TEST(UrlRobustness, SqlPasswordLiteralsAreMasked) {
    EXPECT_EQ(orm::redact_passwords("ALTER ROLE app WITH PASSWORD 'it''s s3cret' VALID UNTIL 'infinity'"),
              "ALTER ROLE app WITH PASSWORD *** VALID UNTIL 'infinity'");
    EXPECT_EQ(orm::redact_passwords("create role app login password E'back\\'slash'"),
              "create role app login password ***");
    EXPECT_EQ(orm::redact_passwords("ALTER ROLE app PASSWORD 'never closed"), "ALTER ROLE app PASSWORD ***");
    const std::string once = orm::redact_passwords("ALTER ROLE app PASSWORD 'x'");
    EXPECT_EQ(orm::redact_passwords(once), once);
    for (std::string_view untouched : {"password authentication failed for user \"app\"",
                                       "ALTER ROLE app PASSWORD NULL", "SELECT 'password', 'x'"}) {
        EXPECT_EQ(orm::redact_passwords(untouched), untouched);
    }
}

}  // namespace
