// TLS against the throwaway PostgreSQL that scripts/db starts with certificates: verify-full by IP address and by
// host name, a wrong CA or host name refused with a clear ConnectionError, client certificates passed to libpq,
// and plain connections still served. The certificate paths come from scripts/db; without them every test fails.
#include <cctype>
#include <cstdlib>
#include <optional>
#include <string>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_server.hpp"

namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

std::string environment(const char* name) {
    const char* value = std::getenv(name);
    return value != nullptr ? value : "";
}

// Paths as URL query values: every character outside RFC 3986's unreserved set (and '/') as %XX.
std::string query_value_of(std::string_view path) {
    std::string encoded;
    for (const char c : path) {
        const auto byte = static_cast<unsigned char>(c);
        if (std::isalnum(byte) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
            encoded += c;
        } else {
            encoded += fmt::format("%{:02X}", byte);
        }
    }
    return encoded;
}

struct Tls {
    bool ssl = false;
    std::string version;
    std::string client_dn;
    std::string user;
};

class PostgreSQLOnlyTls : public roachorm_test::ServerTest<> {
protected:
    void SetUp() override {
        ServerTest::SetUp();
        ASSERT_EQ(database->dialect().kind(), orm::DialectKind::postgresql)
            << "PostgreSQLOnly suites run only against PostgreSQL (scripts/test leaves them out of the CockroachDB "
               "run)";
        ca = environment("ROACHORM_TEST_CA_FILE");
        wrong_ca = environment("ROACHORM_TEST_WRONG_CA_FILE");
        client_cert = environment("ROACHORM_TEST_CLIENT_CERT");
        client_key = environment("ROACHORM_TEST_CLIENT_KEY");
        ASSERT_FALSE(ca.empty() || wrong_ca.empty() || client_cert.empty() || client_key.empty())
            << "ROACHORM_TEST_CA_FILE, ROACHORM_TEST_WRONG_CA_FILE, ROACHORM_TEST_CLIENT_CERT and "
               "ROACHORM_TEST_CLIENT_KEY are not all set: run the suite through ./scripts/test or scripts/db "
               "postgresql -- ..., whose PostgreSQL serves TLS with certificates it creates (it needs openssl)";
    }

    // The test server's URL (its user and password) with another host name and `query` instead of its own query.
    std::string url_with(std::string_view host, std::string_view query) const {
        const std::string url = roachorm_test::server_url();
        const std::size_t at = url.rfind('@', url.find('/', url.find("://") + 3));
        const std::string user_info = url.substr(0, at + 1);
        const orm::DatabaseUrl& server = database->url();
        return fmt::format("{}{}:{}/{}?{}", user_info, host, server.port, server.database, query);
    }

    std::string verify_full(std::string_view root_certificate) const {
        return "sslmode=verify-full&sslrootcert=" + query_value_of(root_certificate);
    }

    // What the server says about the connection a transaction on `url` runs on.
    static Tls connection_facts(const std::string& url) {
        orm::Database database(url, {.pool_size = 1});
        return orm::run_transaction(database, [](orm::Session& session) {
            const auto [ssl, version, client_dn, user] =
                session
                    .select<bool, std::optional<std::string>, std::optional<std::string>, std::string>(
                        "SELECT ssl, version, client_dn, current_user::text FROM pg_stat_ssl "
                        "WHERE pid = pg_backend_pid()")
                    .at(0);
            return Tls{ssl, version.value_or(""), client_dn.value_or(""), user};
        });
    }

    // The message of the ConnectionError a transaction on `url` fails with.
    static std::string connection_error(const std::string& url) {
        orm::Database database(url, {.pool_size = 1});
        try {
            orm::run_transaction(database, [](orm::Session&) {});
        } catch (const orm::ConnectionError& error) {
            return error.what();
        }
        ADD_FAILURE() << "expected orm::ConnectionError, but the connection was made";
        return {};
    }

    std::string password() const {
        const std::string url = roachorm_test::server_url();
        const std::size_t colon = url.find(':', url.find("://") + 3);
        const std::size_t at = url.rfind('@', url.find('/', url.find("://") + 3));
        return url.substr(colon + 1, at - colon - 1);
    }

    std::string ca, wrong_ca, client_cert, client_key;
};

TEST_F(PostgreSQLOnlyTls, VerifyFullByIpAddressConnectsOverTls) {
    const Tls facts = connection_facts(url_with("127.0.0.1", verify_full(ca)));
    EXPECT_TRUE(facts.ssl);
    EXPECT_THAT(facts.version, StartsWith("TLS"));
}

TEST_F(PostgreSQLOnlyTls, VerifyFullByHostNameConnectsOverTls) {
    EXPECT_TRUE(connection_facts(url_with("localhost", verify_full(ca))).ssl);
}

TEST_F(PostgreSQLOnlyTls, CertificateFromAnotherCaIsAConnectionErrorAboutVerification) {
    const std::string message = connection_error(url_with("127.0.0.1", verify_full(wrong_ca)));
    EXPECT_THAT(message, HasSubstr("certificate verify failed"));
    EXPECT_THAT(message, HasSubstr("127.0.0.1:" + database->url().port));
    EXPECT_THAT(message, Not(HasSubstr(password())));
}

TEST_F(PostgreSQLOnlyTls, HostNameMissingFromTheCertificateIsRefused) {
    // hostaddr reaches the real server while libpq checks the certificate against the name in host.
    const std::string message =
        connection_error(url_with("wrong-name.invalid", verify_full(ca) + "&hostaddr=127.0.0.1"));
    EXPECT_THAT(message, HasSubstr("does not match host name \"wrong-name.invalid\""));
}

TEST_F(PostgreSQLOnlyTls, PlainAndPreferredConnectionsAreStillServed) {
    EXPECT_FALSE(connection_facts(roachorm_test::server_url()).ssl) << "the suite's own URL says sslmode=disable";
    EXPECT_TRUE(connection_facts(url_with("127.0.0.1", "sslmode=prefer")).ssl);
}

TEST_F(PostgreSQLOnlyTls, ClientCertificateLogsInTheRoleThatAcceptsOnlyCertificates) {
    const std::string url =
        fmt::format("postgresql://roachorm_cert@127.0.0.1:{}/{}?{}&sslcert={}&sslkey={}", database->url().port,
                    database->url().database, verify_full(ca), query_value_of(client_cert), query_value_of(client_key));
    const Tls facts = connection_facts(url);
    EXPECT_TRUE(facts.ssl);
    EXPECT_EQ(facts.user, "roachorm_cert");
    EXPECT_EQ(facts.client_dn, "/CN=roachorm_cert");
}

TEST_F(PostgreSQLOnlyTls, CertificateOnlyRoleWithoutACertificateIsRefused) {
    const std::string message =
        connection_error(fmt::format("postgresql://roachorm_cert@127.0.0.1:{}/{}?{}", database->url().port,
                                     database->url().database, verify_full(ca)));
    EXPECT_THAT(message, HasSubstr("certificate"));
}

TEST_F(PostgreSQLOnlyTls, MissingClientKeyFileIsAConnectionErrorNamingIt) {
    const std::string missing = "/nonexistent/roachorm-client.key";
    const std::string message = connection_error(
        fmt::format("postgresql://roachorm_cert@127.0.0.1:{}/{}?{}&sslcert={}&sslkey={}", database->url().port,
                    database->url().database, verify_full(ca), query_value_of(client_cert), query_value_of(missing)));
    EXPECT_THAT(message, HasSubstr(missing));
}

}  // namespace
