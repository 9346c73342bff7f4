#pragma once

// Small value types of the Worker API.

#include <cstdint>
#include <string>
#include <vector>

#include "weir/log.hpp"

namespace weir {

// The worker.running notification: the worker is ready.
struct WorkerRunning {
  std::string version;
  int pid = 0;
};

// How a worker process ended.
struct WorkerExit {
  int pid = 0;
  int exitCode = 0;  // meaningful when signal == 0
  int signal = 0;    // the signal that killed it, 0 for a normal exit
  // The controller asked the worker to close (Worker::Close() or a worker.close request) and it
  // exited with code 0. Anything else is a death.
  bool expected = false;
  std::string stderrTail;  // the last line it wrote on stderr, if any

  // "exited with code 2" or "killed by signal 9 (Killed)".
  std::string Describe() const;
};

// getrusage(RUSAGE_SELF) of the worker, as worker.getResourceUsage reports it (and with the names
// mediasoup uses): times in milliseconds, maxrss in KiB.
struct ResourceUsage {
  uint64_t ru_utime = 0;
  uint64_t ru_stime = 0;
  uint64_t ru_maxrss = 0;
  uint64_t ru_ixrss = 0;
  uint64_t ru_idrss = 0;
  uint64_t ru_isrss = 0;
  uint64_t ru_minflt = 0;
  uint64_t ru_majflt = 0;
  uint64_t ru_nswap = 0;
  uint64_t ru_inblock = 0;
  uint64_t ru_oublock = 0;
  uint64_t ru_msgsnd = 0;
  uint64_t ru_msgrcv = 0;
  uint64_t ru_nsignals = 0;
  uint64_t ru_nvcsw = 0;
  uint64_t ru_nivcsw = 0;
};

// worker.updateSettings: replaces the log level and the debug tags.
struct WorkerUpdateSettings {
  LogLevel logLevel = LogLevel::kError;
  std::vector<std::string> logTags;  // "info", "ice", "dtls", ...
};

// What the controller's end of one worker's channel has seen.
struct ChannelStats {
  uint64_t requests = 0;
  uint64_t responses = 0;
  uint64_t notifications = 0;
  uint64_t logs = 0;
  uint64_t timeouts = 0;
  uint64_t badFrames = 0;  // unverifiable, oversized or unexpected frames from the worker
  uint64_t unmatchedResponses = 0;
  uint64_t bytesIn = 0;
  uint64_t bytesOut = 0;
  size_t pending = 0;  // requests awaiting a response now
};

}  // namespace weir
