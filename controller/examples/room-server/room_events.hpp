#pragma once

// The server -> client EVENTs of PROTOCOL.md "Events", one builder each. Events report what
// happened in a room (a peer came or went, a consumer was made or closed, who speaks); they are
// never answers to a signal and are never answered.

#include <optional>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"
#include "peer.hpp"
#include "weir/consumer.hpp"

namespace weir::room::events {

nlohmann::json PeerJoined(const Peer& peer);
nlohmann::json PeerLeft(const std::string& peerId);
nlohmann::json NewConsumer(const std::string& ownerPeerId, const Consumer& consumer,
                           const nlohmann::json& appData);
nlohmann::json ConsumerClosed(const std::string& consumerId);
nlohmann::json ConsumerPaused(const std::string& consumerId);
nlohmann::json ConsumerResumed(const std::string& consumerId);
nlohmann::json ProducerPaused(const std::string& peerId, const std::string& producerId);
nlohmann::json ProducerResumed(const std::string& peerId, const std::string& producerId);
nlohmann::json ActiveSpeaker(const std::optional<std::string>& peerId);
struct Level {
  std::string peerId;
  int volume = -127;
};
nlohmann::json AudioLevels(const std::vector<Level>& levels);
nlohmann::json RoomClosed(const std::string& reason);

}  // namespace weir::room::events
