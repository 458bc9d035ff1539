// Building each latency's contenders. The proxy's address replaces the host:port part of the URL; the conninfo is
// then derived from the rewritten URL by the same parser roachorm uses, so both kinds of contender agree.
#include "contenders.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include <roachorm/orm/core/error.hpp>
#include <roachorm/orm/options/url.hpp>

namespace bench {
namespace {

constexpr std::string_view proxy_host = "127.0.0.1";

// scheme://[user[:password]@]host[:port][/database][?options]: the host and port sit after the last '@' of the
// part before the first '/', '?' or '#' (a password's '@' or '/' must be percent-encoded).
std::string replace_host_port(const std::string& url, std::uint16_t port) {
    const std::size_t scheme_end = url.find("://");
    if (scheme_end == std::string::npos) {
        throw orm::ConfigError("--rtt-ms: the URL has no scheme://; give it as postgresql://user@host:port/db");
    }
    const std::size_t authority = scheme_end + 3;
    const std::size_t authority_end = std::min(url.find_first_of("/?#", authority), url.size());
    const std::size_t at = url.rfind('@', authority_end - 1);
    const std::size_t host = at == std::string::npos || at < authority ? authority : at + 1;
    return fmt::format("{}{}:{}{}", url.substr(0, host), proxy_host, port, url.substr(authority_end));
}

}  // namespace

std::string url_through(const std::string& url, std::uint16_t port) {
    const orm::DatabaseUrl server = orm::DatabaseUrl::parse(url);
    if (server.host.starts_with('/')) {
        throw orm::ConfigError(
            fmt::format("--rtt-ms: the URL {} names a Unix-domain socket ({}), and the latency proxy speaks TCP only; "
                        "give the server's TCP host and port, e.g. postgresql://user@127.0.0.1:5432/db",
                        server.redacted, server.host));
    }
    std::string proxied = replace_host_port(url, port);
    const orm::DatabaseUrl parsed = orm::DatabaseUrl::parse(proxied);
    // Options such as ?host=, ?hostaddr= or ?port= win over the part the rewrite replaced (libpq's rule), and the
    // connections would bypass the proxy unnoticed.
    if (parsed.host != proxy_host || parsed.port != std::to_string(port) ||
        parsed.conninfo.find("hostaddr=") != std::string::npos) {
        throw orm::ConfigError(
            fmt::format("--rtt-ms: the URL {} names its host or port among its options, which the latency proxy "
                        "cannot replace; give them as host:port after the scheme, e.g. "
                        "postgresql://user@127.0.0.1:5432/db",
                        server.redacted));
    }
    return proxied;
}

Setup through_proxy(const Setup& setup, std::uint16_t port) {
    Setup proxied = setup;
    proxied.url = url_through(setup.url, port);
    proxied.conninfo = orm::DatabaseUrl::parse(proxied.url).conninfo;
    return proxied;
}

std::string_view baseline(const Setup& setup) {
    return setup.dialect == orm::DialectKind::sqlite ? "sqlite3" : "libpq";
}

Contenders::Contenders(const Setup& setup, std::optional<std::chrono::microseconds> one_way) {
    using Make = std::unique_ptr<Implementation> (*)(const Setup&);
    const Make roachorm = [](const Setup& s) { return make_roachorm(s); };
    const bool in_process = setup.dialect == orm::DialectKind::sqlite;
    const std::vector<std::pair<const char*, Make>> makers =
        in_process ? std::vector<std::pair<const char*, Make>>{{"roachorm", roachorm}, {"sqlite3", make_sqlite3}}
                   : std::vector<std::pair<const char*, Make>>{
                         {"roachorm", roachorm}, {"soci", make_soci}, {"libpq", make_libpq}};
    if (in_process && one_way) {
        throw std::logic_error("Contenders: SQLite runs in process, with no connection for a latency proxy");
    }
    const orm::DatabaseUrl server = orm::DatabaseUrl::parse(setup.url);
    for (const auto& [name, make] : makers) {
        if (!one_way) {
            contenders_.push_back({.name = name, .implementation = make(setup), .round_trips = {}});
            continue;
        }
        const LatencyProxy& proxy =
            *proxies_.emplace_back(std::make_unique<LatencyProxy>(server.host, server.port, *one_way));
        const Setup& proxied = *setups_.emplace_back(std::make_unique<Setup>(through_proxy(setup, proxy.port())));
        contenders_.push_back(
            {.name = name, .implementation = make(proxied), .round_trips = [&proxy] { return proxy.round_trips(); }});
    }
}

}  // namespace bench
