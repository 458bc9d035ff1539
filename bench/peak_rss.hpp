// Peak memory of a roachorm bulk load, each load in a fresh process so that every high-water mark is its own: it
// should grow with the rows per transaction, not with the rows in total.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace bench {

// VmHWM of this process, KiB.
long vm_hwm_kib();

// Runs this program again (/proc/self/exe ARGUMENTS, the URL in DATABASE_URL) and returns the "BEFORE PEAK" (KiB) it
// prints; `what` names the probe in an error.
std::pair<long, long> run_probe(const std::string& url, const std::vector<std::string>& arguments,
                                const std::string& what);

struct PeakRss {
    std::size_t rows;
    std::size_t rows_per_transaction;
    long before_kib;  // VmHWM once connected, with the input already in memory
    long peak_kib;    // VmHWM after the load
};

// Runs this program again (/proc/self/exe --rss-probe ROWS CHUNK) once per case and collects what each reports.
std::vector<PeakRss> measure_peak_rss(const std::string& url);

// The child's side: loads `rows` points with orm::insert_chunked, `rows_per_transaction` at a time, and prints
// "BEFORE PEAK" (KiB) on stdout.
void run_peak_rss_probe(const std::string& url, std::size_t rows, std::size_t rows_per_transaction);

}  // namespace bench
