#pragma once

// An event from the worker about one object, in the JSON view of the channel schema.

#include <string>

#include "nlohmann/json.hpp"

namespace weir {

struct Notification {
  std::string handlerId;  // the object's id; empty for the worker itself
  std::string event;      // "worker.running", ...
  nlohmann::json body;    // the event's body table as JSON; null when it has none
};

}  // namespace weir
