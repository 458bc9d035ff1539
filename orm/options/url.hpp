// Parses a database URL (postgresql://, postgres://, cockroachdb://) into what libpq needs and what may be shown.
// libpq's own parser validates the connection part; the password is kept only in the conninfo, never in display text.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace orm {

enum class DialectKind { postgresql, cockroachdb, sqlite };

// One server of the URL's host list.
struct Endpoint {
    std::string host;      // as given ("" when the URL names only its hostaddr)
    std::string hostaddr;  // as given, or ""
    std::string port;      // as given, or the dialect's default
    // "host:port" as libpq's PQhost and PQport report the server a connection reached.
    std::string name() const;
};

// Seconds libpq waits for each server to answer when the URL gives no connect_timeout: a host that is down is
// given up on after this, and libpq goes on to the next one.
inline constexpr int kDefaultConnectTimeoutSeconds = 5;

struct DatabaseUrl {
    DialectKind dialect = DialectKind::postgresql;
    std::string conninfo;  // libpq keyword='value' string, password included: hand it to libpq only
    std::string host;      // as given, or "localhost" when the URL names none
    std::string port;      // as given, or "5432" / "26257" by dialect when the URL names none
    std::string database;
    std::string user;
    std::string redacted;  // the URL with any password replaced by "***", safe for messages and logs
    // The servers the URL lists, in its order: one, or several (a cluster's nodes, a primary and its standbys).
    std::vector<Endpoint> endpoints;

    // conninfo with the servers in `order` (indexes into endpoints, each once). libpq tries them in the order given
    // and keeps the first that accepts the connection.
    std::string conninfo_in_order(std::span<const std::size_t> order) const;

    // Throws orm::ConfigError naming what is wrong (empty, no scheme, unknown scheme, bad port, bad
    // percent-encoding, unknown option); the message quotes the URL only in its redacted form.
    static DatabaseUrl parse(std::string_view url);

private:
    std::string conninfo_without_servers_;  // conninfo minus host, hostaddr and port
};

// Replaces the password of every URL-like "scheme://user:password@" and every "password=..." in text by "***".
std::string redact_passwords(std::string_view text);

}  // namespace orm
