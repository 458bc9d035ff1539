// Formats echo lines: roachorm: [attempt 2] [pipeline 7: 2 of 3] 0.412 ms UPDATE ... -- $1="..." (values C-escaped,
// only when asked).
#include <roachorm/orm/execution/statement_log.hpp>

#include <cstdio>
#include <mutex>

#include <fmt/format.h>

#include <roachorm/orm/options/url.hpp>

namespace orm {

StatementLog::StatementLog(LogSink sink, bool with_parameters)
    : sink_(sink ? std::move(sink) : stderr_sink()), with_parameters_(with_parameters) {}

void StatementLog::record(std::string_view sql, std::chrono::nanoseconds duration, int attempt,
                          std::span<const TextValue> parameters, std::string_view error, PipelinePlace place) const {
    std::string line = "roachorm: ";
    if (attempt > 0) {
        line += fmt::format("[attempt {}] ", attempt);
    }
    if (place.size > 1) {
        line += fmt::format("[pipeline {}: {} of {}] ", place.number, place.position, place.size);
    }
    line += fmt::format("{:.3f} ms {}", std::chrono::duration<double, std::milli>(duration).count(), sql);
    if (with_parameters_ && !parameters.empty()) {
        line += " --";
        for (std::size_t i = 0; i < parameters.size(); ++i) {
            line += parameters[i] ? fmt::format(" ${}={:?}", i + 1, *parameters[i]) : fmt::format(" ${}=NULL", i + 1);
        }
    }
    if (!error.empty()) {
        line += fmt::format(" (failed: {})", error);
    }
    sink_(redact_passwords(line));
}

void StatementLog::record_event(std::string_view text) const {
    sink_(redact_passwords(fmt::format("{}{}", kEventPrefix, text)));
}

LogSink StatementLog::stderr_sink() {
    return [](std::string_view line) {
        static std::mutex mutex;
        std::lock_guard lock(mutex);
        std::fprintf(stderr, "%.*s\n", static_cast<int>(line.size()), line.data());
    };
}

}  // namespace orm
