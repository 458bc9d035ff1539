// Echo of every statement as it runs (the seeds' echo=True): its text, duration, the transaction attempt it
// belongs to, and the bound values only when asked. Lines go to a user-settable sink; passwords are masked.
#pragma once

#include <chrono>
#include <functional>
#include <span>
#include <string>
#include <string_view>

#include <roachorm/orm/core/connection_types.hpp>

namespace orm {

// Receives each echo line (without a trailing newline). Called from whichever thread ran the statement, so a
// sink shared by threads must be thread-safe; the default sink writes whole lines to stderr under a lock.
using LogSink = std::function<void(std::string_view line)>;

class StatementLog {
public:
    StatementLog(LogSink sink, bool with_parameters);

    // `attempt` is the run_transaction attempt (1, 2, ...) or 0 outside a transaction; `error` names the SQLSTATE
    // (or "connection lost") of a failed statement and is empty on success.
    void record(std::string_view sql, std::chrono::nanoseconds duration, int attempt,
                std::span<const TextValue> parameters, std::string_view error) const;

    static LogSink stderr_sink();

private:
    LogSink sink_;
    bool with_parameters_;
};

}  // namespace orm
