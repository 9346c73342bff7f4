#include "proto/demux.hpp"

namespace weir::proto {
namespace {

constexpr uint32_t kStunMagicCookie = 0x2112A442;  // RFC 8489 6.

}  // namespace

PacketKind ClassifyPacket(base::ByteView data) {
  if (data.empty()) return PacketKind::kUnknown;
  uint8_t first = data[0];
  if (first <= 3) {
    // A STUN header with the fixed cookie (RFC 8489 6); the full checks are the parser's.
    if (data.size() >= kMinStunSize && base::LoadBe32(&data[4]) == kStunMagicCookie) {
      return PacketKind::kStun;
    }
    return PacketKind::kUnknown;
  }
  if (first >= 20 && first <= 63) {
    return data.size() >= kMinDtlsSize ? PacketKind::kDtls : PacketKind::kUnknown;
  }
  if (first >= 128 && first <= 191) {
    // RFC 5761 4: the second byte is the RTCP packet type, or the marker bit and RTP PT.
    if (data.size() >= 2 && data[1] >= 192 && data[1] <= 223) {
      return data.size() >= kMinRtcpSize ? PacketKind::kRtcp : PacketKind::kUnknown;
    }
    return data.size() >= kMinRtpSize ? PacketKind::kRtp : PacketKind::kUnknown;
  }
  return PacketKind::kUnknown;
}

const char* PacketKindName(PacketKind kind) {
  switch (kind) {
    case PacketKind::kStun:
      return "stun";
    case PacketKind::kDtls:
      return "dtls";
    case PacketKind::kRtp:
      return "rtp";
    case PacketKind::kRtcp:
      return "rtcp";
    case PacketKind::kUnknown:
      break;
  }
  return "unknown";
}

}  // namespace weir::proto
