#pragma once

// A local ICE candidate of a WebRtcTransport as mediasoup-client expects it: host candidates only
// (an ICE-lite server has no reflexive or relayed ones), TCP ones passive.

#include <cstdint>
#include <string>

#include "sfu/transport_tuple.hpp"

namespace weir::sfu {

struct IceCandidate {
  std::string foundation;
  uint32_t priority = 0;
  std::string address;  // The announced address when set, else the listen IP.
  uint16_t port = 0;
  TransportProtocol protocol = TransportProtocol::kUdp;
  // "host" always; tcpType "passive" for TCP.
};

// RFC 8445 5.1.2.1: (2^24) type preference + (2^8) local preference + (256 - component id), with
// the host type preference 126 and one component (RTP and RTCP are multiplexed).
constexpr uint32_t IceCandidatePriority(uint16_t localPreference) {
  return (uint32_t{126} << 24) + (uint32_t{localPreference} << 8) + (256 - 1);
}

}  // namespace weir::sfu
