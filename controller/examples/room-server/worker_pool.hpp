#pragma once

// The room server's workers: one weir-worker process per core (or --workers N), and the choice
// of where a new room's Router goes. A worker that dies is dropped from the pool and never
// restarted (its rooms close and their peers are told, by Room); the others keep serving.

#include <uv.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "weir/worker.hpp"

namespace weir::room {

// What placement weighs: a Router is a room, a Consumer is one stream forwarded (the work that
// grows with the square of a room's size).
struct WorkerLoad {
  size_t routers = 0;
  size_t consumers = 0;
  size_t Score() const { return routers + consumers; }
};

// The index of the least loaded entry (the first of equals, so that placement is stable), or
// nothing for an empty list.
std::optional<size_t> PickLeastLoaded(std::span<const WorkerLoad> loads);

// The current load of a worker, counted from its live objects.
WorkerLoad LoadOf(const Worker& worker);

class WorkerPool {
 public:
  WorkerPool(uv_loop_t* loop, WorkerSettings settings);
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Spawns `count` workers; fails if any cannot be started.
  absl::Status Start(size_t count);
  // The least loaded live worker, or null when every worker has died.
  std::shared_ptr<Worker> PickWorker() const;
  // Live workers only.
  const std::vector<std::shared_ptr<Worker>>& workers() const { return workers_; }
  // Runs after a worker has died and left the pool (its objects are closed by then).
  void OnWorkerDied(absl::AnyInvocable<void(const Worker&, const WorkerExit&)> listener);
  // Closes every worker; the loop ends once they have exited.
  void Close();

 private:
  void HandleDied(const Worker* worker, const WorkerExit& exit);

  uv_loop_t* loop_;
  WorkerSettings settings_;
  std::vector<std::shared_ptr<Worker>> workers_;
  std::vector<absl::AnyInvocable<void(const Worker&, const WorkerExit&)>> diedListeners_;
};

}  // namespace weir::room
