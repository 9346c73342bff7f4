#pragma once

// Demultiplexing of what arrives on one ICE 5-tuple (RFC 7983, updating RFC 5764 5.1.2): STUN,
// DTLS, and SRTP/SRTCP share the port and are told apart by the first byte:
//
//   0..3     STUN            (RFC 8489: the top two bits of a STUN message are zero)
//   16..19   ZRTP            -> kUnknown (not used by WebRTC)
//   20..63   DTLS            (content types 20..63)
//   64..79   TURN channel    -> kUnknown (Weir is not a TURN server)
//   128..191 RTP or RTCP     (version 2)
//
// RTP and RTCP (rtcp-mux) are told apart by the second byte (RFC 5761 4): RTCP packet types
// 192..223 sit where an RTP marker bit plus payload types 64..95 would, a range RTP must not use
// when multiplexed.
//
// Each kind also needs its minimum size (and STUN its magic cookie) or it is kUnknown: the
// caller drops and counts those without handing them to a parser.

#include <cstdint>

#include "base/bytes.hpp"

namespace weir::proto {

enum class PacketKind : uint8_t { kStun, kDtls, kRtp, kRtcp, kUnknown };

inline constexpr size_t kMinStunSize = 20;  // RFC 8489 5: the header.
inline constexpr size_t kMinDtlsSize = 13;  // RFC 6347 4.1: the record header.
inline constexpr size_t kMinRtpSize = 12;   // RFC 3550 5.1: the fixed header.
inline constexpr size_t kMinRtcpSize = 8;   // RFC 3550 6.4: header and SSRC.

PacketKind ClassifyPacket(base::ByteView data);

const char* PacketKindName(PacketKind kind);

inline bool IsStun(base::ByteView data) {
  return ClassifyPacket(data) == PacketKind::kStun;
}
inline bool IsDtls(base::ByteView data) {
  return ClassifyPacket(data) == PacketKind::kDtls;
}
inline bool IsRtp(base::ByteView data) {
  return ClassifyPacket(data) == PacketKind::kRtp;
}
inline bool IsRtcp(base::ByteView data) {
  return ClassifyPacket(data) == PacketKind::kRtcp;
}

}  // namespace weir::proto
