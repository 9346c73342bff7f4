#include "proto/rtcp/remb.hpp"

#include <doctest/doctest.h>

#include "rtcp_test_util.hpp"

namespace weir::proto::rtcp {
namespace {

using test::Build;
using test::Frame;
using test::Hex;

// REMB for 1 Mbps (exp 2, mantissa 250000) on two SSRCs; tshark: "max bitrate=1000000".
const char* kRemb = "8f ce 00 06 00000001 00000000 52454d42 02 0bd090 11111111 22222222";

TEST_CASE("remb: parses bitrate and SSRC list") {
  auto bytes = Hex(kRemb);
  auto remb = Remb::Parse(Frame(bytes));
  REQUIRE(remb);
  CHECK(remb->sender_ssrc() == 1);
  CHECK(remb->media_ssrc() == 0);
  CHECK(remb->encoded_bitrate() == RembBitrate{2, 250000});
  CHECK(remb->bitrate_bps() == 1000000);
  REQUIRE(remb->ssrc_count() == 2);
  CHECK(remb->ssrc(0) == 0x11111111);
  CHECK(remb->ssrc(1) == 0x22222222);
}

TEST_CASE("remb: round trip parse -> build -> identical bytes") {
  auto bytes = Hex(kRemb);
  auto remb = Remb::Parse(Frame(bytes));
  REQUIRE(remb);
  uint32_t ssrcs[2] = {remb->ssrc(0), remb->ssrc(1)};
  CHECK(Build(RembBuilder{.senderSsrc = 1, .bitrateBps = remb->bitrate_bps(), .ssrcs = ssrcs}) ==
        bytes);
}

TEST_CASE("remb: exponent/mantissa encoding edge cases") {
  CHECK(RembBitrate::FromBps(0) == RembBitrate{0, 0});
  CHECK(RembBitrate::FromBps(1) == RembBitrate{0, 1});
  CHECK(RembBitrate::FromBps(kRembMaxMantissa) == RembBitrate{0, kRembMaxMantissa});
  CHECK(RembBitrate::FromBps(kRembMaxMantissa + 1) == RembBitrate{1, 131072});
  // Bits shifted out are truncated: the estimate errs low.
  CHECK(RembBitrate::FromBps(1000003) == RembBitrate{2, 250000});
  CHECK(RembBitrate::FromBps(1000003).Bps() == 1000000);
  // The largest 64-bit rate needs exponent 46.
  CHECK(RembBitrate::FromBps(UINT64_MAX) == RembBitrate{46, kRembMaxMantissa});
  CHECK(RembBitrate::FromBps(UINT64_MAX).Bps() == UINT64_MAX - ((uint64_t{1} << 46) - 1));
  // Every encoding decodes to at most the input and within one mantissa step of it.
  for (uint64_t bps = 1; bps < (uint64_t{1} << 62); bps = bps * 3 + 1) {
    RembBitrate br = RembBitrate::FromBps(bps);
    CHECK(br.mantissa <= kRembMaxMantissa);
    CHECK(br.Bps() <= bps);
    CHECK(bps - br.Bps() < (uint64_t{1} << br.exponent));
  }
}

TEST_CASE("remb: decoded rates that overflow 64 bits clamp to UINT64_MAX") {
  CHECK(RembBitrate{46, kRembMaxMantissa}.Bps() == kRembMaxMantissa * (uint64_t{1} << 46));
  CHECK(RembBitrate{47, kRembMaxMantissa}.Bps() == UINT64_MAX);
  CHECK(RembBitrate{63, kRembMaxMantissa}.Bps() == UINT64_MAX);
  CHECK(RembBitrate{63, 1}.Bps() == uint64_t{1} << 63);
  CHECK(RembBitrate{63, 2}.Bps() == UINT64_MAX);
  CHECK(RembBitrate{47, 131071}.Bps() == uint64_t{131071} << 47);
  CHECK(RembBitrate{47, 131072}.Bps() == UINT64_MAX);
  CHECK(RembBitrate{63, 0}.Bps() == 0);
  // On the wire: exponent 63, mantissa all ones.
  auto bytes = Hex("8f ce 00 05 00000001 00000000 52454d42 01 ffffff 11111111");
  auto remb = Remb::Parse(Frame(bytes));
  REQUIRE(remb);
  CHECK(remb->encoded_bitrate() == RembBitrate{63, kRembMaxMantissa});
  CHECK(remb->bitrate_bps() == UINT64_MAX);
}

TEST_CASE("remb: not REMB, SSRC count lying, limits") {
  // Other AFB identifiers are not REMB.
  CHECK_FALSE(test::Parses<Remb>(Hex("8f ce 00 05 00000001 00000000 52454d43 01 000001 11111111")));
  // Num SSRC says 3, two present.
  CHECK_FALSE(
      test::Parses<Remb>(Hex("8f ce 00 06 00000001 00000000 52454d42 03 0bd090 11111111 "
                             "22222222")));
  // Num SSRC 0 is allowed.
  auto none = Build(RembBuilder{.senderSsrc = 9, .bitrateBps = 300000});
  CHECK(none == Hex("8f ce 00 04 00000009 00000000 52454d42 00 0649f0"));
  CHECK(Remb::Parse(Frame(none))->bitrate_bps() == 300000);
  std::vector<uint32_t> many(256);
  CHECK(RembBuilder{.ssrcs = many}.Size() == 0);
  many.resize(255);
  auto full = Build(RembBuilder{.ssrcs = many});
  CHECK(Remb::Parse(Frame(full))->ssrc_count() == 255);
}

TEST_CASE("remb: truncation and lying lengths") {
  auto bytes = Hex(kRemb);
  auto parse = [](const Packet& p) { return Remb::Parse(p).has_value(); };
  CHECK(test::ForEachTruncation(bytes, parse) == 0);
  test::CheckLyingLengths(bytes, parse);
}

}  // namespace
}  // namespace weir::proto::rtcp
