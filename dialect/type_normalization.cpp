// Type-name normalization shared by the dialects: the aliases both servers accept, and the modifiers that matter
// (a VARCHAR length, a NUMERIC precision, a timestamp precision below the microseconds roachorm round-trips).
#include <roachorm/dialect/type_normalization.hpp>

#include <array>
#include <cctype>
#include <charconv>
#include <utility>

namespace orm::dialect {
namespace {

// Lower case, runs of white space as one space, none at either end, none inside or before a modifier's parentheses.
std::string simplify(std::string_view text) {
    std::string simple;
    bool pending_space = false;
    for (char c : text) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            pending_space = true;
            continue;
        }
        if (pending_space && !simple.empty() && simple.back() != '(' && c != '(' && c != ')' && c != ',' &&
            simple.back() != ',') {
            simple += ' ';
        }
        pending_space = false;
        simple += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return simple;
}

// Base names whose meaning is the same on both servers, by canonical name.
constexpr std::array<std::pair<std::string_view, std::string_view>, 19> aliases{{
    {"boolean", "bool"},
    {"smallint", "int2"},
    {"bigint", "int8"},
    {"int64", "int8"},  // CockroachDB
    {"real", "float4"},
    {"double precision", "float8"},
    {"decimal", "numeric"},
    {"dec", "numeric"},
    {"string", "text"},  // CockroachDB
    {"varchar", "text"},
    {"character varying", "text"},
    {"char varying", "text"},
    {"character", "char"},
    {"bytes", "bytea"},  // CockroachDB
    {"blob", "bytea"},   // CockroachDB
    {"timestamp with time zone", "timestamptz"},
    {"timestamp without time zone", "timestamp"},
    {"time with time zone", "timetz"},
    {"time without time zone", "time"},
}};

std::string_view canonical_base(std::string_view base, std::string_view plain_int) {
    if (base == "int" || base == "integer") {
        return plain_int;
    }
    for (const auto& [alias, canonical] : aliases) {
        if (base == alias) {
            return canonical;
        }
    }
    return base;
}

bool has_fractional_seconds(std::string_view base) {
    return base == "timestamptz" || base == "timestamp" || base == "time" || base == "timetz" || base == "interval";
}

// FLOAT(p) is REAL up to 24 bits of precision and DOUBLE PRECISION above; FLOAT alone is DOUBLE PRECISION.
std::string_view float_type(std::string_view precision) {
    int bits = 53;
    std::from_chars(precision.data(), precision.data() + precision.size(), bits);
    return bits <= 24 ? "float4" : "float8";
}

}  // namespace

std::string normalize_type_name(std::string_view server_type, std::string_view plain_int) {
    std::string type = simplify(server_type);
    if (type.ends_with("[]")) {
        return normalize_type_name(std::string_view(type).substr(0, type.size() - 2), plain_int) + "[]";
    }
    // The modifier may sit inside the name, as in PostgreSQL's "timestamp(3) with time zone".
    std::string modifier;
    if (const auto open = type.find('('); open != std::string::npos) {
        if (const auto close = type.find(')', open); close != std::string::npos) {
            modifier = type.substr(open + 1, close - open - 1);
            type = simplify(type.erase(open, close - open + 1));
        }
    }
    const std::string_view base = canonical_base(type, plain_int);
    if (base == "float") {
        return std::string(float_type(modifier));
    }
    if (base == "text") {
        // STRING(n) and VARCHAR(n) limit the length; without a length they are TEXT.
        return modifier.empty() ? "text" : "varchar(" + modifier + ")";
    }
    if (base == "char") {
        return "char(" + (modifier.empty() ? std::string("1") : modifier) + ")";
    }
    // PostgreSQL: bpchar(n) is CHARACTER(n), but bpchar without a length is blank-trimmed text of any length, not
    // the CHARACTER(1) that a bare CHARACTER means.
    if (base == "bpchar") {
        return modifier.empty() ? "bpchar" : "char(" + modifier + ")";
    }
    if (base == "numeric" && !modifier.empty() && modifier.find(',') == std::string::npos) {
        return "numeric(" + modifier + ",0)";
    }
    // Six fractional digits is the servers' maximum and their default: the same type as no modifier (INTERVAL(6) too).
    if (has_fractional_seconds(base) && modifier == "6") {
        return std::string(base);
    }
    return modifier.empty() ? std::string(base) : std::string(base) + "(" + modifier + ")";
}

}  // namespace orm::dialect
