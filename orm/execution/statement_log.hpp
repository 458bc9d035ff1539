// Echo of every statement as it runs (the seeds' echo=True): its text, duration, the transaction attempt it
// belongs to, and the bound values only when asked. Lines go to a user-settable sink; passwords are masked.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>

#include <roachorm/orm/core/connection_types.hpp>

namespace orm {

// Receives each echo line (without a trailing newline). Called from whichever thread ran the statement, so a
// sink shared by threads must be thread-safe; the default sink writes whole lines to stderr under a lock.
using LogSink = std::function<void(std::string_view line)>;

// Where a statement travelled when several went to the server together in one round trip: pipeline `number` of its
// connection (counted from 1), `position` of `size` in it. A statement sent alone has size 1 and no label.
struct PipelinePlace {
    std::uint64_t number = 0;
    std::size_t position = 0;
    std::size_t size = 1;
};

class StatementLog {
public:
    StatementLog(LogSink sink, bool with_parameters);

    // `attempt` is the run_transaction attempt (1, 2, ...) or 0 outside a transaction; `error` names the SQLSTATE
    // (or "connection lost (host:port)") of a failed statement and is empty on success. A statement that shared its
    // round trip with others is labelled "[pipeline 7: 2 of 3]", so the echo shows what travelled together.
    void record(std::string_view sql, std::chrono::nanoseconds duration, int attempt,
                std::span<const TextValue> parameters, std::string_view error, PipelinePlace place = {}) const;

    // A line about the connection rather than a statement, marked as an SQL comment:
    // "roachorm: -- connected to 10.0.0.2:26257 in 3.214 ms".
    void record_event(std::string_view text) const;
    static constexpr std::string_view kEventPrefix = "roachorm: -- ";

    static LogSink stderr_sink();

private:
    LogSink sink_;
    bool with_parameters_;
};

}  // namespace orm
