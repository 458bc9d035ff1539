// The one spelling of a SQL type that every dialect normalizes to, so that a model's type and a live column's type
// compare equal whatever alias either server used (INT8 = BIGINT = int8, STRING = TEXT = CHARACTER VARYING, ...).
#pragma once

#include <string>
#include <string_view>

namespace orm::dialect {

// Lower-case PostgreSQL internal names: bool, int2, int4, int8, float4, float8, numeric[(p,s)], text, varchar(n),
// char(n), bpchar (without a length: blank-trimmed text of any length), bytea, uuid, timestamptz[(p)],
// timestamp[(p)], time, timetz, date, interval, json, jsonb; arrays end in "[]"; any other type comes back
// lower-cased with single spaces. `plain_int` is what a bare INT / INTEGER means
// on the server ("int4" on PostgreSQL, "int8" on CockroachDB). Case-insensitive.
std::string normalize_type_name(std::string_view server_type, std::string_view plain_int);

}  // namespace orm::dialect
