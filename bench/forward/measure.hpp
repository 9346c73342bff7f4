#pragma once

// One measured run of the forward bench: the sender sends `rate` packets a second for a while
// to a forwarder (the worker or the relay) that fans them out to the receivers; the forwarder's
// CPU time, what the receivers got, and where packets were dropped are read before and after.

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "traffic.hpp"
#include "worker_fanout.hpp"

namespace weir::bench {

struct RunResult {
  double rate = 0;         // Input packets per second asked of the sender.
  double seconds = 0;      // How long the sender took.
  uint64_t sent = 0;       // Input packets.
  uint64_t expected = 0;   // sent x receivers.
  uint64_t delivered = 0;  // RTP packets the receivers got.
  double cpuSeconds = 0;   // Of the forwarder, over the run and its drain.
  double wallSeconds = 0;  // Run and drain.
  Histogram latency;
  uint64_t gaps = 0, reordered = 0, decryptFailures = 0;
  uint64_t inputDrops = 0;     // At the forwarder's input socket.
  uint64_t receiverDrops = 0;  // At the receivers' sockets.
  uint64_t rssKiB = 0;         // Of the forwarder, at the end.
  uint64_t maxBurst = 0;       // The sender's largest back-to-back burst.

  uint64_t lost() const { return expected > delivered ? expected - delivered : 0; }
  double lossPercent() const {
    return expected == 0 ? 0 : 100.0 * static_cast<double>(lost()) / static_cast<double>(expected);
  }
  double deliveredPerSecond() const { return static_cast<double>(delivered) / seconds; }
  // Forwarder CPU seconds per million packets delivered.
  double cpuPerMillion() const {
    return delivered == 0 ? 0 : cpuSeconds * 1e6 / static_cast<double>(delivered);
  }
  double utilization() const { return cpuSeconds / wallSeconds; }
};

struct Forwarder {
  pid_t pid;
  uint16_t inPort;
};

// Sends for about `seconds` at `rate`, then waits until the receivers stop getting packets.
// `session` is kept running meanwhile (the worker's channel is read).
RunResult Measure(WorkerSession& session, const Forwarder& forwarder, Sender& sender,
                  Receivers& receivers, double rate, double seconds);

// The highest input rate with under `maxLossPercent` loss: rates rise by half until a step
// loses more, then three bisections between the last good and the first bad rate.
struct Saturation {
  double maxRate = 0;
  std::optional<RunResult> atMax;
  std::vector<RunResult> steps;
};
Saturation SearchMaxRate(const std::function<RunResult(double)>& measure, double start = 8000,
                         double maxLossPercent = 0.5);

}  // namespace weir::bench
