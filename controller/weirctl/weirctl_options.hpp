#pragma once

// Command line of weirctl. Parsing is pure; main() prints the error and exits 2.

#include <optional>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"
#include "weir/worker_settings.hpp"

namespace weir::weirctl {

struct Options {
  weir::WorkerSettings settings;
  bool help = false;
  // `call METHOD [BODY-JSON] [--handler-id ID]`: one request instead of a stdin session.
  bool call = false;
  std::string method;
  nlohmann::json body;
  std::string handlerId;
};

struct ParsedOptions {
  Options options;
  std::string error;  // empty on success
};

ParsedOptions ParseOptions(const std::vector<std::string>& args);
std::string Usage();

}  // namespace weir::weirctl
