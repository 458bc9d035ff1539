// Parses a database URL (postgresql://, postgres://, cockroachdb://) into what libpq needs and what may be shown.
// libpq's own parser validates the connection part; the password is kept only in the conninfo, never in display text.
#pragma once

#include <string>
#include <string_view>

namespace orm {

enum class DialectKind { postgresql, cockroachdb };

struct DatabaseUrl {
    DialectKind dialect = DialectKind::postgresql;
    std::string conninfo;  // libpq keyword='value' string, password included: hand it to libpq only
    std::string host;      // as given, or "localhost" when the URL names none
    std::string port;      // as given, or "5432" / "26257" by dialect when the URL names none
    std::string database;
    std::string user;
    std::string redacted;  // the URL with any password replaced by "***", safe for messages and logs

    // Throws orm::ConfigError naming what is wrong (empty, no scheme, unknown scheme, bad port, bad
    // percent-encoding, unknown option); the message quotes the URL only in its redacted form.
    static DatabaseUrl parse(std::string_view url);
};

// Replaces the password of every URL-like "scheme://user:password@" and every "password=..." in text by "***".
std::string redact_passwords(std::string_view text);

}  // namespace orm
