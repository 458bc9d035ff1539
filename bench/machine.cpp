// Reads the machine's description from /proc and the server's from the server; the build type comes from CMake
// (ROACHORM_BENCH_BUILD_TYPE).
#include "machine.hpp"

#include <fstream>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include <roachorm/orm/execution/database.hpp>

namespace bench {
namespace {

// The value of the first "key: value" line of a /proc file that starts with `key`.
std::string proc_field(const char* path, std::string_view key) {
    std::ifstream file(path);
    for (std::string line; std::getline(file, line);) {
        if (line.starts_with(key)) {
            const std::size_t value = line.find_first_not_of(" \t:", key.size());
            return value == std::string::npos ? std::string{} : line.substr(value);
        }
    }
    return "unknown";
}

}  // namespace

std::string describe_machine() {
    std::istringstream memory(proc_field("/proc/meminfo", "MemTotal"));
    double kib = 0;
    memory >> kib;
    return fmt::format("{} CPUs ({}), {:.1f} GiB RAM, {} build", std::thread::hardware_concurrency(),
                       proc_field("/proc/cpuinfo", "model name"), kib / (1024 * 1024), ROACHORM_BENCH_BUILD_TYPE);
}

std::string load_average() {
    std::ifstream file("/proc/loadavg");
    std::string one, five, fifteen;
    file >> one >> five >> fifteen;
    return fmt::format("{} {} {}", one, five, fifteen);
}

std::string server_version(const std::string& url) {
    orm::Database db(url);
    // SQLite has no version(); sqlite_version() is "the version string for the SQLite library that is running"
    // (lang_corefunc.html).
    const orm::ResultSet version = db.connect()->fetch(
        db.url().dialect == orm::DialectKind::sqlite ? "SELECT 'SQLite ' || sqlite_version()" : "SELECT version()");
    return version.rows.at(0).at(0).value_or("unknown");
}

}  // namespace bench
