#pragma once

// What every client session shares: the rooms, the join policy and the transport options.

#include <optional>
#include <string>

#include "room_registry.hpp"
#include "weir/webrtc_transport.hpp"

namespace weir::room {

struct ServerContext {
  RoomRegistry& rooms;
  // With a secret, a join needs a token (token.hpp) and the peer id is the token's.
  std::optional<std::string> secret;
  // Every peer's transports are made with these (listenInfos from --rtc-listen-ip and
  // --announced-ip).
  WebRtcTransportOptions transportOptions;
};

}  // namespace weir::room
