// The SQLite form of a database URL: sqlite:///absolute/path.db, sqlite:relative/path.db or sqlite::memory:, with
// an optional ?busy_timeout_ms=N. DatabaseUrl::parse hands URLs of the sqlite scheme here.
#pragma once

#include <string_view>

#include <roachorm/orm/options/url.hpp>

namespace orm {

// Whether `url` names the sqlite scheme ("sqlite:" in any case, after leading spaces).
bool is_sqlite_url(std::string_view url);

// Throws orm::ConfigError naming what is wrong (a host, an empty path, bad percent-encoding, an unknown option).
DatabaseUrl parse_sqlite_url(std::string_view url);

}  // namespace orm
