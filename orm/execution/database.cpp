// Database: URL and options to dialect, pool and echo; DDL one statement at a time; reading the catalog.
#include <roachorm/orm/execution/database.hpp>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cstdlib>
#include <ranges>
#include <span>
#include <vector>

#include <fmt/format.h>

#include <roachorm/orm/core/error.hpp>
#include <roachorm/orm/execution/libpq_connection.hpp>
#include <roachorm/orm/execution/sqlite_connection.hpp>
#include <roachorm/orm/sql/table_order.hpp>

namespace orm {
namespace {

bool parse_flag(std::string_view name, std::string_view value, std::string_view redacted_url) {
    if (value == "true" || value == "1" || value == "on") {
        return true;
    }
    if (value == "false" || value == "0" || value == "off") {
        return false;
    }
    throw ConfigError(fmt::format("database URL option {} must be true or false (in {})", name, redacted_url));
}

long parse_count(std::string_view name, std::string_view value, long minimum, std::string_view redacted_url) {
    long number = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
    if (error != std::errc{} || end != value.data() + value.size() || number < minimum) {
        throw ConfigError(fmt::format("database URL option {} must be a whole number of at least {} (in {})", name,
                                      minimum, redacted_url));
    }
    return number;
}

// Takes roachorm's own options out of the URL's query (libpq would reject them) and applies them to `options`.
std::pair<DatabaseUrl, DatabaseOptions> parse_url_and_options(std::string_view url, DatabaseOptions options) {
    const std::size_t query_start = url.find('?');
    if (query_start == std::string_view::npos) {
        return {DatabaseUrl::parse(url), std::move(options)};
    }
    std::string libpq_url(url.substr(0, query_start));
    std::vector<std::pair<std::string_view, std::string_view>> ours;
    char separator = '?';
    for (const auto part : std::views::split(url.substr(query_start + 1), '&')) {
        const std::string_view parameter(part.begin(), part.end());
        const std::string_view name = parameter.substr(0, parameter.find('='));
        const std::string_view value =
            name.size() < parameter.size() ? parameter.substr(name.size() + 1) : std::string_view{};
        if (name == "pool_size" || name == "acquire_timeout_ms" || name == "connect_deadline_ms" || name == "echo" ||
            name == "echo_parameters" || name == "max_retries") {
            ours.emplace_back(name, value);
        } else {
            libpq_url += separator;
            libpq_url += parameter;
            separator = '&';
        }
    }
    DatabaseUrl parsed = DatabaseUrl::parse(libpq_url);
    for (const auto& [name, value] : ours) {
        if (name == "pool_size") {
            options.pool_size = static_cast<std::size_t>(parse_count(name, value, 1, parsed.redacted));
        } else if (name == "acquire_timeout_ms") {
            options.acquire_timeout = std::chrono::milliseconds(parse_count(name, value, 0, parsed.redacted));
        } else if (name == "connect_deadline_ms") {
            options.connect_deadline = std::chrono::milliseconds(parse_count(name, value, 0, parsed.redacted));
        } else if (name == "echo") {
            options.echo = parse_flag(name, value, parsed.redacted);
        } else if (name == "echo_parameters") {
            options.echo_parameters = parse_flag(name, value, parsed.redacted);
        } else {
            options.transaction.max_retries = static_cast<int>(parse_count(name, value, 0, parsed.redacted));
        }
    }
    return {std::move(parsed), std::move(options)};
}

constexpr std::string_view kSqliteMemory = ":memory:";

// What a SQLite connection opens: the URL's file, or for sqlite::memory: an in-memory database of this Database's
// own, named so that every pooled connection shares it (inmemorydb.html: "file:memdb1?mode=memory&cache=shared").
std::string sqlite_file(const DatabaseUrl& url) {
    if (url.dialect != DialectKind::sqlite) {
        return {};
    }
    if (url.database != kSqliteMemory) {
        return url.database;
    }
    static std::atomic<std::uint64_t> databases = 0;
    return fmt::format("file:roachorm-memory-{}-{}?mode=memory&cache=shared", ::getpid(), ++databases);
}

std::vector<std::string> server_names(const DatabaseUrl& url) {
    std::vector<std::string> names;
    for (const Endpoint& endpoint : url.endpoints) {
        names.push_back(endpoint.name());
    }
    return names;
}

// Both servers resolve unqualified names through the search path, whose first existing schema is current_schema()
// ("public" unless the session or the user's own schema says otherwise): that is where create_all put the tables.
std::string current_schema(Connection& connection) {
    const ResultSet result = connection.fetch(std::string(connection.dialect().current_schema_query()));
    if (result.rows.empty() || !result.rows.front().front()) {
        throw Error(
            "the session has no current schema: no schema on its search_path exists; set search_path (or create "
            "the schema) before reflecting tables");
    }
    return *result.rows.front().front();
}

}  // namespace

Database::Database(std::string_view url, DatabaseOptions options)
    : Database(parse_url_and_options(url, std::move(options))) {}

Database::Database(std::pair<DatabaseUrl, DatabaseOptions> parsed)
    : options_(std::move(parsed.second)),
      url_(std::move(parsed.first)),
      dialect_(dialect::for_kind(url_.dialect)),
      server_order_(server_names(url_)),
      sqlite_file_(sqlite_file(url_)),
      pool_([this] { return connect(); }, options_.pool_size, options_.acquire_timeout) {
    if (options_.pool_size == 0) {
        throw ConfigError("DatabaseOptions::pool_size must be at least 1");
    }
    if (options_.echo || options_.echo_parameters) {
        log_.emplace(options_.log_sink, options_.echo_parameters);
    }
}

Database Database::from_environment(DatabaseOptions options) {
    const char* url = std::getenv("DATABASE_URL");
    if (url == nullptr || *url == '\0') {
        throw ConfigError(
            "DATABASE_URL is not set: export it, e.g. DATABASE_URL='cockroachdb://root@localhost:26257/defaultdb"
            "?sslmode=disable', or pass the URL to orm::Database directly");
    }
    return Database(url, std::move(options));
}

std::unique_ptr<Connection> Database::connect() const {
    const StatementLog* const log = log_ ? &*log_ : nullptr;
    if (url_.dialect == DialectKind::sqlite) {
        auto connection = std::make_unique<SqliteConnection>(url_, sqlite_file_, dialect_, log);
        // An in-memory database lives while a connection to it is open: the first one keeps it for the Database.
        if (url_.database == kSqliteMemory) {
            std::call_once(memory_kept_, [&] {
                memory_keeper_ = std::make_unique<SqliteConnection>(url_, sqlite_file_, dialect_, log);
            });
        }
        reachable_.store(true, std::memory_order_relaxed);
        return connection;
    }
    const std::vector<std::size_t> order = server_order_.next();
    auto connection = std::make_unique<LibpqConnection>(url_, url_.conninfo_in_order(order), dialect_, log);
    server_order_.connected(order, connection->server());
    reachable_.store(true, std::memory_order_relaxed);
    return connection;
}

void Database::connection_lost(const std::string& server) {
    server_order_.failed(server);
    pool_.close_idle_to(server);
}

namespace {

std::vector<std::size_t> creation_order(std::span<const TableStatements* const> tables) {
    std::vector<const TableInfo*> infos;
    for (const TableStatements* table : tables) {
        infos.push_back(&table->table());
    }
    return sql::creation_order(infos);
}

}  // namespace

// Every statement is gathered before the first is sent, so that an index the dialect refuses stops create_all
// before it has created anything.
void Database::create_tables(std::span<const TableStatements* const> tables) {
    const std::vector<std::size_t> order = creation_order(tables);
    std::vector<const std::string*> statements;
    for (std::size_t i : order) {
        statements.push_back(&tables[i]->create_table);
    }
    for (std::size_t i : order) {
        for (const std::string& index : tables[i]->create_indexes()) {
            statements.push_back(&index);
        }
    }
    run_each(statements);
}

void Database::drop_tables(std::span<const TableStatements* const> tables) {
    std::vector<std::size_t> order = creation_order(tables);
    std::ranges::reverse(order);
    std::vector<const std::string*> statements;
    for (std::size_t i : order) {
        statements.push_back(&tables[i]->drop_table);
    }
    run_each(statements);
}

void Database::run_each(const std::vector<const std::string*>& statements) {
    const auto connection = pool_.acquire();
    for (const std::string* statement : statements) {
        connection->execute_unprepared(*statement);
    }
}

std::vector<std::string> Database::table_names() {
    const auto connection = pool_.acquire();
    const std::string schema = current_schema(*connection);
    const dialect::ReflectionQuery query = dialect_.table_names_query(schema);
    return dialect_.table_names(connection->fetch(query.sql, query.params), schema);
}

namespace {

// The columns of `table` in `schema` through `connection`; a missing table is SQLSTATE 42P01 on both servers.
std::vector<ColumnDescription> table_columns(Connection& connection, const dialect::Dialect& dialect,
                                             std::string_view schema, std::string_view table) {
    const dialect::ReflectionQuery query = dialect.columns_query(schema, table);
    std::vector<ColumnDescription> columns = dialect.columns(connection.fetch(query.sql, query.params));
    // CockroachDB's SHOW COLUMNS fails with 42P01 itself; information_schema just has no rows. A PostgreSQL table
    // can have zero columns, but no model maps to one, so it reads as missing too.
    if (columns.empty()) {
        throw DatabaseError("42P01", query.sql, fmt::format("relation \"{}\" does not exist", table));
    }
    return columns;
}

}  // namespace

std::vector<ColumnDescription> Database::columns(std::string_view table) {
    const auto connection = pool_.acquire();
    return table_columns(*connection, dialect_, current_schema(*connection), table);
}

TableDescription Database::describe(std::string_view table) {
    const auto connection = pool_.acquire();
    const std::string schema = current_schema(*connection);
    TableDescription description{.columns = table_columns(*connection, dialect_, schema, table)};
    const dialect::ReflectionQuery constraints = dialect_.constraints_query(schema, table);
    const ResultSet constraint_rows = connection->fetch(constraints.sql, constraints.params);
    const dialect::ReflectionQuery indexes = dialect_.indexes_query(schema, table);
    dialect_.read_constraints(constraint_rows, connection->fetch(indexes.sql, indexes.params), description);
    return description;
}

std::optional<TableDescription> Database::live_description(std::string_view table) {
    try {
        return describe(table);
    } catch (const DatabaseError& error) {
        if (error.sqlstate() != "42P01") {
            throw;
        }
        return std::nullopt;
    }
}

}  // namespace orm
