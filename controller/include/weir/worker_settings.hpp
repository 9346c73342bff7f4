#pragma once

// How to spawn a worker: which executable and which command-line options (see
// `weir-worker --help`), and the controller's own timeouts.

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "weir/log.hpp"

namespace weir {

struct WorkerSettings {
  // Empty: $WEIR_WORKER_PATH if set, else a `weir-worker` beside the running executable, else
  // `weir-worker` looked up in PATH.
  std::string workerPath;
  LogLevel logLevel = LogLevel::kError;
  std::vector<std::string> logTags;  // debug topics: "info", "ice", "dtls", "rtp", ...
  uint16_t rtcMinPort = 0;           // 0: the worker's default
  uint16_t rtcMaxPort = 0;
  std::string dtlsCertificateFile;  // PEM; both or neither
  std::string dtlsPrivateKeyFile;
  // A request without a response by then fails with DeadlineExceeded.
  std::chrono::milliseconds requestTimeout{10000};
  // After Close() (or a worker.close request), a worker still running by then is killed.
  std::chrono::milliseconds closeTimeout{3000};
  std::vector<std::string> extraArgs;  // appended to the command line as they are
  // JSON bodies with fields the schema does not have: an error naming the field (the default,
  // which catches typos), or skipped, as a JavaScript API would (for objects that come from
  // browsers and mediasoup-client, which carry fields Weir does not model).
  bool ignoreUnknownJsonFields = false;
};

// The executable Spawn() will run for these settings (see `workerPath`).
std::string ResolveWorkerPath(const WorkerSettings& settings);
// The worker's command-line arguments for these settings (without argv[0]).
std::vector<std::string> WorkerArguments(const WorkerSettings& settings);

}  // namespace weir
