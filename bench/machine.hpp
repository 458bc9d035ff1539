// A one-line description of where a run happened (CPUs, memory, load, build type, server version), printed with
// the results because ratios from a busy machine read differently from an idle one's.
#pragma once

#include <string>

namespace bench {

// "2 CPUs (AMD EPYC), 23.5 GiB RAM, Release build"
std::string describe_machine();

// The 1-, 5- and 15-minute load averages, as /proc/loadavg gives them.
std::string load_average();

// What the server says of itself (SELECT version()).
std::string server_version(const std::string& url);

}  // namespace bench
