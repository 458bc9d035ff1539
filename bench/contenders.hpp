// The contenders for one latency: connected to the server directly, or each through a LatencyProxy of its own, so
// that the round trips of each are counted apart from the others'. On SQLite, roachorm and sqlite3, in process.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "harness.hpp"
#include "implementation.hpp"
#include "latency_proxy.hpp"

namespace bench {

class Contenders {
public:
    // roachorm, SOCI and libpq, in that order; on SQLite roachorm and sqlite3. Without `one_way` they connect
    // directly and count no round trips; with it (0 included) every connection each one opens goes through its proxy,
    // which SQLite, having no connections to delay, refuses (std::logic_error).
    Contenders(const Setup& setup, std::optional<std::chrono::microseconds> one_way);

    std::span<const Contender> all() const { return contenders_; }

private:
    std::vector<std::unique_ptr<LatencyProxy>> proxies_;
    std::vector<std::unique_ptr<Setup>> setups_;  // the contenders keep a reference to theirs
    // Last, so destroyed first: connections close while their proxies still run.
    std::vector<Contender> contenders_;
};

// The contender whose times the others' are divided by: the one closest to the database's own client library.
std::string_view baseline(const Setup& setup);

// `url` pointing at 127.0.0.1:port instead of the server. Throws orm::ConfigError when the rewrite cannot make every
// connection go there: a Unix-domain socket, or a host or port named in the URL's options.
std::string url_through(const std::string& url, std::uint16_t port);

// `setup` with its URL and conninfo rewritten by url_through.
Setup through_proxy(const Setup& setup, std::uint16_t port);

}  // namespace bench
