// Unit tests for orm::DatabaseUrl::parse and orm::redact_passwords. No server needed: the conninfo produced is
// checked by parsing it back with libpq's own PQconninfoParse.
#include <roachorm/orm/options/url.hpp>

#include <roachorm/orm/core/error.hpp>

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <array>
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace {

using orm::ConfigError;
using orm::DatabaseUrl;
using orm::DialectKind;
using orm::redact_passwords;

constexpr std::string_view kSecret = "s3cr3t-P@ss";

// The non-empty options libpq reads from a conninfo string; fails the test if libpq rejects it.
std::map<std::string, std::string> conninfo_options(const std::string& conninfo) {
    std::map<std::string, std::string> result;
    char* errmsg = nullptr;
    PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &errmsg);
    if (options == nullptr) {
        ADD_FAILURE() << "libpq rejects conninfo: " << (errmsg != nullptr ? errmsg : "?");
        PQfreemem(errmsg);
        return result;
    }
    for (PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
        if (o->val != nullptr && *o->val != '\0') {
            result[o->keyword] = o->val;
        }
    }
    PQconninfoFree(options);
    return result;
}

// The message of the ConfigError parse throws for url; fails the test if it throws nothing or something else.
std::string config_error(std::string_view url) {
    try {
        DatabaseUrl::parse(url);
    } catch (const ConfigError& e) {
        return e.what();
    } catch (const std::exception& e) {
        ADD_FAILURE() << "expected orm::ConfigError for \"" << url << "\", got: " << e.what();
        return {};
    }
    ADD_FAILURE() << "expected orm::ConfigError for \"" << url << "\", parse succeeded";
    return {};
}

bool contains(std::string_view haystack, std::string_view needle) {
    return haystack.find(needle) != std::string_view::npos;
}

// ---- schemes ----

TEST(DatabaseUrlScheme, PostgresqlSchemeSelectsPostgresqlDialect) {
    DatabaseUrl url = DatabaseUrl::parse("postgresql://app@db.example.com:5433/shop");
    EXPECT_EQ(url.dialect, DialectKind::postgresql);
    EXPECT_EQ(url.host, "db.example.com");
    EXPECT_EQ(url.port, "5433");
}

TEST(DatabaseUrlScheme, PostgresSchemeSelectsPostgresqlDialect) {
    EXPECT_EQ(DatabaseUrl::parse("postgres://app@localhost/shop").dialect, DialectKind::postgresql);
}

TEST(DatabaseUrlScheme, CockroachdbSchemeSelectsCockroachDialect) {
    EXPECT_EQ(DatabaseUrl::parse("cockroachdb://root@localhost:26257/defaultdb").dialect, DialectKind::cockroachdb);
}

TEST(DatabaseUrlScheme, SchemeMatchIsCaseInsensitive) {
    EXPECT_EQ(DatabaseUrl::parse("PostgreSQL://app@localhost/shop").dialect, DialectKind::postgresql);
    EXPECT_EQ(DatabaseUrl::parse("POSTGRES://app@localhost/shop").dialect, DialectKind::postgresql);
    EXPECT_EQ(DatabaseUrl::parse("CockroachDB://root@localhost/defaultdb").dialect, DialectKind::cockroachdb);
}

TEST(DatabaseUrlScheme, RedactedKeepsTheSchemeAsWritten) {
    EXPECT_EQ(DatabaseUrl::parse("CockroachDB://root@h/db").redacted, "CockroachDB://root@h/db");
}

TEST(DatabaseUrlScheme, SurroundingWhitespaceIsIgnored) {
    DatabaseUrl url = DatabaseUrl::parse("  postgresql://app@h/shop\n");
    EXPECT_EQ(url.host, "h");
    EXPECT_EQ(url.database, "shop");
}

// ---- ports and hosts ----

TEST(DatabaseUrlDefaults, CockroachWithoutPortUses26257InConninfoAndPort) {
    DatabaseUrl url = DatabaseUrl::parse("cockroachdb://root@crdb.internal/defaultdb");
    EXPECT_EQ(url.port, "26257");
    EXPECT_EQ(conninfo_options(url.conninfo)["port"], "26257");
}

TEST(DatabaseUrlDefaults, CockroachWithExplicitPortKeepsIt) {
    DatabaseUrl url = DatabaseUrl::parse("cockroachdb://root@crdb.internal:26000/defaultdb");
    EXPECT_EQ(url.port, "26000");
    EXPECT_EQ(conninfo_options(url.conninfo)["port"], "26000");
}

TEST(DatabaseUrlDefaults, PostgresqlWithoutPortReports5432AndLeavesConninfoToLibpq) {
    DatabaseUrl url = DatabaseUrl::parse("postgresql://app@db.example.com/shop");
    EXPECT_EQ(url.port, "5432");
    EXPECT_EQ(conninfo_options(url.conninfo).count("port"), 0u);
}

TEST(DatabaseUrlDefaults, NoHostReportsLocalhost) {
    DatabaseUrl pg = DatabaseUrl::parse("postgresql:///shop");
    EXPECT_EQ(pg.host, "localhost");
    EXPECT_EQ(pg.database, "shop");
    DatabaseUrl crdb = DatabaseUrl::parse("cockroachdb:///defaultdb");
    EXPECT_EQ(crdb.host, "localhost");
    EXPECT_EQ(conninfo_options(crdb.conninfo)["host"], "localhost");
    EXPECT_EQ(conninfo_options(crdb.conninfo)["port"], "26257");
}

TEST(DatabaseUrlDefaults, BareSchemeIsAccepted) {
    DatabaseUrl url = DatabaseUrl::parse("postgresql://");
    EXPECT_EQ(url.host, "localhost");
    EXPECT_EQ(url.port, "5432");
    EXPECT_EQ(url.database, "");
    EXPECT_EQ(url.user, "");
}

TEST(DatabaseUrlDefaults, MultiHostFillsMissingPortsWithDialectDefault) {
    DatabaseUrl url = DatabaseUrl::parse("cockroachdb://root@n1,n2:26001,n3/defaultdb");
    EXPECT_EQ(url.host, "n1,n2,n3");
    EXPECT_EQ(url.port, "26257,26001,26257");
    EXPECT_EQ(conninfo_options(url.conninfo)["port"], "26257,26001,26257");
}

TEST(DatabaseUrlFields, ExtractsHostPortDatabaseAndUser) {
    DatabaseUrl url = DatabaseUrl::parse("postgresql://alice:pw@db.example.com:6543/inventory");
    EXPECT_EQ(url.host, "db.example.com");
    EXPECT_EQ(url.port, "6543");
    EXPECT_EQ(url.database, "inventory");
    EXPECT_EQ(url.user, "alice");
    std::map<std::string, std::string> options = conninfo_options(url.conninfo);
    EXPECT_EQ(options["host"], "db.example.com");
    EXPECT_EQ(options["port"], "6543");
    EXPECT_EQ(options["dbname"], "inventory");
    EXPECT_EQ(options["user"], "alice");
    EXPECT_EQ(options["password"], "pw");
}

TEST(DatabaseUrlFields, Ipv6HostIsExtractedWithoutBrackets) {
    DatabaseUrl url = DatabaseUrl::parse("cockroachdb://root@[::1]:26257/defaultdb");
    EXPECT_EQ(url.host, "::1");
    EXPECT_EQ(url.port, "26257");
}

TEST(DatabaseUrlFields, PercentEncodedComponentsAreDecoded) {
    DatabaseUrl url = DatabaseUrl::parse("postgresql://app%2Buser@%2Fvar%2Frun%2Fpostgresql/my%20db");
    EXPECT_EQ(url.user, "app+user");
    EXPECT_EQ(url.host, "/var/run/postgresql");
    EXPECT_EQ(url.database, "my db");
}

TEST(DatabaseUrlFields, QueryParametersOverridePathValues) {
    DatabaseUrl url = DatabaseUrl::parse("postgresql://app@h/shop?dbname=other&port=7000&host=/tmp");
    EXPECT_EQ(url.database, "other");
    EXPECT_EQ(url.port, "7000");
    EXPECT_EQ(url.host, "/tmp");
}

// ---- options pass through ----

TEST(DatabaseUrlOptions, TlsAndClientOptionsPassThroughIntoConninfo) {
    DatabaseUrl url = DatabaseUrl::parse(
        "cockroachdb://root@crdb:26257/bank?sslmode=verify-full&sslrootcert=/certs/ca.crt"
        "&sslcert=/certs/client.root.crt&sslkey=/certs/client.root.key&application_name=roachorm%20test"
        "&connect_timeout=10&options=-c%20statement_timeout%3D5s");
    std::map<std::string, std::string> options = conninfo_options(url.conninfo);
    EXPECT_EQ(options["sslmode"], "verify-full");
    EXPECT_EQ(options["sslrootcert"], "/certs/ca.crt");
    EXPECT_EQ(options["sslcert"], "/certs/client.root.crt");
    EXPECT_EQ(options["sslkey"], "/certs/client.root.key");
    EXPECT_EQ(options["application_name"], "roachorm test");
    EXPECT_EQ(options["connect_timeout"], "10");
    EXPECT_EQ(options["options"], "-c statement_timeout=5s");
    EXPECT_EQ(options["host"], "crdb");
    EXPECT_EQ(options["dbname"], "bank");
    EXPECT_EQ(options["user"], "root");
}

TEST(DatabaseUrlOptions, EmptyOptionValuesAreLeftOut) {
    DatabaseUrl url = DatabaseUrl::parse("postgresql://app@h/shop?sslmode=");
    EXPECT_EQ(conninfo_options(url.conninfo).count("sslmode"), 0u);
    EXPECT_FALSE(contains(url.conninfo, "sslmode"));
}

TEST(DatabaseUrlOptions, ConninfoUsesSingleQuotedKeywordValuePairs) {
    DatabaseUrl url = DatabaseUrl::parse("postgresql://app@h:5433/shop");
    EXPECT_EQ(url.conninfo, "user='app' dbname='shop' host='h' port='5433' connect_timeout='5'");
}

TEST(DatabaseUrlOptions, ConnectTimeoutDefaultsToFiveSecondsPerHost) {
    EXPECT_EQ(conninfo_options(DatabaseUrl::parse("postgresql://app@h/shop").conninfo)["connect_timeout"],
              std::to_string(orm::kDefaultConnectTimeoutSeconds));
    EXPECT_EQ(orm::kDefaultConnectTimeoutSeconds, 5);
    EXPECT_EQ(
        conninfo_options(DatabaseUrl::parse("postgresql://app@h/shop?connect_timeout=30").conninfo)["connect_timeout"],
        "30");
}

// ---- several servers ----

std::vector<std::string> endpoint_names(const DatabaseUrl& url) {
    std::vector<std::string> names;
    for (const orm::Endpoint& endpoint : url.endpoints) {
        names.push_back(endpoint.name());
    }
    return names;
}

TEST(DatabaseUrlServers, EachHostIsAnEndpointWithItsPort) {
    const DatabaseUrl url = DatabaseUrl::parse("cockroachdb://root@n1,n2:26001,n3/defaultdb");
    EXPECT_EQ(endpoint_names(url), (std::vector<std::string>{"n1:26257", "n2:26001", "n3:26257"}));
    EXPECT_EQ(endpoint_names(DatabaseUrl::parse("postgresql://app@db/shop")), std::vector<std::string>{"db:5432"});
}

TEST(DatabaseUrlServers, ConninfoInOrderListsTheServersInThatOrderAndKeepsEverythingElse) {
    const DatabaseUrl url =
        DatabaseUrl::parse("cockroachdb://root:pw@n1,n2:26001,n3/bank?sslmode=verify-full&application_name=app");
    const std::array<std::size_t, 3> order{2, 0, 1};
    std::map<std::string, std::string> ordered = conninfo_options(url.conninfo_in_order(order));
    EXPECT_EQ(ordered["host"], "n3,n1,n2");
    EXPECT_EQ(ordered["port"], "26257,26257,26001");
    std::map<std::string, std::string> original = conninfo_options(url.conninfo);
    EXPECT_EQ(original["host"], "n1,n2,n3");
    ordered.erase("host");
    ordered.erase("port");
    original.erase("host");
    original.erase("port");
    EXPECT_EQ(ordered, original);
}

TEST(DatabaseUrlServers, OnePortServesEveryHostAndHostaddrsMoveWithTheirHosts) {
    const DatabaseUrl url = DatabaseUrl::parse("postgresql://app@/shop?host=a,b&hostaddr=10.0.0.1,10.0.0.2&port=6000");
    EXPECT_EQ(endpoint_names(url), (std::vector<std::string>{"a:6000", "b:6000"}));
    const std::array<std::size_t, 2> order{1, 0};
    std::map<std::string, std::string> ordered = conninfo_options(url.conninfo_in_order(order));
    EXPECT_EQ(ordered["host"], "b,a");
    EXPECT_EQ(ordered["hostaddr"], "10.0.0.2,10.0.0.1");
    EXPECT_EQ(ordered["port"], "6000,6000");
}

TEST(DatabaseUrlServers, PortsThatDoNotMatchTheHostsAreAConfigError) {
    try {
        DatabaseUrl::parse("postgresql://app:secret@/shop?host=a,b,c&port=1,2");
        FAIL() << "expected orm::ConfigError";
    } catch (const ConfigError& error) {
        const std::string message = error.what();
        EXPECT_NE(message.find("3 hosts but 2 ports"), std::string::npos) << message;
        EXPECT_EQ(message.find("secret"), std::string::npos) << message;
    }
}

// ---- passwords ----

TEST(DatabaseUrlPassword, SpecialCharactersRoundTripIntoConninfo) {
    // Password: a@b:c/d%40e'f\g h   (a literal "%40" included)
    DatabaseUrl url = DatabaseUrl::parse("postgresql://app:a%40b%3Ac%2Fd%2540e'f\\g%20h@db:5432/shop");
    EXPECT_EQ(conninfo_options(url.conninfo)["password"], "a@b:c/d%40e'f\\g h");
    EXPECT_EQ(url.user, "app");
    EXPECT_EQ(url.host, "db");
    EXPECT_EQ(url.redacted, "postgresql://app:***@db:5432/shop");
}

TEST(DatabaseUrlPassword, RawQuoteBackslashAndSpaceRoundTripIntoConninfo) {
    DatabaseUrl url = DatabaseUrl::parse("cockroachdb://app:it's \\ ok@db/shop");
    EXPECT_EQ(conninfo_options(url.conninfo)["password"], "it's \\ ok");
    EXPECT_EQ(url.redacted, "cockroachdb://app:***@db/shop");
}

TEST(DatabaseUrlPassword, EncodedDistinctivePasswordRoundTripsAndIsRedacted) {
    DatabaseUrl url = DatabaseUrl::parse("cockroachdb://root:s3cr3t-P%40ss@localhost:26257/defaultdb?sslmode=disable");
    EXPECT_EQ(conninfo_options(url.conninfo)["password"], kSecret);
    EXPECT_EQ(url.redacted, "cockroachdb://root:***@localhost:26257/defaultdb?sslmode=disable");
    EXPECT_FALSE(contains(url.redacted, "s3cr3t"));
}

TEST(DatabaseUrlPassword, QueryPasswordRoundTripsAndIsRedacted) {
    DatabaseUrl url = DatabaseUrl::parse("postgresql://app@h/shop?password=s3cr3t-P%40ss&sslmode=require");
    EXPECT_EQ(conninfo_options(url.conninfo)["password"], kSecret);
    EXPECT_EQ(url.redacted, "postgresql://app@h/shop?password=***&sslmode=require");
}

TEST(DatabaseUrlPassword, PercentEncodedQueryKeyIsStillRedacted) {
    DatabaseUrl url = DatabaseUrl::parse("postgresql://app@h/shop?pass%77ord=hunter2");
    EXPECT_EQ(conninfo_options(url.conninfo)["password"], "hunter2");
    EXPECT_FALSE(contains(url.redacted, "hunter2"));
}

TEST(DatabaseUrlPassword, RedactedNeverContainsThePassword) {
    for (std::string_view text : {
             "postgresql://u:s3cr3t-P%40ss@h/db",
             "postgres://u:s3cr3t-P%40ss@h:5432/db?sslmode=require&application_name=me@laptop",
             "cockroachdb://u:s3cr3t-P%40ss@[::1]:26257/db",
             "postgresql://u@h/db?sslpassword=s3cr3t-P%40ss",
             "postgresql://h/db?password=s3cr3t-P%40ss",
         }) {
        DatabaseUrl url = DatabaseUrl::parse(text);
        EXPECT_FALSE(contains(url.redacted, "s3cr3t")) << url.redacted;
        EXPECT_TRUE(contains(url.redacted, "***")) << url.redacted;
    }
}

TEST(DatabaseUrlPassword, AtSignInAQueryValueDoesNotHideTheHost) {
    DatabaseUrl url = DatabaseUrl::parse("postgresql://h:5432/db?application_name=me@laptop");
    EXPECT_EQ(url.redacted, "postgresql://h:5432/db?application_name=me@laptop");
    EXPECT_EQ(conninfo_options(url.conninfo)["application_name"], "me@laptop");
}

TEST(DatabaseUrlPassword, EmptyPasswordIsLeftOut) {
    DatabaseUrl url = DatabaseUrl::parse("postgresql://app:@h/db");
    EXPECT_EQ(conninfo_options(url.conninfo).count("password"), 0u);
    EXPECT_EQ(url.user, "app");
}

// ---- errors ----

TEST(DatabaseUrlErrors, EmptyUrlIsRejectedWithTheExpectedForm) {
    std::string message = config_error("");
    EXPECT_TRUE(contains(message, "empty")) << message;
    EXPECT_TRUE(contains(message, "cockroachdb://root@localhost:26257/defaultdb")) << message;
    EXPECT_TRUE(contains(config_error("   "), "empty"));
}

TEST(DatabaseUrlErrors, GarbageIsRejectedAsHavingNoScheme) {
    std::string message = config_error("not a url");
    EXPECT_TRUE(contains(message, "no scheme")) << message;
    EXPECT_TRUE(contains(message, "\"not a url\"")) << message;
    EXPECT_TRUE(contains(message, "expected postgresql://, postgres://, cockroachdb:// or sqlite:")) << message;
}

TEST(DatabaseUrlErrors, UnknownSchemeIsRejectedAndNamed) {
    std::string message = config_error("mysql://root@localhost:3306/shop");
    EXPECT_TRUE(contains(message, "unknown scheme \"mysql\"")) << message;
    EXPECT_TRUE(contains(message, "expected postgresql://, postgres://, cockroachdb:// or sqlite:")) << message;
}

TEST(DatabaseUrlErrors, MissingSchemeIsRejected) {
    EXPECT_TRUE(contains(config_error("root@localhost:26257/defaultdb"), "no scheme"));
    EXPECT_TRUE(contains(config_error("//root@localhost:26257/defaultdb"), "no scheme"));
    EXPECT_TRUE(contains(config_error("host=localhost dbname=shop"), "no scheme"));
}

TEST(DatabaseUrlErrors, PortOutOfRangeIsRejected) {
    std::string message = config_error("postgresql://app@host:99999/shop");
    EXPECT_TRUE(contains(message, "\"99999\" is out of range")) << message;
    EXPECT_TRUE(contains(message, "1 to 65535")) << message;
    EXPECT_TRUE(contains(config_error("postgresql://app@host:0/shop"), "out of range"));
    EXPECT_TRUE(contains(config_error("postgresql://app@host:0000065536/shop"), "out of range"));
    EXPECT_TRUE(contains(config_error("postgresql://app@host/shop?port=70000"), "out of range"));
    EXPECT_TRUE(contains(config_error("cockroachdb://root@n1:26257,n2:99999/db"), "out of range"));
}

TEST(DatabaseUrlErrors, NonNumericPortIsRejected) {
    std::string message = config_error("postgresql://app@host:abc/shop");
    EXPECT_TRUE(contains(message, "\"abc\" is not a number")) << message;
    EXPECT_TRUE(contains(config_error("postgresql://app@host:-1/shop"), "not a number"));
    EXPECT_TRUE(contains(config_error("postgresql://app@host:54:32/shop"), "not a number"));
}

TEST(DatabaseUrlErrors, HighestAndLowestPortsAreAccepted) {
    EXPECT_EQ(DatabaseUrl::parse("postgresql://h:65535/db").port, "65535");
    EXPECT_EQ(DatabaseUrl::parse("postgresql://h:1/db").port, "1");
}

TEST(DatabaseUrlErrors, UnterminatedPercentEncodingIsRejected) {
    for (std::string_view text : {"postgresql://app@h/sh%4", "postgresql://app@h/shop%", "postgresql://app@h/s%zzp",
                                  "postgresql://app%4@h/shop", "postgresql://app@h/shop?application_name=a%"}) {
        std::string message = config_error(text);
        EXPECT_TRUE(contains(message, "percent-encoded")) << message;
        EXPECT_TRUE(contains(message, "%25")) << message;
    }
}

TEST(DatabaseUrlErrors, ZeroByteEscapeIsRejected) {
    EXPECT_TRUE(contains(config_error("postgresql://app@h/sh%00op"), "%00"));
}

TEST(DatabaseUrlErrors, UnknownQueryOptionIsRejectedAndNamed) {
    std::string message = config_error("postgresql://app@h/shop?bogus=1");
    EXPECT_TRUE(contains(message, "\"bogus\"")) << message;
    EXPECT_TRUE(contains(message, "sslmode")) << message;
}

TEST(DatabaseUrlErrors, MalformedQueryIsRejected) {
    EXPECT_TRUE(contains(config_error("postgresql://app@h/shop?sslmode"), "separator"));
}

TEST(DatabaseUrlErrors, UnencodedAtInTheUserNameIsRejected) {
    EXPECT_TRUE(contains(config_error("postgresql://me@corp@h/shop"), "%40"));
}

TEST(DatabaseUrlErrors, UnencodedAtAfterTheUserInfoIsRejected) {
    EXPECT_TRUE(contains(config_error("postgresql://app@h/sh@op"), "unencoded '@'"));
    std::string message = config_error("cockroachdb://u:p?x@y@h/db");
    EXPECT_TRUE(contains(message, "unencoded '@'")) << message;
    EXPECT_TRUE(contains(message, "\"cockroachdb://u:***@h/db\"")) << message;
}

TEST(DatabaseUrlErrors, HostFromQueryContainingAtIsRejected) {
    EXPECT_TRUE(contains(config_error("postgresql://app@h/shop?host=a@b"), "host contains '@'"));
}

TEST(DatabaseUrlErrors, ColonWithoutPortIsRejected) {
    EXPECT_TRUE(contains(config_error("postgresql://app@host:/shop"), "no port"));
    EXPECT_TRUE(contains(config_error("cockroachdb://root@n1:26257,n2:/db"), "no port"));
    // A password with a raw '/' and '?' would otherwise read as host "u", an empty port and a query.
    std::string message = config_error("cockroachdb://u:/s3cr3t?sslmode=x@h/db");
    EXPECT_FALSE(contains(message, "s3cr3t")) << message;
}

TEST(DatabaseUrlErrors, MessagesQuoteTheUrl) {
    std::string message = config_error("postgresql://app@h:99999/shop");
    EXPECT_TRUE(contains(message, "\"postgresql://app@h:99999/shop\"")) << message;
}

// Every failing URL carries the distinctive password, raw or encoded; no message may contain it or its parts.
TEST(DatabaseUrlErrors, NoMessageContainsThePassword) {
    for (std::string_view text : {
             "mysql://root:s3cr3t-P@ss@localhost:3306/shop",
             "root:s3cr3t-P@ss@localhost:26257/defaultdb",
             "not a url password=s3cr3t-P@ss",
             "host=localhost password='s3cr3t-P@ss'",
             "postgresql://root:s3cr3t-P@ss@host:99999/db",
             "postgresql://root:s3cr3t-P%40ss@host:99999/db",
             "postgresql://root:s3cr3t-P%40ss@host:abc/db",
             "postgresql://root:s3cr3t-P%40ss@host/db?bogus=1",
             "postgresql://root:s3cr3t-P@ss@host/db?bogus=1",
             "postgresql://root:s3cr3t-P%40ss@host/db%4",
             "postgresql://root:s3cr3t-P%40ss@host/db%",
             "postgresql://root:s3cr3t-P%zzss@host/db",
             "postgresql://root:s3cr3t-P@ss%@host/db",
             "postgresql://root:s3cr3t-P%4@host/db",
             "postgresql://root:s3cr3t-P%00ss@host/db",
             "postgresql://root:s3cr3t-P@ss@host/db",
             "postgresql://root:s3cr3t/P@ss@host/db",
             "postgresql://root:s3cr3t/P%40ss@host/db",
             "cockroachdb://root:s3cr3t-P@ss@[::1/db",
             "cockroachdb://root:s3cr3t-P%40ss@[::1]x/db",
             "postgresql://host/db?password=s3cr3t-P%zzss",
             "postgresql://host/db?password=s3cr3t-P%40ss&bogus=1",
             "postgresql://host:99999/db?password=s3cr3t-P%40ss",
             "postgresql://host/db?sslpassword=s3cr3t-P%40ss&port=abc",
         }) {
        std::string message = config_error(text);
        EXPECT_FALSE(message.empty()) << text;
        EXPECT_FALSE(contains(message, "s3cr3t")) << text << " -> " << message;
        EXPECT_FALSE(contains(message, "P@ss")) << text << " -> " << message;
        EXPECT_FALSE(contains(message, "P%40ss")) << text << " -> " << message;
    }
}

// libpq takes a space or tab in a password raw or percent-decoded (%20, %09), so such a password reaches the
// error paths whole; redaction that ends a password at whitespace would show the part after it.
TEST(DatabaseUrlErrors, NoMessageContainsAPasswordWithSpacesTabsQuotesOrBackslashes) {
    for (std::string_view password : {
             "s3cr3t P@ss-TAIL",
             "s3cr3t\tP@ss-TAIL",
             "s3cr3t%20P%40ss-TAIL",
             "s3cr3t%09P%40ss-TAIL",
             "s3cr3t 'P\\ss\" -TAIL",
             "s3cr3t%20%27P%5Css%22%20-TAIL",
         }) {
        for (std::string_view form : {
                 "postgresql://root:{}@host/db?bogus=1",
                 "postgresql://root:{}@host:99999/db",
                 "postgresql://root:{}@host/db%4",
                 "cockroachdb://root:{}@[::1/db",
                 "postgresql://host/db?password={}&bogus=1",
                 "postgresql://host/db?bogus=1&password={}",
                 "postgresql://host:99999/db?password={}",
             }) {
            std::string url(form);
            url.replace(url.find("{}"), 2, password);
            std::string message = config_error(url);
            EXPECT_FALSE(message.empty()) << url;
            for (std::string_view part : {"s3cr3t", "P@ss", "P%40ss", "TAIL"}) {
                EXPECT_FALSE(contains(message, part)) << url << " -> " << message;
            }
        }
    }
}

TEST(DatabaseUrlErrors, PasswordThatShiftsTheSplitIsRejectedWithEncodingAdvice) {
    std::string message = config_error("postgresql://root:s3cr3t/P@ss@host/db");
    EXPECT_TRUE(contains(message, "%2F")) << message;
    EXPECT_TRUE(contains(message, "\"postgresql://root:***@host/db\"")) << message;
}

// ---- redact_passwords ----

TEST(RedactPasswords, MasksUrlPasswordInLogLine) {
    EXPECT_EQ(redact_passwords("connecting to postgresql://alice:hunter2@db:5432/shop (attempt 2)"),
              "connecting to postgresql://alice:***@db:5432/shop (attempt 2)");
}

TEST(RedactPasswords, MasksUrlPasswordContainingAtSign) {
    EXPECT_EQ(redact_passwords("url=cockroachdb://root:s3cr3t-P@ss@localhost:26257/defaultdb ok"),
              "url=cockroachdb://root:***@localhost:26257/defaultdb ok");
}

TEST(RedactPasswords, MasksEveryUrlInTheText) {
    EXPECT_EQ(redact_passwords("from postgres://a:x@h1/d to postgres://b:y@h2/d"),
              "from postgres://a:***@h1/d to postgres://b:***@h2/d");
}

// The "libpq rejects it" message quotes libpq's text, which may hold the URL with its password percent-decoded.
TEST(RedactPasswords, MasksUrlPasswordContainingSpacesOrTabs) {
    EXPECT_EQ(redact_passwords("libpq: postgresql://root:pa ss@host/db?bogus=1 is bad"),
              "libpq: postgresql://root:***@host/db?bogus=1 is bad");
    EXPECT_EQ(redact_passwords("postgresql://root:pa\tss@host/db"), "postgresql://root:***@host/db");
    EXPECT_EQ(redact_passwords("postgresql://root:p@ss w\t@host/db"), "postgresql://root:***@host/db");
    EXPECT_EQ(redact_passwords("postgresql://root: a b @host/db"), "postgresql://root:***@host/db");
    EXPECT_EQ(redact_passwords("from postgres://a:x y@h1/d to postgres://b:z\tw@h2/d"),
              "from postgres://a:***@h1/d to postgres://b:***@h2/d");
}

TEST(RedactPasswords, MasksQueryPasswordContainingSpacesOrTabs) {
    EXPECT_EQ(redact_passwords("postgresql://h/db?password=pa ss&sslmode=require"),
              "postgresql://h/db?password=***&sslmode=require");
    EXPECT_EQ(redact_passwords("postgresql://h/db?sslmode=require&password=pa\tss"),
              "postgresql://h/db?sslmode=require&password=***");
}

// libpq's keyword=value form: a value with spaces is single-quoted, with \' and \\ inside.
TEST(RedactPasswords, MasksQuotedKeywordPasswordWithTabsQuotesAndBackslashes) {
    EXPECT_EQ(redact_passwords("host=db password='a\tb \\\\ c\\' d' dbname=shop"), "host=db password=*** dbname=shop");
}

TEST(RedactPasswords, MasksKeywordPassword) {
    EXPECT_EQ(redact_passwords("host=db user=alice password=hunter2 dbname=shop"),
              "host=db user=alice password=*** dbname=shop");
}

TEST(RedactPasswords, MasksQuotedKeywordPasswordWithEscapes) {
    EXPECT_EQ(redact_passwords("host='db' password='it\\'s a secret' dbname='shop'"),
              "host='db' password=*** dbname='shop'");
}

TEST(RedactPasswords, MasksKeywordPasswordWithSpacesAroundEquals) {
    EXPECT_EQ(redact_passwords("host=db password = hunter2 port=5432"), "host=db password =*** port=5432");
}

TEST(RedactPasswords, MasksQueryPasswordUpToTheNextParameter) {
    EXPECT_EQ(redact_passwords("GET postgresql://db/shop?password=hunter2&sslmode=require done"),
              "GET postgresql://db/shop?password=***&sslmode=require done");
}

TEST(RedactPasswords, MasksSslPasswordAndEnvironmentStyle) {
    EXPECT_EQ(redact_passwords("sslpassword=k3y PGPASSWORD=hunter2"), "sslpassword=*** PGPASSWORD=***");
}

TEST(RedactPasswords, LeavesTextWithoutPasswordsAlone) {
    for (std::string_view text : {
             "",
             "password authentication failed for user \"alice\"",
             "connecting to postgresql://alice@db:5432/shop as alice@example.com",
             "cockroachdb://root@localhost:26257/defaultdb?sslmode=disable",
             "postgresql://[::1]:5432/db",
             "postgresql://db:5432/shop failed for alice@example.com",
             "password=",
         }) {
        EXPECT_EQ(redact_passwords(text), text);
    }
}

TEST(RedactPasswords, LeavesAnAlreadyMaskedValueAndTheQuoteAfterItAlone) {
    EXPECT_EQ(redact_passwords("bad URL \"postgresql://h/db?password=***\": nope"),
              "bad URL \"postgresql://h/db?password=***\": nope");
    EXPECT_EQ(redact_passwords("(password=***)"), "(password=***)");
}

TEST(RedactPasswords, IsIdempotent) {
    for (std::string_view text : {
             "connecting to postgresql://alice:hunter2@db:5432/shop?password=x&sslmode=require",
             "host=db password='it\\'s' user=u",
             "url=\"cockroachdb://root:s3cr3t-P@ss@localhost:26257/defaultdb\" password=abc",
         }) {
        std::string once = redact_passwords(text);
        EXPECT_EQ(redact_passwords(once), once);
        EXPECT_FALSE(contains(once, "hunter2") || contains(once, "s3cr3t") || contains(once, "abc")) << once;
    }
}

TEST(RedactPasswords, UnterminatedQuotedPasswordIsMaskedToTheEnd) {
    EXPECT_EQ(redact_passwords("password='never closed"), "password=***");
}

}  // namespace
