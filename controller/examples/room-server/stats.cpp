#include "stats.hpp"

#include <memory>
#include <utility>

namespace weir::room {
namespace {

// The document being filled; `done` runs when the last answer is in.
struct Gathering {
  nlohmann::json document;
  size_t pending = 1;  // the collection itself, released once every request is sent
  absl::AnyInvocable<void(nlohmann::json)> done;

  void Release() {
    if (--pending == 0) done(std::move(document));
  }
};

}  // namespace

uint64_t SumBitrate(const nlohmann::json& stats) {
  uint64_t sum = 0;
  if (!stats.is_object()) return 0;
  auto entries = stats.find("stats");
  if (entries == stats.end() || !entries->is_array()) return 0;
  for (const auto& entry : *entries) {
    if (!entry.is_object()) continue;
    auto bitrate = entry.find("bitrate");
    if (bitrate != entry.end() && bitrate->is_number_unsigned()) sum += bitrate->get<uint64_t>();
  }
  return sum;
}

StatsCollector::StatsCollector(uv_loop_t* loop, RoomRegistry& rooms, WorkerPool& pool)
    : loop_(loop), rooms_(rooms), pool_(pool) {}

void StatsCollector::Collect(absl::AnyInvocable<void(nlohmann::json)> done) {
  auto gathering = std::make_shared<Gathering>();
  gathering->done = std::move(done);
  gathering->document = {{"rooms", nlohmann::json::array()}, {"workers", nlohmann::json::array()}};
  nlohmann::json& rooms = gathering->document["rooms"];
  for (const auto& room : rooms_.rooms()) {
    size_t producers = 0;
    size_t consumers = 0;
    size_t index = rooms.size();
    rooms.push_back({{"roomId", room->id()},
                     {"workerPid", room->worker().pid()},
                     {"peers", room->peers().size()},
                     {"bitrateIn", 0},
                     {"bitrateOut", 0}});
    for (const auto& [peerId, peer] : room->peers()) {
      for (const auto& [id, entry] : peer->producers) {
        ++producers;
        ++gathering->pending;
        entry.producer->GetStats([gathering, index](absl::StatusOr<nlohmann::json> stats) {
          if (stats.ok()) {
            auto& slot = gathering->document["rooms"][index]["bitrateIn"];
            slot = slot.get<uint64_t>() + SumBitrate(*stats);
          }
          gathering->Release();
        });
      }
      for (const auto& [id, consumer] : peer->consumers) {
        ++consumers;
        ++gathering->pending;
        consumer->GetStats([gathering, index](absl::StatusOr<nlohmann::json> stats) {
          if (stats.ok()) {
            auto& slot = gathering->document["rooms"][index]["bitrateOut"];
            slot = slot.get<uint64_t>() + SumBitrate(*stats);
          }
          gathering->Release();
        });
      }
    }
    rooms[index]["producers"] = producers;
    rooms[index]["consumers"] = consumers;
  }
  uint64_t nowMs = uv_now(loop_);
  for (const auto& worker : pool_.workers()) {
    WorkerLoad load = LoadOf(*worker);
    int pid = worker->pid();
    size_t index = gathering->document["workers"].size();
    gathering->document["workers"].push_back({{"pid", pid},
                                              {"routers", load.routers},
                                              {"consumers", load.consumers},
                                              {"cpuUser", 0.0},
                                              {"cpuSystem", 0.0},
                                              {"cpuPercent", 0.0}});
    ++gathering->pending;
    worker->GetResourceUsage(
        [this, gathering, index, pid, nowMs](absl::StatusOr<ResourceUsage> usage) {
          if (usage.ok()) {
            auto& entry = gathering->document["workers"][index];
            entry["cpuUser"] = static_cast<double>(usage->ru_utime) / 1000.0;
            entry["cpuSystem"] = static_cast<double>(usage->ru_stime) / 1000.0;
            uint64_t cpuMs = usage->ru_utime + usage->ru_stime;
            auto previous = previous_.find(pid);
            if (previous != previous_.end() && nowMs > previous->second.atMs &&
                cpuMs >= previous->second.cpuMs) {
              entry["cpuPercent"] = 100.0 * static_cast<double>(cpuMs - previous->second.cpuMs) /
                                    static_cast<double>(nowMs - previous->second.atMs);
            }
            previous_[pid] = {nowMs, cpuMs};
          }
          gathering->Release();
        });
  }
  gathering->Release();
}

}  // namespace weir::room
