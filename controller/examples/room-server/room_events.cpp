#include "room_events.hpp"

#include "protocol.hpp"
#include "weir/rtp_types.hpp"

namespace weir::room::events {

nlohmann::json PeerJoined(const Peer& peer) {
  return MakeEvent("peerJoined", {{"peerId", peer.id()}, {"displayName", peer.displayName()}});
}

nlohmann::json PeerLeft(const std::string& peerId) {
  return MakeEvent("peerLeft", {{"peerId", peerId}});
}

nlohmann::json NewConsumer(const std::string& ownerPeerId, const Consumer& consumer,
                           const nlohmann::json& appData) {
  return MakeEvent("newConsumer", {{"peerId", ownerPeerId},
                                   {"producerId", consumer.producerId()},
                                   {"consumerId", consumer.id()},
                                   {"kind", MediaKindName(consumer.mediaKind())},
                                   {"rtpParameters", consumer.rtpParameters()},
                                   {"type", ConsumerTypeName(consumer.type())},
                                   {"producerPaused", consumer.producerPaused()},
                                   {"appData", appData}});
}

nlohmann::json ConsumerClosed(const std::string& consumerId) {
  return MakeEvent("consumerClosed", {{"consumerId", consumerId}});
}

nlohmann::json ConsumerPaused(const std::string& consumerId) {
  return MakeEvent("consumerPaused", {{"consumerId", consumerId}});
}

nlohmann::json ConsumerResumed(const std::string& consumerId) {
  return MakeEvent("consumerResumed", {{"consumerId", consumerId}});
}

nlohmann::json ProducerPaused(const std::string& peerId, const std::string& producerId) {
  return MakeEvent("producerPaused", {{"peerId", peerId}, {"producerId", producerId}});
}

nlohmann::json ProducerResumed(const std::string& peerId, const std::string& producerId) {
  return MakeEvent("producerResumed", {{"peerId", peerId}, {"producerId", producerId}});
}

nlohmann::json ActiveSpeaker(const std::optional<std::string>& peerId) {
  return MakeEvent("activeSpeaker", {{"peerId", peerId ? nlohmann::json(*peerId) : nullptr}});
}

nlohmann::json AudioLevels(const std::vector<Level>& levels) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& level : levels) {
    list.push_back({{"peerId", level.peerId}, {"volume", level.volume}});
  }
  return MakeEvent("audioLevels", {{"levels", std::move(list)}});
}

nlohmann::json RoomClosed(const std::string& reason) {
  return MakeEvent("roomClosed", {{"reason", reason}});
}

}  // namespace weir::room::events
