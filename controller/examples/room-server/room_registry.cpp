#include "room_registry.hpp"

#include <cstdio>
#include <utility>

#include "absl/strings/str_cat.h"
#include "text.hpp"

namespace weir::room {

RoomRegistry::RoomRegistry(WorkerPool& pool, nlohmann::json mediaCodecs)
    : pool_(pool), mediaCodecs_(std::move(mediaCodecs)) {}

void RoomRegistry::GetOrCreate(const std::string& roomId,
                               Callback<std::shared_ptr<Room>> callback) {
  if (auto existing = room(roomId)) {
    callback(existing);
    return;
  }
  auto [it, first] = pending_.try_emplace(roomId);
  it->second.push_back(std::move(callback));
  if (!first) return;  // a Router for this room is on its way
  std::shared_ptr<Worker> worker = pool_.PickWorker();
  if (!worker) {
    HandleRouter(roomId, nullptr, absl::UnavailableError("no worker is alive"));
    return;
  }
  RouterOptions options;
  options.mediaCodecs = mediaCodecs_;
  worker->CreateRouter(std::move(options),
                       [this, roomId, worker](absl::StatusOr<std::shared_ptr<Router>> router) {
                         HandleRouter(roomId, worker, std::move(router));
                       });
}

void RoomRegistry::HandleRouter(const std::string& roomId, const std::shared_ptr<Worker>& worker,
                                absl::StatusOr<std::shared_ptr<Router>> router) {
  auto waiting = std::move(pending_[roomId]);
  pending_.erase(roomId);
  if (!router.ok()) {
    std::fprintf(stderr, "weir-room: room %s: createRouter: %s\n", roomId.c_str(),
                 std::string(router.status().message()).c_str());
    for (auto& callback : waiting)
      callback(router.status());
    return;
  }
  auto room = std::make_shared<Room>(roomId, worker, *router);
  rooms_[roomId] = room;
  std::fprintf(stderr, "weir-room: room %s opened on worker %d\n", roomId.c_str(), worker->pid());
  room->OnClosed([this](Room& closed) {
    std::fprintf(stderr, "weir-room: room %s closed\n", closed.id().c_str());
    auto it = rooms_.find(closed.id());
    if (it != rooms_.end() && it->second.get() == &closed) rooms_.erase(it);
  });
  // A router that closes without the room closing it: its worker died.
  std::weak_ptr<Room> weak = room;
  (*router)->OnClose([weak](CloseReason reason) {
    auto r = weak.lock();
    if (!r || r->closed()) return;
    r->Close(reason == CloseReason::kWorkerDied
                 ? "worker died"
                 : Concat({"router closed (", CloseReasonName(reason), ")"}));
  });
  room->StartObservers();
  for (auto& callback : waiting)
    callback(room);
}

std::shared_ptr<Room> RoomRegistry::room(const std::string& roomId) const {
  auto it = rooms_.find(roomId);
  return it == rooms_.end() || it->second->closed() ? nullptr : it->second;
}

std::vector<std::shared_ptr<Room>> RoomRegistry::rooms() const {
  std::vector<std::shared_ptr<Room>> out;
  for (const auto& [id, room] : rooms_)
    out.push_back(room);
  return out;
}

void RoomRegistry::ReleaseIfEmpty(const std::shared_ptr<Room>& room) {
  if (room && !room->closed() && room->peers().empty()) room->Close("empty");
}

bool RoomRegistry::IsOwnedByAnyPeer(const std::string& objectId) const {
  for (const auto& [roomId, room] : rooms_) {
    for (const auto& [peerId, peer] : room->peers()) {
      if (peer->Owns(objectId)) return true;
    }
  }
  return false;
}

void RoomRegistry::CloseAll(const std::string& reason) {
  for (auto& room : rooms())
    room->Close(reason);
}

}  // namespace weir::room
