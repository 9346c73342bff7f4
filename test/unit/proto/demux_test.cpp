#include "proto/demux.hpp"

#include <doctest/doctest.h>

#include <string_view>
#include <vector>

namespace weir::proto {
namespace {

std::vector<uint8_t> Packet(uint8_t first, uint8_t second, size_t size) {
  std::vector<uint8_t> p(size, 0);
  if (size > 0) p[0] = first;
  if (size > 1) p[1] = second;
  return p;
}

std::vector<uint8_t> StunHeader(uint8_t first = 0x00) {
  // Binding request header, length 0, RFC 8489 magic cookie, a transaction id.
  std::vector<uint8_t> p = {first, 0x01, 0x00, 0x00, 0x21, 0x12, 0xA4, 0x42, 1,  2,
                            3,     4,    5,    6,    7,    8,    9,    10,   11, 12};
  return p;
}

TEST_CASE("every first byte falls in the RFC 7983 range it belongs to") {
  for (int b = 0; b < 256; ++b) {
    CAPTURE(b);
    auto p = Packet(static_cast<uint8_t>(b), 96, 64);  // PT 96: RTP if it is RTP/RTCP.
    if (b <= 3) {
      base::StoreBe32(&p[4], 0x2112A442);
      CHECK(ClassifyPacket(p) == PacketKind::kStun);
    } else if (b >= 20 && b <= 63) {
      CHECK(ClassifyPacket(p) == PacketKind::kDtls);
    } else if (b >= 128 && b <= 191) {
      CHECK(ClassifyPacket(p) == PacketKind::kRtp);
    } else {
      // 4..19 (incl. ZRTP 16..19), 64..79 (TURN channels), 80..127, 192..255.
      CHECK(ClassifyPacket(p) == PacketKind::kUnknown);
    }
  }
}

TEST_CASE("RTP versus RTCP by the second byte (RFC 5761 4)") {
  for (int second = 0; second < 256; ++second) {
    CAPTURE(second);
    auto p = Packet(0x80, static_cast<uint8_t>(second), 12);
    bool rtcp = second >= 192 && second <= 223;
    CHECK(ClassifyPacket(p) == (rtcp ? PacketKind::kRtcp : PacketKind::kRtp));
  }
  // Named cases: SR 200, RR 201, SDES 202, BYE 203, APP 204, RTPFB 205, PSFB 206, XR 207.
  for (uint8_t pt : {200, 201, 202, 203, 204, 205, 206, 207}) {
    CHECK(IsRtcp(Packet(0x81, pt, 8)));
  }
  // RTP with marker bit and PT 96/111 (0xE0, 0xEF): RTP.
  CHECK(IsRtp(Packet(0x80, 0xE0, 12)));
  CHECK(IsRtp(Packet(0x90, 0xEF, 12)));
  // Marker + PT 64..95 is where RTCP lives: a multiplexed RTP stream must not use it.
  CHECK(IsRtcp(Packet(0x80, 0xC8, 12)));
}

TEST_CASE("minimum sizes") {
  // STUN: 20 bytes with the cookie.
  auto stun = StunHeader();
  CHECK(IsStun(stun));
  for (size_t n = 0; n < kMinStunSize; ++n) {
    CHECK(ClassifyPacket(base::ByteView(stun.data(), n)) == PacketKind::kUnknown);
  }
  // DTLS: 13 bytes of record header (handshake content type 22).
  auto dtls = Packet(22, 0xFE, 13);
  CHECK(IsDtls(dtls));
  CHECK(ClassifyPacket(base::ByteView(dtls.data(), 12)) == PacketKind::kUnknown);
  // RTP: 12 bytes.
  auto rtp = Packet(0x80, 96, 12);
  CHECK(IsRtp(rtp));
  CHECK(ClassifyPacket(base::ByteView(rtp.data(), 11)) == PacketKind::kUnknown);
  // RTCP: 8 bytes (an RR with no report blocks).
  auto rtcp = Packet(0x80, 201, 8);
  CHECK(IsRtcp(rtcp));
  for (size_t n = 0; n < kMinRtcpSize; ++n) {
    CHECK(ClassifyPacket(base::ByteView(rtcp.data(), n)) == PacketKind::kUnknown);
  }
  CHECK(ClassifyPacket({}) == PacketKind::kUnknown);
}

TEST_CASE("STUN needs the magic cookie") {
  for (uint8_t first : {0, 1, 2, 3}) {
    auto p = StunHeader(first);
    CHECK(IsStun(p));
    p[7] ^= 0x01;
    CHECK(ClassifyPacket(p) == PacketKind::kUnknown);
  }
  // An RFC 3489 (classic STUN) header has no cookie: not ours.
  std::vector<uint8_t> classic(20, 0);
  classic[1] = 0x01;
  CHECK(ClassifyPacket(classic) == PacketKind::kUnknown);
}

TEST_CASE("names") {
  CHECK(std::string_view(PacketKindName(PacketKind::kStun)) == "stun");
  CHECK(std::string_view(PacketKindName(PacketKind::kRtcp)) == "rtcp");
  CHECK(std::string_view(PacketKindName(PacketKind::kUnknown)) == "unknown");
}

}  // namespace
}  // namespace weir::proto
