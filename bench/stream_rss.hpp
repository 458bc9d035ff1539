// Peak memory of reading 1,000,000 rows with query.stream() against query.all(), each read in a fresh process: a
// stream's high-water mark should not grow with the rows, all()'s does.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace bench {

struct StreamRss {
    std::string reader;  // "stream" or "all"
    std::size_t rows;
    long before_kib;  // VmHWM once connected
    long peak_kib;    // VmHWM after the read
};

// Fills bench_stream_rows with `rows` rows (when it holds another number), then runs this program again
// (/proc/self/exe --stream-probe ROWS READER) for stream and all() at 100,000 and `rows` rows.
std::vector<StreamRss> measure_stream_rss(const std::string& url, std::size_t rows);

// The child's side: reads the first `rows` rows with `reader` and prints "BEFORE PEAK" (KiB) on stdout.
void run_stream_probe(const std::string& url, std::size_t rows, std::string_view reader);

void print_stream_rss(std::span<const StreamRss> probes);

}  // namespace bench
