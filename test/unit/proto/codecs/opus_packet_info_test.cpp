#include "proto/codecs/opus_packet_info.hpp"

#include <doctest/doctest.h>

#include "codec_test_util.hpp"

namespace weir::proto::codecs {
namespace {

using test::Hex;

// TOC octet (RFC 6716 3.1): |config(5)|s|c(2)|

TEST_CASE("opus: TOC fields and the config table (RFC 6716 Table 2)") {
  struct Case {
    uint8_t config;
    OpusMode mode;
    OpusBandwidth bandwidth;
    uint32_t durationUs;
  };
  const Case cases[] = {
      {0, OpusMode::kSilk, OpusBandwidth::kNarrow, 10000},
      {3, OpusMode::kSilk, OpusBandwidth::kNarrow, 60000},
      {5, OpusMode::kSilk, OpusBandwidth::kMedium, 20000},
      {11, OpusMode::kSilk, OpusBandwidth::kWide, 60000},
      {12, OpusMode::kHybrid, OpusBandwidth::kSuperWide, 10000},
      {15, OpusMode::kHybrid, OpusBandwidth::kFull, 20000},
      {16, OpusMode::kCelt, OpusBandwidth::kNarrow, 2500},
      {21, OpusMode::kCelt, OpusBandwidth::kWide, 5000},
      {26, OpusMode::kCelt, OpusBandwidth::kSuperWide, 10000},
      {31, OpusMode::kCelt, OpusBandwidth::kFull, 20000},
  };
  for (const auto& c : cases) {
    const std::vector<uint8_t> pkt{static_cast<uint8_t>(c.config << 3), 0x11, 0x22, 0x33};
    const auto info = OpusPacketInfo::Parse(pkt);
    REQUIRE(info);
    CHECK(info->config == c.config);
    CHECK(info->mode == c.mode);
    CHECK(info->bandwidth == c.bandwidth);
    CHECK(info->frameDurationUs == c.durationUs);
    CHECK_FALSE(info->stereo);
    CHECK(info->frameCount == 1);
    CHECK_FALSE(info->isDtx);
  }
}

TEST_CASE("opus: a typical WebRTC packet (config 15: hybrid fullband 20 ms, mono, code 0)") {
  const auto info = OpusPacketInfo::Parse(Hex("78 0b e4 c1 36 ec c5 80"));
  REQUIRE(info);
  CHECK(info->config == 15);
  CHECK(info->frameCountCode == 0);
  CHECK_FALSE(info->stereo);
  CHECK_FALSE(info->isDtx);
  const auto stereo = OpusPacketInfo::Parse(Hex("fc ff fe"));  // config 31, s=1
  REQUIRE(stereo);
  CHECK(stereo->stereo);
}

TEST_CASE("opus: DTX is a payload of at most 2 octets") {
  const auto toc = OpusPacketInfo::Parse(Hex("78"));
  REQUIRE(toc);
  CHECK(toc->isDtx);
  const auto two = OpusPacketInfo::Parse(Hex("78 00"));
  REQUIRE(two);
  CHECK(two->isDtx);
  const auto three = OpusPacketInfo::Parse(Hex("78 00 00"));
  REQUIRE(three);
  CHECK_FALSE(three->isDtx);
  CHECK_FALSE(OpusPacketInfo::Parse({}));
}

TEST_CASE("opus: frame count codes (RFC 6716 3.2)") {
  SUBCASE("code 1: two equal frames, the body must be even (R3)") {
    const auto even = OpusPacketInfo::Parse(Hex("79 aa bb"));
    REQUIRE(even);
    CHECK(even->frameCount == 2);
    CHECK_FALSE(OpusPacketInfo::Parse(Hex("79 aa bb cc")));
    CHECK(OpusPacketInfo::Parse(Hex("79")));  // Two empty frames (DTX).
  }
  SUBCASE("code 2: the first length must be there and fit (R4)") {
    CHECK(OpusPacketInfo::Parse(Hex("7a 02 aa bb cc"))->frameCount == 2);
    CHECK(OpusPacketInfo::Parse(Hex("7a 00")));
    CHECK_FALSE(OpusPacketInfo::Parse(Hex("7a 03 aa bb")));
    CHECK_FALSE(OpusPacketInfo::Parse(Hex("7a")));
    // Two-octet length: 252 + 4 * second octet. fc 00 = 252.
    std::vector<uint8_t> big = Hex("7a fc 00");
    big.resize(3 + 252, 0x55);
    CHECK(OpusPacketInfo::Parse(big));
    big.pop_back();
    CHECK_FALSE(OpusPacketInfo::Parse(big));
    CHECK_FALSE(OpusPacketInfo::Parse(Hex("7a fd")));  // Second length octet missing.
  }
  SUBCASE("code 3: count octet present, 1 to 120 ms of frames (R5, R6)") {
    // |v|p|M(6)|: 20 ms frames (config 15), M = 6 -> 120 ms.
    const auto six = OpusPacketInfo::Parse(Hex("7b 06 aa"));
    REQUIRE(six);
    CHECK(six->frameCount == 6);
    CHECK_FALSE(OpusPacketInfo::Parse(Hex("7b 07 aa")));  // 140 ms.
    CHECK_FALSE(OpusPacketInfo::Parse(Hex("7b 00 aa")));  // No frames.
    CHECK_FALSE(OpusPacketInfo::Parse(Hex("7b")));        // No count octet.
    // CELT 2.5 ms (config 16): 48 frames = 120 ms, v and p bits ignored here.
    const auto many = OpusPacketInfo::Parse(Hex("83 f0 aa"));
    REQUIRE(many);
    CHECK(many->frameCount == 48);
  }
}

}  // namespace
}  // namespace weir::proto::codecs
