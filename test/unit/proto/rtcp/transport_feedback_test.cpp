#include "proto/rtcp/transport_feedback.hpp"

#include <doctest/doctest.h>

#include <vector>

#include "rtcp_test_util.hpp"

namespace weir::proto::rtcp {
namespace {

using test::Frame;
using test::Hex;

constexpr TccSymbol N = TccSymbol::kNotReceived;
constexpr TccSymbol S = TccSymbol::kSmallDelta;
constexpr TccSymbol L = TccSymbol::kLargeDelta;

// A feedback for 24 packets from base seq 65534 (wrapping to 0), using all three chunk kinds,
// a negative large delta, and RTCP padding. Hand-made from the draft's 3.1 layout; tshark
// decodes it to the same statuses and deltas.
const char* kTcc =
    "af cd 00 0b"                          // V=2 P=1 FMT=15 PT=205, 12 words
    "00000001 0000000a"                    // sender, media SSRC
    "fffe 0018"                            // base seq 65534, 24 statuses
    "123456 2a"                            // reference time 0x123456 * 64 ms, fb pkt count 42
    "d490"                                 // 2-bit vector: S S N L S N N       (seqs 65534..4)
    "affe"                                 // 1-bit vector: S N S S S S S S S S S S S N  (5..18)
    "2003"                                 // run length: 3 x S                 (19..21)
    "04 08 fffc 10"                        // deltas: 1 ms, 2 ms, -1 ms, 4 ms
    "01 01 01 01 01 01 01 01 01 01 01 01"  // 12 x 0.25 ms
    "00 ff 02"                             // 0, 63.75 ms, 0.5 ms
    "00 02";                               // padding

std::vector<TccPacketStatus> All(const TransportFeedback& fb) {
  std::vector<TccPacketStatus> out;
  fb.ForEachStatus([&](const TccPacketStatus& s) { out.push_back(s); });
  return out;
}

TEST_CASE("tcc feedback: header fields") {
  auto bytes = Hex(kTcc);
  auto fb = TransportFeedback::Parse(Frame(bytes));
  REQUIRE(fb);
  CHECK(fb->sender_ssrc() == 1);
  CHECK(fb->media_ssrc() == 10);
  CHECK(fb->base_seq() == 65534);
  CHECK(fb->status_count() == 24);
  CHECK(fb->reference_time() == 0x123456);
  CHECK(fb->reference_time_us() == int64_t{0x123456} * 64000);
  CHECK(fb->fb_pkt_count() == 42);
  CHECK(fb->received_count() == 19);
  CHECK(fb->chunk_bytes().size() == 6);
  CHECK(fb->delta_bytes().size() == 20);
}

TEST_CASE("tcc feedback: per-packet status, deltas and arrival times") {
  auto bytes = Hex(kTcc);
  auto fb = TransportFeedback::Parse(Frame(bytes));
  REQUIRE(fb);
  auto all = All(*fb);
  REQUIRE(all.size() == 24);
  const TccSymbol expected[24] = {S, S, N, L, S, N, N, S, N, S, S, S,
                                  S, S, S, S, S, S, S, S, N, S, S, S};
  for (size_t i = 0; i < 24; ++i) {
    CAPTURE(i);
    CHECK(all[i].seq == static_cast<uint16_t>(65534 + i));
    CHECK(all[i].symbol == expected[i]);
  }
  int64_t ref = int64_t{0x123456} * 64000;
  CHECK(all[0].deltaTicks == 4);
  CHECK(all[0].arrivalUs == ref + 1000);
  CHECK(all[1].arrivalUs == ref + 3000);
  CHECK_FALSE(all[2].received());
  CHECK(all[3].seq == 1);
  CHECK(all[3].deltaTicks == -4);  // Negative large delta: arrived before seq 65535.
  CHECK(all[3].arrivalUs == ref + 2000);
  CHECK(all[4].arrivalUs == ref + 6000);
  CHECK(all[7].arrivalUs == ref + 6250);
  CHECK(all[21].deltaTicks == 0);
  CHECK(all[22].deltaTicks == 255);
  CHECK(all[23].arrivalUs == ref + 6000 + 12 * 250 + 255 * 250 + 500);
}

TEST_CASE("tcc feedback: status count shorter than the last vector ignores its tail") {
  // 3 statuses from one 1-bit vector of 14 (the 11 after them are padding symbols).
  auto bytes = Hex("8f cd 00 05 00000001 00000002 0100 0003 000001 00 b000 0a0b");
  auto fb = TransportFeedback::Parse(Frame(bytes));
  REQUIRE(fb);
  auto all = All(*fb);
  REQUIRE(all.size() == 3);
  CHECK(all[0].seq == 256);
  CHECK(all[1].deltaTicks == 11);
  CHECK_FALSE(all[2].received());
}

TEST_CASE("tcc feedback: run length longer than the count; empty run-length chunks") {
  auto longRun = Hex("8f cd 00 05 00000001 00000002 0000 0002 000000 00 2010 0102");
  auto fb = TransportFeedback::Parse(Frame(longRun));
  REQUIRE(fb);
  CHECK(All(*fb).size() == 2);
  auto zeroRuns = Hex("8f cd 00 06 00000001 00000002 0000 0001 000000 00 0000 0000 2001 0500");
  auto fb2 = TransportFeedback::Parse(Frame(zeroRuns));
  REQUIRE(fb2);
  auto all = All(*fb2);
  REQUIRE(all.size() == 1);
  CHECK(all[0].deltaTicks == 5);
}

TEST_CASE("tcc feedback: malformed content is refused") {
  // Zero status count.
  CHECK_FALSE(
      test::Parses<TransportFeedback>(Hex("8f cd 00 04 00000001 00000002 0000 0000 "
                                          "00000000")));
  // Chunks do not cover the count (3 statuses, one run of 2 and no more chunks).
  CHECK_FALSE(
      test::Parses<TransportFeedback>(Hex("8f cd 00 05 00000001 00000002 0000 0003 "
                                          "00000000 0002 0000")));
  // A delta missing: 2 small deltas announced, one byte left once the padding is removed.
  auto missingDelta = Hex("af cd 00 05 00000001 00000002 0000 0002 00000000 2002 01 01");
  auto p = Packet::Parse(missingDelta);
  REQUIRE(p);
  CHECK_FALSE(TransportFeedback::Parse(*p));
  // Large delta cut in half.
  CHECK_FALSE(
      test::Parses<TransportFeedback>(Hex("8f cd 00 05 00000001 00000002 0000 0002 "
                                          "00000000 4002 0001")));
  // The reserved symbol in a run (draft example 2) and in a 2-bit vector.
  CHECK_FALSE(
      test::Parses<TransportFeedback>(Hex("8f cd 00 05 00000001 00000002 0000 0018 "
                                          "00000000 6018 0000")));
  CHECK_FALSE(
      test::Parses<TransportFeedback>(Hex("8f cd 00 05 00000001 00000002 0000 0002 "
                                          "00000000 cd50 0000")));
  // ... but past the status count the reserved symbol is only padding.
  CHECK(
      test::Parses<TransportFeedback>(Hex("8f cd 00 05 00000001 00000002 0000 0001 "
                                          "00000000 cd50 0000")));
  // Wrong FMT / type.
  auto bytes = Hex(kTcc);
  bytes[0] = 0xa1;
  CHECK_FALSE(TransportFeedback::Parse(Frame(bytes)));
}

TEST_CASE("tcc feedback: truncation at every offset and lying lengths") {
  auto bytes = Hex(kTcc);
  auto parse = [](const Packet& p) {
    auto fb = TransportFeedback::Parse(p);
    if (fb) All(*fb);  // Walk it: must stay inside the packet.
    return fb.has_value();
  };
  CHECK(test::ForEachTruncation(bytes, parse) == 0);
  test::CheckLyingLengths(bytes, parse);
}

}  // namespace
}  // namespace weir::proto::rtcp
