#pragma once

// What a forwarder reads from an Opus RTP payload (RFC 7587: the payload is one Opus packet,
// RFC 6716). Nothing in it is rewritten. The TOC octet (RFC 6716 3.1):
//
//    0 1 2 3 4 5 6 7
//   +-+-+-+-+-+-+-+-+
//   | config  |s| c |
//   +-+-+-+-+-+-+-+-+
//
// config selects mode, bandwidth and frame duration (Table 2), s is stereo, c the frame count
// code: 0 one frame, 1 two equal frames, 2 two frames of different sizes, 3 an arbitrary number
// given by the next octet (|v|p|  M  |, 3.2.5).
//
// DTX: with DTX on, an encoder sends a packet of at most 2 octets for silence (libopus emits
// the TOC alone or with one more octet; RFC 6716 3.2.1: a 1-octet code 0 packet is a frame of
// 0 octets, meaning DTX or loss). Browsers and libwebrtc treat a payload of <= 2 octets as DTX.

#include <cstdint>
#include <optional>

#include "base/bytes.hpp"

namespace weir::proto::codecs {

enum class OpusMode : uint8_t { kSilk, kHybrid, kCelt };
enum class OpusBandwidth : uint8_t { kNarrow, kMedium, kWide, kSuperWide, kFull };

struct OpusPacketInfo {
  static constexpr size_t kMaxDtxSize = 2;

  uint8_t config = 0;
  OpusMode mode = OpusMode::kSilk;
  OpusBandwidth bandwidth = OpusBandwidth::kNarrow;
  uint32_t frameDurationUs = 0;  // One frame (2500 to 60000).
  bool stereo = false;
  uint8_t frameCountCode = 0;  // c
  uint8_t frameCount = 0;      // 1 to 48.
  bool isDtx = false;

  bool operator==(const OpusPacketInfo&) const = default;

  // Fails on an empty payload and on the framing violations of RFC 6716 3.4 that need no
  // frame-length walk: an odd code 1 body (R3), a code 2 first length missing or past the end (R4),
  // and a code 3 packet without its count octet, with 0 frames or with more than 120 ms (R5).
  static std::optional<OpusPacketInfo> Parse(base::ByteView payload);
};

}  // namespace weir::proto::codecs
