#pragma once

// A transport's 5-tuple as reported to the controller (mediasoup's TransportTuple shape).

#include <cstdint>
#include <string>

namespace weir::sfu {

enum class TransportProtocol : uint8_t { kUdp, kTcp };

struct TransportTuple {
  std::string localAddress;  // The announced address when one is set, else the listen IP.
  uint16_t localPort = 0;
  std::string remoteIp;  // Empty until known.
  uint16_t remotePort = 0;
  TransportProtocol protocol = TransportProtocol::kUdp;
};

}  // namespace weir::sfu
