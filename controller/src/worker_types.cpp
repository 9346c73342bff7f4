#include "weir/worker_types.hpp"

#include <cstring>

#include "absl/strings/str_cat.h"

namespace weir {

std::string_view LogLevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kWarn:
      return "warn";
    case LogLevel::kError:
      return "error";
    case LogLevel::kNone:
      return "none";
  }
  return "none";
}

std::optional<LogLevel> ParseLogLevel(std::string_view name) {
  for (LogLevel level : {LogLevel::kDebug, LogLevel::kWarn, LogLevel::kError, LogLevel::kNone}) {
    if (name == LogLevelName(level)) return level;
  }
  return std::nullopt;
}

std::string WorkerExit::Describe() const {
  if (signal != 0) {
    const char* name = ::strsignal(signal);
    return absl::StrCat("killed by signal ", signal, name ? absl::StrCat(" (", name, ")") : "");
  }
  return absl::StrCat("exited with code ", exitCode);
}

}  // namespace weir
