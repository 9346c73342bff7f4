#pragma once

// Header extension ids differ between a producer's parameters and the router's (consumers are
// derived from the router's ids). The producer rewrites each packet once, on arrival, from its
// ids to the router's and drops the extensions the router does not forward; when the ids agree
// (the usual case with mediasoup-client, which offers the router's ids) nothing is rewritten.

#include <array>
#include <cstdint>

#include "proto/rtp/rtp_packet.hpp"
#include "sfu/rtp_parameters.hpp"

namespace weir::sfu {

// The ids, on one side, of the extensions the SFU itself reads (0: not negotiated).
struct ExtensionIds {
  uint8_t mid = 0;
  uint8_t rid = 0;
  uint8_t repairedRid = 0;
  uint8_t absSendTime = 0;
  uint8_t transportWideCc = 0;
  uint8_t audioLevel = 0;
  uint8_t videoOrientation = 0;
  uint8_t frameMarking = 0;
  uint8_t dependencyDescriptor = 0;
  uint8_t absCaptureTime = 0;

  static ExtensionIds From(const std::vector<RtpHeaderExtensionParameters>& extensions);
};

class HeaderExtensionMap {
 public:
  HeaderExtensionMap() = default;
  // From the producer's extensions to the consumable (router) ones, matched by URI.
  HeaderExtensionMap(const std::vector<RtpHeaderExtensionParameters>& producer,
                     const std::vector<RtpHeaderExtensionParameters>& router);

  // Rewrites the packet's extensions in place. False if the packet could not be rewritten (no
  // capacity): it is then forwarded as it came.
  bool Apply(proto::rtp::RtpPacket& packet) const;
  bool identity() const { return identity_; }

 private:
  std::array<uint8_t, 256> map_{};  // Producer id -> router id; 0 drops the element.
  bool identity_ = true;
};

}  // namespace weir::sfu
