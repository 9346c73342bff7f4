#pragma once

// GET /stats (PROTOCOL.md): per room its peers, producers, consumers and bitrates (the sum of
// the worker's getStats), per worker its routers, consumers and CPU (getResourceUsage).

#include <uv.h>

#include <cstdint>
#include <map>

#include "absl/functional/any_invocable.h"
#include "nlohmann/json.hpp"
#include "room_registry.hpp"
#include "worker_pool.hpp"

namespace weir::room {

// Sums the "bitrate" of every entry of stats["stats"] (a ProducerStats or ConsumerStats).
uint64_t SumBitrate(const nlohmann::json& stats);

class StatsCollector {
 public:
  StatsCollector(uv_loop_t* loop, RoomRegistry& rooms, WorkerPool& pool);
  // Asks every producer, consumer and worker, then calls `done` once with the document.
  void Collect(absl::AnyInvocable<void(nlohmann::json)> done);

 private:
  struct CpuSample {
    uint64_t atMs = 0;
    uint64_t cpuMs = 0;
  };
  uv_loop_t* loop_;
  RoomRegistry& rooms_;
  WorkerPool& pool_;
  std::map<int, CpuSample> previous_;  // by worker pid
};

}  // namespace weir::room
