// Parses sqlite: URLs into a file path (percent-decoded) or an in-memory database, and the busy timeout.
#include <roachorm/orm/options/sqlite_url.hpp>

#include <charconv>
#include <ranges>
#include <string>

#include <fmt/format.h>

#include <roachorm/orm/core/error.hpp>

namespace orm {
namespace {

constexpr std::string_view kForms =
    "use sqlite:///absolute/path.db, sqlite:relative/path.db or sqlite::memory:, optionally with "
    "?busy_timeout_ms=N";

[[noreturn]] void fail(std::string_view url, std::string_view what) {
    throw ConfigError(fmt::format("invalid database URL \"{}\": {}; {}", url, what, kForms));
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

std::string percent_decoded(std::string_view url, std::string_view text) {
    std::string decoded;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            decoded += text[i];
            continue;
        }
        const int high = i + 2 < text.size() ? hex_digit(text[i + 1]) : -1;
        const int low = high >= 0 ? hex_digit(text[i + 2]) : -1;
        if (low < 0 || (high == 0 && low == 0)) {
            fail(url, "a '%' in the path starts no two-hex-digit escape (write '%' as %25), or encodes NUL");
        }
        decoded += static_cast<char>(high * 16 + low);
        i += 2;
    }
    return decoded;
}

int busy_timeout(std::string_view url, std::string_view query) {
    int milliseconds = kDefaultBusyTimeoutMs;
    for (const auto part : std::views::split(query, '&')) {
        const std::string_view option(part.begin(), part.end());
        const std::size_t equals = option.find('=');
        const std::string_view name = option.substr(0, equals);
        const std::string_view value = equals == std::string_view::npos ? "" : option.substr(equals + 1);
        if (name != "busy_timeout_ms") {
            fail(url,
                 fmt::format("unknown option \"{}\" (SQLite takes busy_timeout_ms, and roachorm's own options)", name));
        }
        const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), milliseconds);
        if (error != std::errc{} || end != value.data() + value.size() || milliseconds < 0) {
            fail(url, "busy_timeout_ms must be a whole number of milliseconds, 0 or more");
        }
    }
    return milliseconds;
}

}  // namespace

bool is_sqlite_url(std::string_view url) {
    while (!url.empty() && (url.front() == ' ' || url.front() == '\t')) {
        url.remove_prefix(1);
    }
    constexpr std::string_view scheme = "sqlite:";
    return url.size() >= scheme.size() && std::ranges::equal(url.substr(0, scheme.size()), scheme, [](char a, char b) {
               return (a >= 'A' && a <= 'Z' ? a - 'A' + 'a' : a) == b;
           });
}

DatabaseUrl parse_sqlite_url(std::string_view url) {
    while (!url.empty() && (url.back() == ' ' || url.back() == '\t' || url.back() == '\n')) {
        url.remove_suffix(1);
    }
    while (!url.empty() && (url.front() == ' ' || url.front() == '\t')) {
        url.remove_prefix(1);
    }
    std::string_view rest = url.substr(std::string_view("sqlite:").size());
    const std::size_t query_start = rest.find('?');
    const std::string_view query = query_start == std::string_view::npos ? "" : rest.substr(query_start + 1);
    rest = rest.substr(0, query_start);

    DatabaseUrl result;
    result.dialect = DialectKind::sqlite;
    result.redacted = std::string(url);  // a SQLite URL holds no password
    result.busy_timeout_ms = query.empty() ? kDefaultBusyTimeoutMs : busy_timeout(url, query);
    if (rest == ":memory:") {
        result.database = ":memory:";
        return result;
    }
    if (rest.starts_with("//")) {
        rest.remove_prefix(2);
        if (!rest.starts_with('/')) {
            fail(url, "a SQLite URL names no host: after sqlite:// comes the absolute path, starting with '/'");
        }
    } else if (rest.starts_with('/')) {
        fail(url, "an absolute path takes three slashes, as in sqlite:///tmp/app.db");
    }
    if (rest.empty() || rest.back() == '/') {
        fail(url, "it names no database file");
    }
    result.database = percent_decoded(url, rest);
    return result;
}

}  // namespace orm
