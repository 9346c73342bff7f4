#pragma once

// Log lines from a worker: those it sends on the channel (at or above its log level), the lines
// it writes on stderr (tag "stderr"), and what the controller itself noticed about the channel
// (tag "channel": a frame it could not use).

#include <optional>
#include <string>
#include <string_view>

namespace weir {

enum class LogLevel { kDebug, kWarn, kError, kNone };

// "debug", "warn", "error", "none": the names of the channel schema and of --log-level.
std::string_view LogLevelName(LogLevel level);
std::optional<LogLevel> ParseLogLevel(std::string_view name);

struct LogEntry {
  LogLevel level = LogLevel::kError;
  std::string tag;  // a schema LogTag ("ice", "dtls", ...), "stderr" or "channel"
  std::string text;
};

}  // namespace weir
