// Database URL parsing on top of libpq's own URI parser, and password redaction for display text.
#include <roachorm/orm/options/sqlite_url.hpp>
#include <roachorm/orm/options/url.hpp>

#include <roachorm/orm/core/error.hpp>

#include <fmt/format.h>
#include <libpq-fe.h>

#include <algorithm>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace orm {

namespace {

constexpr std::string_view kMask = "***";
// How a URL without a host is shown (libpq then uses its Unix-domain socket).
constexpr std::string_view kNoHost = "localhost";
constexpr std::string_view kSchemeHint =
    "expected postgresql://, postgres://, cockroachdb:// or sqlite:, e.g. "
    "cockroachdb://root@localhost:26257/defaultdb?sslmode=disable or sqlite:///var/lib/app/app.db";
constexpr std::string_view kEncodingHint =
    "percent-encode special characters in the user name and password ('@' as %40, ':' as %3A, '/' as %2F, "
    "'?' as %3F, '#' as %23, '%' as %25, space as %20)";

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool is_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

char to_lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return to_lower(x) == to_lower(y); });
}

bool iends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && iequals(s.substr(s.size() - suffix.size()), suffix);
}

int hex_value(char c) {
    if (is_digit(c)) {
        return c - '0';
    }
    c = to_lower(c);
    return (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
}

// Percent-decodes leniently: a malformed escape is kept as it is. Used only to recognise query keys.
std::string percent_decode_lenient(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size()) {
            int hi = hex_value(s[i + 1]);
            int lo = hex_value(s[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out += static_cast<char>(hi * 16 + lo);
                i += 2;
                continue;
            }
        }
        out += s[i];
    }
    return out;
}

// A valid URI scheme: a letter, then letters, digits, '+', '-' or '.'.
bool is_scheme(std::string_view s) {
    if (s.empty() || !is_alpha(s[0])) {
        return false;
    }
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return is_alpha(c) || is_digit(c) || c == '+' || c == '-' || c == '.'; });
}

// Masks a URL's text after "scheme://": the password is taken to run from the first ':' to the '@' at `at`; the
// values of query parameters whose (decoded) key ends in "password" are masked too, up to the next '&'.
std::string mask_rest(std::string_view rest, std::size_t at) {
    std::string out;
    std::size_t tail = 0;
    if (at != std::string_view::npos) {
        std::size_t colon = rest.find(':');
        if (colon != std::string_view::npos && colon + 1 < at) {
            out.append(rest.substr(0, colon + 1));
            out.append(kMask);
            tail = at;
        }
    }
    std::size_t query = rest.find('?', tail);
    if (query == std::string_view::npos) {
        out.append(rest.substr(tail));
        return out;
    }
    out.append(rest.substr(tail, query + 1 - tail));
    std::size_t pos = query + 1;
    while (true) {
        std::size_t amp = rest.find('&', pos);
        std::string_view param = rest.substr(pos, amp == std::string_view::npos ? std::string_view::npos : amp - pos);
        std::size_t eq = param.find('=');
        if (eq != std::string_view::npos && iends_with(percent_decode_lenient(param.substr(0, eq)), "password")) {
            out.append(param.substr(0, eq + 1));
            if (eq + 1 < param.size()) {
                out.append(kMask);
            }
        } else {
            out.append(param);
        }
        if (amp == std::string_view::npos) {
            break;
        }
        out += '&';
        pos = amp + 1;
    }
    return out;
}

// The widest reading, used in every error message, where the URL may be malformed in ways that make the password's
// extent uncertain: everything from the first ':' to the last '@', and everything after the first "password=" (or
// percent-encoded query key ending in "password"), is hidden.
std::string mask_rest_conservative(std::string_view rest) {
    std::vector<bool> hidden(rest.size(), false);
    std::size_t at = rest.rfind('@');
    std::size_t colon = rest.find(':');
    if (at != std::string_view::npos && colon != std::string_view::npos && colon < at) {
        std::fill(hidden.begin() + static_cast<std::ptrdiff_t>(colon + 1),
                  hidden.begin() + static_cast<std::ptrdiff_t>(at), true);
    }
    for (std::size_t key = rest.find_first_of("?&"); key != std::string_view::npos;
         key = rest.find_first_of("?&", key + 1)) {
        std::size_t eq = rest.find_first_of("=&", key + 1);
        if (eq != std::string_view::npos && rest[eq] == '=' &&
            iends_with(percent_decode_lenient(rest.substr(key + 1, eq - key - 1)), "password")) {
            std::fill(hidden.begin() + static_cast<std::ptrdiff_t>(eq + 1), hidden.end(), true);
            break;
        }
    }
    // "password=" glued to something else (e.g. "?a=bpassword=x y"): hide the rest too.
    constexpr std::string_view kKey = "password=";
    for (std::size_t k = 0; k + kKey.size() <= rest.size(); ++k) {
        if (iequals(rest.substr(k, kKey.size()), kKey)) {
            std::fill(hidden.begin() + static_cast<std::ptrdiff_t>(k + kKey.size()), hidden.end(), true);
            break;
        }
    }
    std::string out;
    for (std::size_t i = 0; i < rest.size(); ++i) {
        if (!hidden[i]) {
            out += rest[i];
        } else if (i == 0 || !hidden[i - 1]) {
            out.append(kMask);
        }
    }
    return out;
}

// The reading of a well-formed URL: the user-info ends at libpq's '@' (the first one, if no '/' comes before it)
// or at the last '@' before the query, whichever is later. The result is checked against libpq before it is used.
std::string mask_rest_precise(std::string_view rest) {
    std::size_t libpq_at = rest.find_first_of("@/");
    if (libpq_at != std::string_view::npos && rest[libpq_at] != '@') {
        libpq_at = std::string_view::npos;
    }
    std::size_t query = rest.find('?');
    std::size_t before_query_at = std::string_view::npos;
    if (query != 0) {
        before_query_at = rest.rfind('@', query == std::string_view::npos ? std::string_view::npos : query - 1);
    }
    std::size_t at = libpq_at;
    if (before_query_at != std::string_view::npos && (at == std::string_view::npos || before_query_at > at)) {
        at = before_query_at;
    }
    return mask_rest(rest, at);
}

// The end of the SQL string literal ('...' with '' inside, or E'...' with backslash escapes too) starting at
// `start`, or `start` itself when none starts there. An unterminated literal runs to the end of the text.
std::size_t sql_literal_end(std::string_view text, std::size_t start) {
    const bool escapes = start + 1 < text.size() && (text[start] == 'E' || text[start] == 'e');
    std::size_t pos = escapes ? start + 1 : start;
    if (pos >= text.size() || text[pos] != '\'') {
        return start;
    }
    for (++pos; pos < text.size(); ++pos) {
        if (escapes && text[pos] == '\\') {
            ++pos;
        } else if (text[pos] == '\'') {
            if (pos + 1 < text.size() && text[pos + 1] == '\'') {
                ++pos;
            } else {
                return pos + 1;
            }
        }
    }
    return text.size();
}

// Masks "...password=VALUE" / "password='VALUE'" (conninfo keyword form, query strings, environment-style lines)
// and SQL's "PASSWORD 'VALUE'".
std::string mask_password_keywords(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    const std::size_t n = text.size();
    constexpr std::string_view kWord = "password";
    while (i < n) {
        std::size_t p = std::string_view::npos;
        for (std::size_t k = i; k + kWord.size() <= n; ++k) {
            if (iequals(text.substr(k, kWord.size()), kWord)) {
                p = k;
                break;
            }
        }
        if (p == std::string_view::npos) {
            break;
        }
        std::size_t word_start = p;
        while (word_start > 0 &&
               (is_alpha(text[word_start - 1]) || is_digit(text[word_start - 1]) || text[word_start - 1] == '_')) {
            --word_start;
        }
        std::size_t k = p + kWord.size();
        while (k < n && (text[k] == ' ' || text[k] == '\t')) {
            ++k;
        }
        if (const std::size_t end = sql_literal_end(text, k); k > p + kWord.size() && end != k) {
            // SQL's "CREATE ROLE ... PASSWORD 'secret'", in an echoed raw statement or an error quoting it. The
            // space is required so that a quoted word ('password') is not taken for the start of a secret.
            out.append(text.substr(i, k - i));
            out.append(kMask);
            i = end;
            continue;
        }
        if (k >= n || text[k] != '=') {
            out.append(text.substr(i, p + kWord.size() - i));
            i = p + kWord.size();
            continue;
        }
        const bool query_form = word_start > 0 && (text[word_start - 1] == '?' || text[word_start - 1] == '&');
        std::size_t v = k + 1;
        if (!query_form) {
            while (v < n && (text[v] == ' ' || text[v] == '\t')) {
                ++v;
            }
        }
        std::size_t end = v;
        if (text.substr(v, kMask.size()) == kMask &&
            (v + kMask.size() == n ||
             std::string_view("\"'),;]}>&").find(text[v + kMask.size()]) != std::string_view::npos ||
             is_space(text[v + kMask.size()]))) {
            // Already masked (e.g. a URL shown in a message): leave it, and the quote or bracket after it, alone.
            out.append(text.substr(i, v + kMask.size() - i));
            i = v + kMask.size();
            continue;
        }
        if (v < n && text[v] == '\'') {
            end = v + 1;
            while (end < n && text[end] != '\'') {
                end += (text[end] == '\\') ? 2 : 1;
            }
            end = std::min(end + 1, n);
        } else {
            // A URL's query value ends only at '&': its spaces and tabs (raw or percent-decoded) are the value's.
            while (end < n && (query_form ? text[end] != '&' : !is_space(text[end]))) {
                ++end;
            }
        }
        out.append(text.substr(i, k + 1 - i));
        if (end > v) {
            out.append(kMask);
            i = end;
        } else {
            i = k + 1;
        }
    }
    out.append(text.substr(std::min(i, n)));
    return out;
}

// Splits a URL into its scheme (empty when it has none that looks like one) and the text after "://".
struct SchemeSplit {
    std::string_view scheme;
    std::string_view rest;
    bool has_scheme = false;
};

SchemeSplit split_scheme(std::string_view url) {
    std::size_t sep = url.find("://");
    if (sep != std::string_view::npos && is_scheme(url.substr(0, sep))) {
        return {url.substr(0, sep), url.substr(sep + 3), true};
    }
    return {{}, url, false};
}

// The URL as every error message shows it.
std::string shown_url(std::string_view url) {
    SchemeSplit split = split_scheme(url);
    std::string out;
    if (split.has_scheme) {
        out.append(split.scheme);
        out.append("://");
    }
    out += mask_rest_conservative(split.rest);
    return mask_password_keywords(out);
}

// `what` may carry text from libpq, so it is redacted once more; `todo` is fixed advice.
[[noreturn]] void fail(std::string_view url, std::string_view what, std::string_view todo) {
    throw ConfigError(fmt::format("invalid database URL \"{}\": {}; {}", shown_url(url), redact_passwords(what), todo));
}

struct OptionsDeleter {
    void operator()(PQconninfoOption* options) const { PQconninfoFree(options); }
};
using Options = std::unique_ptr<PQconninfoOption, OptionsDeleter>;

// Runs libpq's parser; on failure returns null and libpq's message without its trailing newline.
Options libpq_parse(const std::string& conninfo, std::string& error) {
    char* errmsg = nullptr;
    Options options(PQconninfoParse(conninfo.c_str(), &errmsg));
    if (errmsg != nullptr) {
        error = errmsg;
        PQfreemem(errmsg);
    } else if (!options) {
        error = "libpq could not parse it (out of memory?)";
    }
    while (!error.empty() && (error.back() == '\n' || error.back() == '\r')) {
        error.pop_back();
    }
    return options;
}

std::string_view option(const Options& options, std::string_view keyword) {
    for (const PQconninfoOption* o = options.get(); o->keyword != nullptr; ++o) {
        if (keyword == o->keyword) {
            return o->val != nullptr ? std::string_view(o->val) : std::string_view();
        }
    }
    return {};
}

bool is_password_keyword(std::string_view keyword) {
    return iends_with(keyword, "password");
}

// True when the masked URL means the same to libpq as the original, apart from the passwords now being "***".
bool same_but_masked(const Options& original, const Options& masked) {
    for (const PQconninfoOption* o = original.get(); o->keyword != nullptr; ++o) {
        std::string_view value = o->val != nullptr ? std::string_view(o->val) : std::string_view();
        std::string_view other = option(masked, o->keyword);
        if (is_password_keyword(o->keyword)) {
            if (value.empty() ? !other.empty() : other != kMask) {
                return false;
            }
        } else if (value != other) {
            return false;
        }
    }
    return true;
}

std::vector<std::string_view> split_commas(std::string_view s) {
    std::vector<std::string_view> parts;
    std::size_t pos = 0;
    while (true) {
        std::size_t comma = s.find(',', pos);
        parts.push_back(s.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos));
        if (comma == std::string_view::npos) {
            return parts;
        }
        pos = comma + 1;
    }
}

// The port list with every empty entry replaced by the dialect's default; throws for a non-numeric or
// out-of-range entry.
std::string checked_ports(std::string_view url, std::string_view ports, std::string_view fallback) {
    if (ports.empty()) {
        return std::string(fallback);
    }
    std::string shown = shown_url(url);
    std::string out;
    bool first = true;
    for (std::string_view port : split_commas(ports)) {
        if (!first) {
            out += ',';
        }
        first = false;
        if (port.empty()) {
            out.append(fallback);
            continue;
        }
        // Quote the port only if the message shows that text anyway, so no fragment of a password slips out.
        std::string quoted = shown.find(port) != std::string::npos ? fmt::format("\"{}\"", port) : "";
        if (!std::all_of(port.begin(), port.end(), is_digit)) {
            fail(url, fmt::format("the port {}is not a number", quoted.empty() ? "" : quoted + " "),
                 "give the port as digits, e.g. host:26257 (CockroachDB) or host:5432 (PostgreSQL)");
        }
        std::size_t digits = port.find_first_not_of('0');
        if (digits == std::string_view::npos || port.size() - digits > 5 || std::stoi(std::string(port)) > 65535) {
            fail(url, fmt::format("the port {}is out of range", quoted.empty() ? "" : quoted + " "),
                 "use a port from 1 to 65535, e.g. 26257 (CockroachDB) or 5432 (PostgreSQL)");
        }
        out.append(port);
    }
    return out;
}

// libpq's conninfo quoting: the value in single quotes, with backslash and single quote escaped by a backslash.
void append_conninfo(std::string& conninfo, std::string_view keyword, std::string_view value) {
    if (!conninfo.empty()) {
        conninfo += ' ';
    }
    conninfo.append(keyword);
    conninfo += "='";
    for (char c : value) {
        if (c == '\\' || c == '\'') {
            conninfo += '\\';
        }
        conninfo += c;
    }
    conninfo += '\'';
}

// The URL's servers: libpq pairs the i-th host with the i-th hostaddr and the i-th port, or with the only port
// when one is given for all. An empty `ports` leaves the port to libpq (PGPORT, or 5432).
std::vector<Endpoint> split_endpoints(std::string_view url, std::string_view hosts, std::string_view hostaddrs,
                                      std::string_view ports) {
    const std::vector<std::string_view> host_list = split_commas(hosts);
    const std::vector<std::string_view> hostaddr_list = split_commas(hostaddrs);
    const std::vector<std::string_view> port_list = split_commas(ports);
    const std::size_t count = hosts.empty() ? hostaddr_list.size() : host_list.size();
    if (!hosts.empty() && !hostaddrs.empty() && hostaddr_list.size() != count) {
        fail(url, fmt::format("it lists {} hosts but {} hostaddr values", count, hostaddr_list.size()),
             "give one hostaddr for every host");
    }
    if (port_list.size() != count && port_list.size() != 1) {
        fail(url, fmt::format("it lists {} hosts but {} ports", count, port_list.size()),
             "give one port for every host, or a single port for all of them");
    }
    std::vector<Endpoint> result;
    for (std::size_t i = 0; i < count; ++i) {
        result.push_back({.host = hosts.empty() ? std::string() : std::string(host_list[i]),
                          .hostaddr = hostaddrs.empty() ? std::string() : std::string(hostaddr_list[i]),
                          .port = std::string(port_list.size() == 1 ? port_list[0] : port_list[i])});
    }
    return result;
}

std::string join(const std::vector<Endpoint>& endpoints, std::span<const std::size_t> order,
                 std::string Endpoint::*field) {
    std::string out;
    for (const std::size_t i : order) {
        if (!out.empty()) {
            out += ',';
        }
        out += endpoints.at(i).*field;
    }
    return out;
}

}  // namespace

std::string Endpoint::name() const {
    const std::string_view shown = !host.empty() ? std::string_view(host) : !hostaddr.empty() ? hostaddr : kNoHost;
    return fmt::format("{}:{}", shown, port.empty() ? "5432" : port);
}

std::string DatabaseUrl::conninfo_in_order(std::span<const std::size_t> order) const {
    std::string ordered = conninfo_without_servers_;
    const auto any = [this](std::string Endpoint::*field) {
        return std::ranges::any_of(endpoints, [field](const Endpoint& e) { return !(e.*field).empty(); });
    };
    if (any(&Endpoint::host)) {
        append_conninfo(ordered, "host", join(endpoints, order, &Endpoint::host));
    }
    if (any(&Endpoint::hostaddr)) {
        append_conninfo(ordered, "hostaddr", join(endpoints, order, &Endpoint::hostaddr));
    }
    if (any(&Endpoint::port)) {
        append_conninfo(ordered, "port", join(endpoints, order, &Endpoint::port));
    }
    return ordered;
}

DatabaseUrl DatabaseUrl::parse(std::string_view url) {
    while (!url.empty() && is_space(url.front())) {
        url.remove_prefix(1);
    }
    while (!url.empty() && is_space(url.back())) {
        url.remove_suffix(1);
    }
    if (url.empty()) {
        throw ConfigError(fmt::format("database URL is empty; {}", kSchemeHint));
    }

    if (is_sqlite_url(url)) {
        return parse_sqlite_url(url);
    }
    SchemeSplit split = split_scheme(url);
    if (!split.has_scheme) {
        fail(url, "it has no scheme", kSchemeHint);
    }
    DatabaseUrl result;
    if (iequals(split.scheme, "postgresql") || iequals(split.scheme, "postgres")) {
        result.dialect = DialectKind::postgresql;
    } else if (iequals(split.scheme, "cockroachdb")) {
        result.dialect = DialectKind::cockroachdb;
    } else {
        fail(url, fmt::format("unknown scheme \"{}\"", split.scheme), kSchemeHint);
    }

    // libpq decides; anything quoted from its messages comes from a parse of the masked URL, never the original.
    std::string error;
    Options options = libpq_parse(fmt::format("postgresql://{}", split.rest), error);
    if (!options) {
        std::string masked = fmt::format("postgresql://{}", mask_rest_conservative(split.rest));
        std::string masked_error;
        if (libpq_parse(masked, masked_error)) {
            fail(url, "libpq cannot parse the part shown as ***, which holds the user's password if any",
                 kEncodingHint);
        }
        std::string what = masked_error;
        for (std::size_t pos = 0; (pos = what.find(masked, pos)) != std::string::npos;) {
            std::string shown = shown_url(url);
            what.replace(pos, masked.size(), shown);
            pos += shown.size();
        }
        std::string_view todo =
            what.find("query parameter") != std::string::npos
                ? "use only libpq connection parameters as query options, e.g. sslmode, sslrootcert, sslcert, "
                  "sslkey, application_name, connect_timeout, options"
            : what.find("percent") != std::string::npos
                ? "a '%' must start a two-hex-digit escape such as %40; write a literal '%' as %25"
                : "use the form scheme://user:password@host:port/database?option=value";
        fail(url, fmt::format("libpq rejects it: {}", what), todo);
    }

    // The display form must mean the same to libpq, minus the passwords; otherwise a special character in the
    // user name or password has shifted where libpq thinks the host, port or database is.
    std::string precise_rest = mask_rest_precise(split.rest);
    std::string masked_error;
    Options masked = libpq_parse(fmt::format("postgresql://{}", precise_rest), masked_error);
    if (!masked || !same_but_masked(options, masked)) {
        fail(url, "the user name or password contains characters that change how the URL splits", kEncodingHint);
    }

    // libpq ends the user-info at the first '@' (when no '/' comes first); another '@' before the query means a
    // user name or password with a raw '@' or '/', which libpq has split somewhere the user did not mean.
    std::size_t userinfo_end = split.rest.find_first_of("@/");
    std::size_t after_userinfo =
        userinfo_end != std::string_view::npos && split.rest[userinfo_end] == '@' ? userinfo_end + 1 : 0;
    std::string_view before_query = split.rest.substr(after_userinfo);
    before_query = before_query.substr(0, before_query.find('?'));
    if (before_query.find('@') != std::string_view::npos) {
        fail(url, "an unencoded '@' appears in the host, port or database part", kEncodingHint);
    }

    // An explicit ':' with no port ("host:/db") is accepted by libpq but is a slip, or a password's ':' or '/'.
    std::string_view authority = split.rest.substr(after_userinfo);
    authority = authority.substr(0, authority.find_first_of("/?"));
    for (std::string_view node : split_commas(authority)) {
        if (!node.empty() && node.back() == ':') {
            fail(
                url, "a ':' is followed by no port",
                fmt::format("give the port after ':' or drop the ':'; if it is part of a password, {}", kEncodingHint));
        }
    }

    std::string_view host = option(options, "host");
    std::string_view hostaddr = option(options, "hostaddr");
    if (host.find('@') != std::string_view::npos || hostaddr.find('@') != std::string_view::npos) {
        fail(url, "the host contains '@'", kEncodingHint);
    }
    const bool cockroach = result.dialect == DialectKind::cockroachdb;
    std::string ports = checked_ports(url, option(options, "port"), cockroach ? "26257" : "5432");

    const bool no_host = host.empty() && hostaddr.empty();
    bool has_connect_timeout = false;
    for (const PQconninfoOption* o = options.get(); o->keyword != nullptr; ++o) {
        std::string_view keyword = o->keyword;
        std::string_view value = o->val != nullptr ? std::string_view(o->val) : std::string_view();
        if (cockroach && keyword == "port") {
            value = ports;  // CockroachDB's port, not libpq's 5432, wherever the URL names none
        } else if (cockroach && keyword == "host" && no_host) {
            value = kNoHost;  // what `host` reports, rather than libpq's Unix-domain socket
        }
        if (value.empty()) {
            continue;
        }
        has_connect_timeout = has_connect_timeout || keyword == "connect_timeout";
        append_conninfo(result.conninfo, keyword, value);
        if (keyword != "host" && keyword != "hostaddr" && keyword != "port") {
            append_conninfo(result.conninfo_without_servers_, keyword, value);
        }
    }
    if (!has_connect_timeout) {
        // Without one, libpq waits for the operating system's TCP timeout (minutes) on a host that is down.
        const std::string seconds = std::to_string(kDefaultConnectTimeoutSeconds);
        append_conninfo(result.conninfo, "connect_timeout", seconds);
        append_conninfo(result.conninfo_without_servers_, "connect_timeout", seconds);
    }
    result.endpoints = split_endpoints(url, cockroach && no_host ? kNoHost : host, hostaddr,
                                       option(options, "port").empty() && !cockroach ? std::string_view() : ports);

    result.host = !host.empty() ? std::string(host) : !hostaddr.empty() ? std::string(hostaddr) : std::string(kNoHost);
    result.port = std::move(ports);
    result.database = std::string(option(options, "dbname"));
    result.user = std::string(option(options, "user"));
    result.redacted = fmt::format("{}://{}", split.scheme, precise_rest);
    return result;
}

std::string redact_passwords(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    for (std::size_t sep; (sep = text.find("://", i)) != std::string_view::npos;) {
        const std::size_t start = sep + 3;
        // A password may hold spaces and tabs (libpq percent-decodes %20 and %09, and takes them raw too), so its
        // end is not the next whitespace but the last '@' before the next URL: hiding too much is the safe side.
        const std::size_t limit = std::min(text.find("://", start), text.size());
        std::size_t token_end = start;
        while (token_end < limit && !is_space(text[token_end])) {
            ++token_end;
        }
        const std::string_view token = text.substr(start, token_end - start);
        const std::size_t colon = token.find(':');
        const std::size_t first_at = token.find('@');
        // user:password@ has its ':' before any '@'; "host:port/path" with no '@' in it holds no password.
        const bool user_info =
            colon != std::string_view::npos &&
            (first_at != std::string_view::npos ? colon < first_at : token.find('/', colon) == std::string_view::npos);
        const std::size_t at = user_info ? text.substr(0, limit).rfind('@') : std::string_view::npos;
        out.append(text.substr(i, start - i));
        i = start;
        if (at != std::string_view::npos && start + colon + 1 < at) {
            out.append(token.substr(0, colon + 1));
            out.append(kMask);
            i = at;
        }
    }
    out.append(text.substr(i));
    return mask_password_keywords(out);
}

}  // namespace orm
