#pragma once

// Packets and checks shared by the files of the tshark interop test
// (../tshark_interop_test.cpp): builders of the RTP packets, the RTCP framing check, the STUN
// credentials and an integrity check independent of Weir's.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/bytes.hpp"
#include "doctest/doctest.h"
#include "proto/rtcp/compound_reader.hpp"
#include "proto/stun/stun_constants.hpp"
#include "support/tshark_capture.hpp"

namespace weir::interop {

using base::ByteView;
using Bytes = std::vector<uint8_t>;
using test::CaptureFrame;
using test::Hex;
using test::Nums;
using test::TsharkFrame;

inline ByteView View(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}
inline Bytes Text(std::string_view s) {
  return Bytes(s.begin(), s.end());
}
template <typename A>
Bytes ToBytes(const A& array) {
  return Bytes(array.begin(), array.end());
}
// size bytes of a recognisable pattern.
Bytes Pattern(size_t size, uint8_t seed);

// --- RTP (rtp.cpp) ---

// Local extension ids, as an SDP offer would map them (RFC 8285 5).
inline constexpr uint8_t kMidId = 1;
inline constexpr uint8_t kRidId = 2;
inline constexpr uint8_t kAbsSendTimeId = 3;
inline constexpr uint8_t kTransportCcId = 4;
inline constexpr uint8_t kVideoOrientationId = 5;
inline constexpr uint8_t kPlayoutDelayId = 6;
inline constexpr uint8_t kAbsCaptureTimeId = 7;
inline constexpr uint8_t kRepairedRidId = 8;
inline constexpr uint8_t kAudioLevelId = 10;
inline constexpr uint8_t kDependencyDescriptorId = 16;  // Beyond the one-byte form's 14.

// What an RTP packet is meant to carry.
struct RtpExpect {
  bool marker = false;
  uint8_t pt = 0;
  uint16_t seq = 0;
  uint32_t ts = 0;
  uint32_t ssrc = 0;
  std::vector<uint32_t> csrcs;
  uint16_t profile = 0;  // 0: no extension block.
  std::vector<std::pair<uint8_t, Bytes>> extensions;
  Bytes payload;
  uint8_t padding = 0;
};

// Builds the packet with RtpPacketBuilder and checks that Weir parses it back the same.
Bytes BuildRtp(const RtpExpect& e, bool twoByte, size_t capacity = 1500);
// A video packet with seven one-byte extensions (mid, rid, abs-send-time, transport-cc, video
// orientation, playout delay, abs-capture-time) and a CSRC.
RtpExpect VideoOneByte();

// --- RTCP (rtcp_*.cpp) ---

inline constexpr uint32_t kSenderSsrc = 0x11112222;
inline constexpr uint32_t kMediaSsrc = 0x33334444;

template <typename B>
Bytes BuildRtcp(const B& builder) {
  Bytes out(builder.Size());
  REQUIRE(!out.empty());
  REQUIRE(builder.Serialize(out) == out.size());
  // Weir reads back what it wrote: one packet, framed exactly.
  proto::rtcp::CompoundReader reader(out);
  REQUIRE(reader.Next());
  CHECK(!reader.Next());
  CHECK(reader.done());
  return out;
}

// --- STUN (stun.cpp) ---

inline constexpr proto::stun::TransactionId kTid = {0xb7, 0xe7, 0xa7, 0x01, 0xbc, 0x34,
                                                    0xd6, 0x86, 0xfa, 0x87, 0xdf, 0xae};
inline constexpr std::string_view kLocalPassword = "a-local-ice-password-22";
inline constexpr std::string_view kRemotePassword = "the-remote-ice-password";

// MESSAGE-INTEGRITY recomputed from scratch with OpenSSL's one-shot HMAC (RFC 8489 14.5: over
// the message up to the attribute, the header length patched to end just after it), as a
// check of Weir's own HMAC, which tshark does not verify. "" when the message has none.
std::string IndependentIntegrity(ByteView msg, std::string_view key);

}  // namespace weir::interop
