#pragma once

// One RTCP packet as framed by its common header, before its type-specific parsing: the view
// the compound reader hands out and every typed Parse() takes.

#include <optional>

#include "base/bytes.hpp"
#include "proto/rtcp/common_header.hpp"

namespace weir::proto::rtcp {

struct Packet {
  CommonHeader header;
  base::ByteView bytes;  // The whole packet: header, body and padding.
  base::ByteView body;   // After the 4-byte header, padding removed.

  PacketType type() const { return header.packetType; }
  uint8_t count() const { return header.count; }  // Also the FMT of feedback packets.

  // Frames the packet at the start of data (data may hold more packets after it). Fails on
  // fewer than 4 bytes, a version other than 2, a length running past data, or a padding count
  // of zero or larger than the packet's body (RFC 3550 6.4.1, A.2).
  static std::optional<Packet> Parse(base::ByteView data);
};

}  // namespace weir::proto::rtcp
