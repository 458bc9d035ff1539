// SQLite spellings of types, keys, parameters and transactions, from the SQLite 3.40.1 documentation (Debian 12's
// version); what SQLite cannot do is refused with orm::Error before any statement is sent.
#include <roachorm/dialect/sqlite.hpp>

#include <fmt/format.h>

#include <roachorm/orm/core/error.hpp>

namespace orm::dialect {

// "Integer divide yields an integer result, truncated toward zero" (lang_expr.html, "Operators"), as PostgreSQL's.
std::string_view SQLite::integer_division() const noexcept {
    return " / ";
}

// Outside STRICT tables a declared type only chooses a column's affinity (datatype3.html §3.1: "INT" gives INTEGER;
// "CHAR", "CLOB" or "TEXT" gives TEXT; "BLOB" gives BLOB; "REAL", "FLOA" or "DOUB" gives REAL; anything else
// NUMERIC). roachorm binds every value as text, and the affinity converts numbers on storage. Each name keeps the
// model's type readable, so reflection tells a uuid from a text and an int4 from an int8:
// - INT2, INT4, INT8: INTEGER affinity (SQLite stores every integer in up to 8 bytes); plain INTEGER is the serial key
//   alone, which must be spelled exactly so to be the rowid (column_definition);
// - FLOAT4, FLOAT8: REAL affinity, an 8-byte IEEE float either way;
// - NUMERIC: NUMERIC affinity, so a decimal compares and sums as a number; the text becomes an INTEGER or a REAL
//   ("only the first 15 significant decimal digits of the number are preserved", datatype3.html §3), and reads
//   back in its shortest form (12.50 reads 12.5);
// - BOOLEAN, UUID, TIMESTAMPTZ: NUMERIC affinity, but their texts ("t", a uuid, "2024-01-02 03:04:05.000000+00:00")
//   are never well-formed numbers, so they stay TEXT; timestamps of one fixed-width UTC form order as text;
// - INTERVAL: INTEGER affinity ("INT"), and its text ("+1 mons +2 days +0 microseconds") stays TEXT likewise;
// - BLOB: roachorm's bytes are their hex text ("\x0102"), stored as given.
std::string_view SQLite::type_name(SqlType type) const noexcept {
    switch (type) {
        case SqlType::boolean:
            return "BOOLEAN";
        case SqlType::int16:
            return "INT2";
        case SqlType::int32:
            return "INT4";
        case SqlType::int64:
            return "INT8";
        case SqlType::float32:
            return "FLOAT4";
        case SqlType::float64:
            return "FLOAT8";
        case SqlType::text:
            return "TEXT";
        case SqlType::uuid:
            return "UUID";
        case SqlType::timestamptz:
            return "TIMESTAMPTZ";
        case SqlType::bytes:
            return "BLOB";
        case SqlType::decimal:
            return "NUMERIC";
        case SqlType::interval:
            return "INTERVAL";
    }
    return "";
}

// A serial key is the table's rowid: "A PRIMARY KEY column only becomes an integer primary key if the declared type
// name is exactly "INTEGER"" (lang_createtable.html, "ROWIDs and the INTEGER PRIMARY KEY"), and create_table's
// PRIMARY KEY (id) constraint on that one column makes it so. SQLite then assigns "an unused integer, usually one more
// than the largest ROWID currently in use" (autoinc.html) to a row inserted without one. A uuid key has no default:
// SQLite has no uuid generator, and roachorm generates the key of every row it writes.
std::string SQLite::column_definition(const ColumnInfo& column, KeyKind key_kind) const {
    std::string definition{column.primary_key && key_kind == KeyKind::serial ? "INTEGER" : type_name(column.type)};
    if (!column.nullable) {
        definition += " NOT NULL";
    }
    return definition;
}

// lang_upsert.html: "ON CONFLICT(name) DO UPDATE SET phonenumber=excluded.phonenumber" (since 3.24.0), and "A
// RETURNING clause for an UPSERT reports both inserted and updated rows", not those DO NOTHING skipped: PostgreSQL's
// spelling and rules.
std::string SQLite::upsert(const TableInfo& table, std::span<const std::size_t> written, std::string_view columns,
                           std::string_view values) const {
    return insert_on_conflict(table, written, columns, values);
}

// The keys SQLite would assign are those after the largest (reserves_key_ranges): the client counts them from it.
// That is safe inside a read-write transaction, which holds the database's only write lock from its BEGIN IMMEDIATE
// (begin_statements), so no other writer can take the same keys before this one inserts its rows; outside a
// transaction another connection may, and one INSERT then fails with a unique violation. Like SQLite's own keys
// without AUTOINCREMENT, the keys of deleted rows at the end of the table may be handed out again (autoinc.html).
// max() of the rowid is one seek to the end of the table's b-tree (EXPLAIN QUERY PLAN: "SEARCH points" on 3.40.1),
// however many keys are wanted.
std::string SQLite::reserve_serial_keys(const TableInfo& table) const {
    return fmt::format("SELECT coalesce(max({}), 0) FROM {}", quote(table.key().name), quote(table.name));
}

std::string SQLite::covering_columns(const TableInfo&, const IndexInfo&, std::string_view) const {
    return {};
}

std::string SQLite::hash_sharding(const TableInfo& table, const IndexInfo& index) const {
    throw Error(fmt::format(
        "index \"{}\" of table \"{}\" is declared .hash_sharded(): hash-sharded indexes (USING HASH) are "
        "CockroachDB-only and SQLite has none. Remove .hash_sharded() from the model's orm::index to create it on "
        "SQLite",
        index.name.view(), table.name));
}

// A writer takes the write lock at BEGIN IMMEDIATE: "if it succeeds, then SQLite guarantees that no subsequent
// operations on the same database through the next COMMIT will return SQLITE_BUSY" (rescode.html), whereas a
// DEFERRED transaction that reads first and then writes may fail its upgrade with SQLITE_BUSY at once, without the
// busy handler waiting (sqlite3_busy_handler). A read-only transaction begins DEFERRED and takes no write lock (SQLite
// has no READ ONLY transactions: it is read-only because roachorm sends no writes in it).
// Every SQLite transaction is SERIALIZABLE ("transactions in SQLite are SERIALIZABLE", isolation.html), which gives
// at least everything READ COMMITTED promises: a READ COMMITTED transaction runs as such. Priorities and historical
// reads have no SQLite equivalent: refuse them rather than run something else.
// SQLite has no READ ONLY transaction; PRAGMA query_only makes the connection refuse every change to the database file
// (SQLITE_READONLY, reported as SQLSTATE 25006 like the servers' read-only transactions: pragma.html#pragma_query_only)
// until it is turned off again when the transaction ends.
namespace {
constexpr std::string_view kReadOnly = "PRAGMA query_only = ON";
constexpr std::string_view kReadWrite = "PRAGMA query_only = OFF";
}  // namespace

std::vector<std::string> SQLite::begin_statements(const TransactionMode& mode) const {
    if (mode.as_of) {
        throw Error(
            "TransactionOptions::as_of asks for a historical read (AS OF SYSTEM TIME), which only CockroachDB "
            "has; SQLite cannot read the past. Leave as_of unset on SQLite");
    }
    if (mode.priority != TransactionPriority::server_default) {
        throw Error(
            "TransactionOptions::priority sets a CockroachDB transaction priority; SQLite cannot honour it (one "
            "writer at a time, in the order they take the write lock). Leave priority at server_default on SQLite");
    }
    if (mode.read_only) {
        return {"BEGIN DEFERRED", std::string(kReadOnly)};
    }
    return {"BEGIN IMMEDIATE"};
}

std::vector<std::string> SQLite::commit_statements(const TransactionMode& mode) const {
    if (mode.read_only) {
        return {std::string(kReadWrite), "COMMIT"};  // the connection is writable again even if COMMIT fails
    }
    return {"COMMIT"};
}

std::string SQLite::restart_transaction(const TransactionMode&) const {
    return rollback_transaction();
}

std::string SQLite::rollback_transaction() const {
    return fmt::format("{}; ROLLBACK", kReadWrite);
}

std::string SQLite::reset_connection() const {
    return std::string(kReadWrite);
}

// SQLITE_MAX_VARIABLE_NUMBER is a build setting whose default is 32766 since SQLite 3.32.0 (limits.html). Debian's
// build raises it to 250000, but staying within the default lets a statement run on any build that kept it.
std::size_t SQLite::max_parameters() const noexcept {
    return 32766;
}
bool SQLite::restart_keeps_transaction(const TransactionMode&) const noexcept {
    return false;
}

// The connection reports SQLite's primary result code by name where there is no SQLSTATE. SQLITE_BUSY: another
// connection holds the lock this one needs; SQLITE_LOCKED: a conflict within this connection or its shared cache
// (rescode.html). Both clear when the other side finishes, so the transaction runs again.
bool SQLite::is_retryable(std::string_view sqlstate) const noexcept {
    return sqlstate == "SQLITE_BUSY" || sqlstate == "SQLITE_LOCKED";
}

// A commit is local and atomic: a COMMIT that failed did not happen ("the transaction remains active and the COMMIT
// can be retried later", lang_transaction.html, for SQLITE_BUSY), so its outcome is never unknown.
bool SQLite::commit_failure_is_ambiguous(std::string_view) const noexcept {
    return false;
}

// SQLite numbers "$1" by its first appearance in the statement, as if it were a name; "?NNN" is parameter NNN
// ("The index for "?NNN" parameters is the value of NNN", sqlite3.h on sqlite3_bind_parameter_index's family).
std::string SQLite::placeholder(std::size_t position) const {
    return fmt::format("?{}", position);
}

// CAST converts the bound text to the number arithmetic needs; text, uuid, bytes and bool values are compared as the
// text they are bound as, and a cast to their declared names would apply NUMERIC affinity to them.
// SQLite has no NaN REAL and reads no text as an infinity, so roachorm stores those values as their text. That text
// round-trips, but cast to a number, as a float operand is, it is 0 ("the longest possible prefix of the value that
// can be interpreted as a real number", lang_expr.html, CAST): a filter score == Infinity would match the zeros.
void SQLite::check_operand(const TextValue& value, SqlType type) const {
    if ((type == SqlType::float32 || type == SqlType::float64) && value &&
        (*value == "NaN" || *value == "Infinity" || *value == "-Infinity")) {
        throw Error(fmt::format(
            "{} as an operand of a condition or an expression: SQLite stores it as text and would compare and compute "
            "with it as 0. On SQLite, read the rows and pick those values out in C++",
            *value));
    }
}

std::string SQLite::typed_placeholder(std::size_t position, SqlType type) const {
    switch (type) {
        case SqlType::int16:
        case SqlType::int32:
        case SqlType::int64:
            return fmt::format("CAST({} AS INTEGER)", placeholder(position));
        case SqlType::float32:
        case SqlType::float64:
            return fmt::format("CAST({} AS REAL)", placeholder(position));
        case SqlType::decimal:
            return fmt::format("CAST({} AS NUMERIC)", placeholder(position));
        case SqlType::timestamptz:
        case SqlType::interval:
            throw Error(fmt::format(
                "a value typed {} in an expression: SQLite has no timestamp or interval types (roachorm stores them "
                "as text), so it cannot compute with them. Compute the value in C++ and compare the column with it",
                type_name(type)));
        case SqlType::boolean:
        case SqlType::text:
        case SqlType::uuid:
        case SqlType::bytes:
            break;
    }
    return placeholder(position);
}

// A parameter bound as text has no affinity, and neither has an aggregate or an arithmetic result: comparing the two,
// SQLite converts neither, and an INTEGER is less than any TEXT (datatype3.html §4.1, §4.2), so count(*) >= '2' is
// false. A number is cast, so that it compares as a number with whatever it meets (a column converts it anyway).
std::string SQLite::known_type_placeholder(std::size_t position, SqlType type) const {
    switch (type) {
        case SqlType::int16:
        case SqlType::int32:
        case SqlType::int64:
        case SqlType::float32:
        case SqlType::float64:
        case SqlType::decimal:
            return typed_placeholder(position, type);
        case SqlType::boolean:
        case SqlType::text:
        case SqlType::uuid:
        case SqlType::timestamptz:
        case SqlType::bytes:
        case SqlType::interval:
            break;
    }
    return placeholder(position);
}

std::string_view SQLite::temporal_operator(std::string_view op) const {
    throw Error(fmt::format(
        "timestamp and interval arithmetic (\"{}\") has no SQLite equivalent: SQLite has no timestamp or interval "
        "types and roachorm stores them as text. Compute the bound in C++ and compare the column with it, e.g. "
        "col(&Post::created_at) > since, with since = std::chrono::system_clock::now() - std::chrono::days{{7}}",
        op));
}

// 'now' "always returns exactly the same value for multiple invocations within the same sqlite3_step() call"
// (lang_datefunc.html): a clock per statement, not per transaction, so it is no transaction_time().
std::string_view SQLite::transaction_time() const {
    throw Error(
        "orm::transaction_time() is the transaction's clock (now()); SQLite has none, only a clock per statement. "
        "Take the time in C++ (std::chrono::system_clock::now()) and bind it instead");
}

// orm::now is the time of the INSERT, in the text form roachorm writes and reads (strftime's %f is "SS.SSS", padded
// to microseconds; 'now' is UTC, lang_datefunc.html); a column default may be an expression in parentheses
// (lang_createtable.html). A bool default is roachorm's bool text, so that it compares equal to the values roachorm
// writes: SQLite's TRUE would be the integer 1.
std::string SQLite::server_default(std::string_view expression) const {
    if (expression == "now()") {
        return "(strftime('%Y-%m-%d %H:%M:%f', 'now') || '000+00:00')";
    }
    if (expression == "true") {
        return "'t'";
    }
    if (expression == "false") {
        return "'f'";
    }
    return std::string(expression);
}

// A JSON array of the elements' texts, which json_each reads back (in_list). JSON strings escape '"', '\' and the
// control characters (RFC 8259 §7).
TextValue SQLite::list_parameter(std::span<const TextValue> elements) const {
    std::string array = "[";
    for (const TextValue& element : elements) {
        array += array.size() == 1 ? "\"" : ",\"";
        for (const char c : element.value_or("")) {
            if (c == '"' || c == '\\') {
                array += '\\';
                array += c;
            } else if (static_cast<unsigned char>(c) < 0x20) {
                array += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
            } else {
                array += c;
            }
        }
        array += '"';
    }
    return array + "]";
}

// json_each (built in since 3.38.0, json1.html) yields the list as rows, so one statement text serves any number of
// values, as PostgreSQL's ANY($1::T[]) does, within one parameter whatever the count. "x IN (SELECT y ...)" converts
// as "x = y" does (datatype3.html §4.2): the column's affinity turns the texts into its numbers. An empty array
// yields no rows, so no row matches.
std::string SQLite::in_list(std::size_t position, SqlType) const {
    return fmt::format(" IN (SELECT value FROM json_each({}))", placeholder(position));
}

// A bool column holds roachorm's text "t" or "f" (type_name), which SQLite would read as the number 0 where it wants a
// truth value; comparing with 't' makes it the truth value it stands for. "=" binds tighter than NOT, AND and OR
// (lang_expr.html, "Operators"), so it needs no parentheses.
std::string_view SQLite::bool_column_test() const {
    return " = 't'";
}

// "SQLite only understands upper/lower case for ASCII characters by default" and its LIKE ignores their case
// (lang_expr.html, "The LIKE, GLOB, REGEXP, MATCH, and extract operators"): ILIKE for ASCII letters.
std::string_view SQLite::case_insensitive_like() const {
    return " LIKE ";
}

std::string_view SQLite::row_lock() const {
    throw Error(
        "for_update(): SQLite has no row locks (FOR UPDATE). A read-write transaction holds the database's write "
        "lock from its BEGIN IMMEDIATE, so no other connection changes the rows it reads: remove for_update() on "
        "SQLite");
}

// "The EXISTS operator always evaluates to one of the integer values 0 and 1" (lang_expr.html), where roachorm reads
// a bool as t or f, the text it writes for one.
Enclosure SQLite::exists_result() const {
    return {"SELECT CASE WHEN EXISTS ", " THEN 't' ELSE 'f' END"};
}

// Unqualified names resolve to "main" (the database file opened) unless a TEMP table shadows them; roachorm creates
// no TEMP tables.
std::string_view SQLite::current_schema_query() const {
    return "SELECT 'main'";
}

}  // namespace orm::dialect
