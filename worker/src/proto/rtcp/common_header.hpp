#pragma once

// The RTCP common header (RFC 3550 6.4.1), shared by every packet type:
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |V=2|P|  count  |      PT       |             length            |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// "count" is the report/source count (SR, RR, SDES, BYE), the subtype (APP) or the feedback
// message type FMT (RFC 4585 6.1); "length" is the packet size in 32-bit words minus one,
// header and padding included.

#include <cstddef>
#include <cstdint>
#include <optional>

#include "base/bytes.hpp"

namespace weir::proto::rtcp {

inline constexpr uint8_t kVersion = 2;
inline constexpr size_t kCommonHeaderSize = 4;
// The largest packet the 16-bit length field can describe.
inline constexpr size_t kMaxPacketSize = (size_t{0xffff} + 1) * 4;
// The count/FMT field is 5 bits wide.
inline constexpr uint8_t kMaxCount = 31;

// RTCP packet types (RFC 3550 12.1, RFC 4585 6.1, RFC 3611 5). Other values may appear on the
// wire; an enum class holds them too, and parsers of the known types simply do not match.
enum class PacketType : uint8_t {
  kSr = 200,
  kRr = 201,
  kSdes = 202,
  kBye = 203,
  kApp = 204,
  kRtpfb = 205,  // Transport-layer feedback.
  kPsfb = 206,   // Payload-specific feedback.
  kXr = 207,
};

struct CommonHeader {
  uint8_t version = kVersion;
  bool padding = false;
  uint8_t count = 0;  // RC, SC, subtype or FMT.
  PacketType packetType = PacketType::kSr;
  uint16_t length = 0;  // In 32-bit words minus one.

  size_t PacketSize() const { return (size_t{length} + 1) * 4; }

  // Decodes the first four bytes of data. Checks nothing but the size: the version and the
  // length against the datagram are the caller's business (Packet::Parse does both).
  static std::optional<CommonHeader> Parse(base::ByteView data);

  // Writes a version-2 header announcing a packet of packetSize bytes (a multiple of 4 in
  // [4, kMaxPacketSize]) into out[0..3].
  static void Write(uint8_t* out, uint8_t count, PacketType type, size_t packetSize,
                    bool padding = false);
};

}  // namespace weir::proto::rtcp
