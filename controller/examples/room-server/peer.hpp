#pragma once

// One participant of a room: its identity, where its events go, and the media objects it owns
// (one send and one recv WebRtcTransport, its producers and its consumers). A peer may touch only
// what is in these tables; signal_handlers.cpp resolves every client-supplied id through them.

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "absl/functional/any_invocable.h"
#include "nlohmann/json.hpp"
#include "weir/consumer.hpp"
#include "weir/producer.hpp"
#include "weir/webrtc_transport.hpp"

namespace weir::room {

class Peer {
 public:
  // Where this peer's events go (its WebSocket session), and what tells that session it is no
  // longer in a room (roomClosed).
  using Sink = absl::AnyInvocable<void(const nlohmann::json& message)>;
  using Evicted = absl::AnyInvocable<void()>;

  Peer(std::string id, std::string displayName, Sink sink, Evicted evicted);
  Peer(const Peer&) = delete;
  Peer& operator=(const Peer&) = delete;

  const std::string& id() const { return id_; }
  const std::string& displayName() const { return displayName_; }
  // Set when the peer leaves its room: answers arriving later close what they created.
  bool left() const { return left_; }
  void MarkLeft() { left_ = true; }

  void Send(const nlohmann::json& message);
  void Evict();

  // Transports, by direction; a "pending" flag keeps a second create from racing the first.
  std::shared_ptr<WebRtcTransport> sendTransport;
  std::shared_ptr<WebRtcTransport> recvTransport;
  bool sendTransportPending = false;
  bool recvTransportPending = false;
  std::optional<nlohmann::json> rtpCapabilities;

  struct ProducerEntry {
    std::shared_ptr<Producer> producer;
    nlohmann::json appData;
  };
  std::map<std::string, ProducerEntry> producers;
  size_t producersPending = 0;
  std::map<std::string, std::shared_ptr<Consumer>> consumers;
  // Producers this peer consumes or is being given a consumer of: one consumer per producer.
  std::set<std::string> consumedProducerIds;

  // The peer's own transport with this id, or null.
  std::shared_ptr<WebRtcTransport> transport(const std::string& id) const;
  std::shared_ptr<Producer> producer(const std::string& id) const;
  std::shared_ptr<Consumer> consumer(const std::string& id) const;
  // Whether any of its transports, producers or consumers has this id.
  bool Owns(const std::string& id) const;
  // Both the device's capabilities and a recv transport: consumers can be made.
  bool ReadyToConsume() const { return recvTransport && rtpCapabilities.has_value(); }
  // Closes its transports (and so, in the worker, its producers and consumers).
  void CloseTransports();

 private:
  std::string id_;
  std::string displayName_;
  Sink sink_;
  Evicted evicted_;
  bool left_ = false;
};

}  // namespace weir::room
