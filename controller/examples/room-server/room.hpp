#pragma once

// A room: one Router on one worker, its peers, and the media plumbing between them (every peer
// consumes every other peer's producers, paused until its client resumes them). Rooms are made
// by RoomRegistry; a room closes when its last peer leaves or when its router goes (worker
// death), telling its peers roomClosed.

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "nlohmann/json.hpp"
#include "peer.hpp"
#include "rtp_observer.hpp"
#include "weir/router.hpp"
#include "weir/worker.hpp"

namespace weir::room {

class Room : public std::enable_shared_from_this<Room> {
 public:
  Room(std::string id, std::shared_ptr<Worker> worker, std::shared_ptr<Router> router);
  ~Room();
  Room(const Room&) = delete;
  Room& operator=(const Room&) = delete;

  const std::string& id() const { return id_; }
  Worker& worker() const { return *worker_; }
  Router& router() const { return *router_; }
  bool closed() const { return closed_; }
  const std::map<std::string, std::shared_ptr<Peer>>& peers() const { return peers_; }
  std::shared_ptr<Peer> peer(const std::string& id) const;

  // Creates the room's observers (activeSpeaker, audioLevels); a worker without them leaves the
  // room without those events.
  void StartObservers();
  // Runs once when the room closes, whatever the reason.
  void OnClosed(absl::AnyInvocable<void(Room&)> listener);

  // Adds the peer and tells the others (peerJoined). False if its id is taken.
  bool AddPeer(const std::shared_ptr<Peer>& peer);
  // Removes the peer, closes its transports and tells the others (peerLeft); the room closes
  // when it was the last.
  void RemovePeer(const std::string& peerId);
  // Sends an event to every peer but `except`.
  void Broadcast(const nlohmann::json& event, const Peer* except = nullptr);
  // roomClosed to every peer (their sessions become not joined), then closes the router.
  void Close(const std::string& reason);

  // A producer of `owner` was created: every other ready peer gets a consumer of it, and an
  // audio producer joins the observers.
  void HandleNewProducer(const std::shared_ptr<Peer>& owner, const std::string& producerId);
  // `peer` became ready to consume: it gets a consumer of every other peer's producers.
  void ConsumeAllFor(const std::shared_ptr<Peer>& peer);

 private:
  void Consume(const std::shared_ptr<Peer>& consumer, const std::shared_ptr<Peer>& owner,
               const std::string& producerId);
  void HandleActiveSpeaker(const nlohmann::json& body);
  void HandleVolumes(const nlohmann::json& body);
  // The peer owning a producer of this room, or null.
  std::shared_ptr<Peer> ProducerOwner(const std::string& producerId) const;

  std::string id_;
  std::shared_ptr<Worker> worker_;
  std::shared_ptr<Router> router_;
  std::map<std::string, std::shared_ptr<Peer>> peers_;
  std::unique_ptr<RtpObserver> activeSpeakerObserver_;
  std::unique_ptr<RtpObserver> audioLevelObserver_;
  std::optional<std::string> activeSpeakerPeerId_;
  std::vector<absl::AnyInvocable<void(Room&)>> closedListeners_;
  bool closed_ = false;
};

}  // namespace weir::room
