#include "json_lines.hpp"

#include <cstdio>

#include "weir/errors.hpp"

namespace weir::weirctl {

namespace {

std::string Dump(const nlohmann::json& json) {
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string Message(const absl::Status& status) {
  return std::string(status.message().data(), status.message().size());
}

}  // namespace

std::string ResponseLine(uint64_t id, const absl::StatusOr<nlohmann::json>& result) {
  std::string line = "{\"id\":" + std::to_string(id);
  if (result.ok()) {
    line += ",\"accepted\":true";
    if (!result->is_null()) line += ",\"body\":" + Dump(*result);
  } else if (std::optional<std::string> kind = WorkerErrorKind(result.status())) {
    line += ",\"accepted\":false,\"error\":" + Dump(*kind) +
            ",\"reason\":" + Dump(Message(result.status()));
  } else {
    line += ",\"error\":" + Dump(Message(result.status()));
  }
  return line + "}";
}

std::string NotificationLine(const Notification& notification) {
  std::string line =
      "{\"handlerId\":" + Dump(notification.handlerId) + ",\"event\":" + Dump(notification.event);
  if (!notification.body.is_null()) line += ",\"body\":" + Dump(notification.body);
  return line + "}";
}

std::string LogLine(const LogEntry& entry) {
  return "{\"log\":{\"level\":" + Dump(std::string(LogLevelName(entry.level))) +
         ",\"tag\":" + Dump(entry.tag) + ",\"text\":" + Dump(entry.text) + "}}";
}

std::string ErrorLine(std::string_view message) {
  return "{\"error\":" + Dump(std::string(message)) + "}";
}

void WriteLine(const std::string& line) {
  std::fwrite(line.data(), 1, line.size(), stdout);
  std::fputc('\n', stdout);
  std::fflush(stdout);
}

}  // namespace weir::weirctl
