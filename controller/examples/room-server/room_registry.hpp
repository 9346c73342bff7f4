#pragma once

// Every room of the server by id: finds or creates a room (its Router on the least loaded
// worker, see WorkerPool), forgets it when it closes, and answers "whose is this id?" for the
// forbidden/notFound distinction.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"
#include "room.hpp"
#include "weir/callback.hpp"
#include "worker_pool.hpp"

namespace weir::room {

class RoomRegistry {
 public:
  // mediaCodecs: every room's Router's (mediasoup RtpCodecCapability objects).
  RoomRegistry(WorkerPool& pool, nlohmann::json mediaCodecs);
  RoomRegistry(const RoomRegistry&) = delete;
  RoomRegistry& operator=(const RoomRegistry&) = delete;

  // The open room with this id, made now if there is none; concurrent calls for one new room
  // share one Router. Fails (Unavailable) when no worker is alive, or with the worker's error.
  void GetOrCreate(const std::string& roomId, Callback<std::shared_ptr<Room>> callback);
  std::shared_ptr<Room> room(const std::string& roomId) const;
  std::vector<std::shared_ptr<Room>> rooms() const;
  // Closes a room nobody joined after all (its joiners went away while it was being made).
  void ReleaseIfEmpty(const std::shared_ptr<Room>& room);
  // Whether some peer of some room owns a transport, producer or consumer with this id.
  bool IsOwnedByAnyPeer(const std::string& objectId) const;
  void CloseAll(const std::string& reason);

 private:
  void HandleRouter(const std::string& roomId, const std::shared_ptr<Worker>& worker,
                    absl::StatusOr<std::shared_ptr<Router>> router);

  WorkerPool& pool_;
  nlohmann::json mediaCodecs_;
  std::map<std::string, std::shared_ptr<Room>> rooms_;
  std::map<std::string, std::vector<Callback<std::shared_ptr<Room>>>> pending_;
};

}  // namespace weir::room
