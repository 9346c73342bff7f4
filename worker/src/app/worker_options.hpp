#pragma once

// Command-line options of weir-worker. Parsing is pure (no I/O) so it is unit-tested; main.cpp
// prints the error and exits 2 on a bad argument.

#include <cstdint>
#include <string>
#include <vector>

#include "base/logging.hpp"

namespace weir::app {

struct WorkerOptions {
  int channelFd = 3;
  base::LogLevel logLevel = base::LogLevel::kError;
  uint32_t logTags = 0;
  uint16_t rtcMinPort = 10000;
  uint16_t rtcMaxPort = 59999;
  std::string dtlsCertificateFile;
  std::string dtlsPrivateKeyFile;
  bool showVersion = false;
  bool showHelp = false;
};

struct ParseResult {
  WorkerOptions options;
  std::string error;  // Empty on success.
};

ParseResult ParseWorkerOptions(const std::vector<std::string>& args);
std::string WorkerUsage();

}  // namespace weir::app
