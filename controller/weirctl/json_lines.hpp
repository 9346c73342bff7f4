#pragma once

// The lines weirctl writes: one JSON document per line, keys in the order the channel README
// shows them ({"id":...,"accepted":...,"body":...}).

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "weir/log.hpp"
#include "weir/notification.hpp"

namespace weir::weirctl {

// {"id":1,"accepted":true,"body":{...}}, {"id":1,"accepted":false,"error":"TypeError",
// "reason":"..."} for a worker rejection, {"id":1,"error":"..."} for a local failure.
std::string ResponseLine(uint64_t id, const absl::StatusOr<nlohmann::json>& result);
std::string NotificationLine(const Notification& notification);
std::string LogLine(const LogEntry& entry);
std::string ErrorLine(std::string_view message);

// Writes a line to stdout and flushes it (weirctl is used interactively and through pipes).
void WriteLine(const std::string& line);

}  // namespace weir::weirctl
