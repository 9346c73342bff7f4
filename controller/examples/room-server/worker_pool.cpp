#include "worker_pool.hpp"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"

namespace weir::room {

std::optional<size_t> PickLeastLoaded(std::span<const WorkerLoad> loads) {
  std::optional<size_t> best;
  for (size_t i = 0; i < loads.size(); ++i) {
    if (!best || loads[i].Score() < loads[*best].Score()) best = i;
  }
  return best;
}

WorkerLoad LoadOf(const Worker& worker) {
  WorkerLoad load;
  for (const auto& router : worker.routers()) {
    ++load.routers;
    for (const auto& transport : router->transports()) {
      load.consumers += transport->consumers().size();
    }
  }
  return load;
}

WorkerPool::WorkerPool(uv_loop_t* loop, WorkerSettings settings)
    : loop_(loop), settings_(std::move(settings)) {}

absl::Status WorkerPool::Start(size_t count) {
  for (size_t i = 0; i < count; ++i) {
    absl::StatusOr<std::shared_ptr<Worker>> spawned = Worker::Spawn(loop_, settings_);
    if (!spawned.ok()) {
      return absl::Status(spawned.status().code(), absl::StrCat("spawning worker ", i + 1, ": ",
                                                                spawned.status().message()));
    }
    std::shared_ptr<Worker> worker = *std::move(spawned);
    const Worker* raw = worker.get();
    worker->OnDied([this, raw](const WorkerExit& exit) { HandleDied(raw, exit); });
    workers_.push_back(std::move(worker));
  }
  return absl::OkStatus();
}

std::shared_ptr<Worker> WorkerPool::PickWorker() const {
  std::vector<WorkerLoad> loads;
  loads.reserve(workers_.size());
  for (const auto& worker : workers_)
    loads.push_back(LoadOf(*worker));
  std::optional<size_t> index = PickLeastLoaded(loads);
  return index ? workers_[*index] : nullptr;
}

void WorkerPool::OnWorkerDied(absl::AnyInvocable<void(const Worker&, const WorkerExit&)> listener) {
  diedListeners_.push_back(std::move(listener));
}

void WorkerPool::HandleDied(const Worker* worker, const WorkerExit& exit) {
  auto it = std::find_if(workers_.begin(), workers_.end(),
                         [worker](const auto& w) { return w.get() == worker; });
  if (it == workers_.end()) return;
  // Keep it alive while the listeners look at it; it leaves the pool for good.
  std::shared_ptr<Worker> dead = *it;
  workers_.erase(it);
  for (auto& listener : diedListeners_)
    listener(*dead, exit);
}

void WorkerPool::Close() {
  std::vector<std::shared_ptr<Worker>> workers = std::move(workers_);
  workers_.clear();
  for (auto& worker : workers)
    worker->Close();
}

}  // namespace weir::room
