// PLI, SLI, RPSI and FIR: the small payload-specific feedback messages.
#include <doctest/doctest.h>

#include "proto/rtcp/fir.hpp"
#include "proto/rtcp/pli.hpp"
#include "proto/rtcp/rpsi.hpp"
#include "proto/rtcp/sli.hpp"
#include "rtcp_test_util.hpp"

namespace weir::proto::rtcp {
namespace {

using test::Build;
using test::Frame;
using test::Hex;

TEST_CASE("pli: RFC 4585 6.3.1, length 2, no FCI") {
  auto bytes = Hex("81 ce 00 02 00000001 00000002");
  auto pli = Pli::Parse(Frame(bytes));
  REQUIRE(pli);
  CHECK(pli->sender_ssrc() == 1);
  CHECK(pli->media_ssrc() == 2);
  CHECK(Build(PliBuilder{.senderSsrc = 1, .mediaSsrc = 2}) == bytes);
  auto parse = [](const Packet& p) { return Pli::Parse(p).has_value(); };
  CHECK(test::ForEachTruncation(bytes, parse) == 0);
  test::CheckLyingLengths(bytes, parse);
  // Other FMTs and the RTPFB type do not match.
  auto sli = bytes;
  sli[0] = 0x82;
  CHECK_FALSE(Pli::Parse(Frame(sli)));
  auto rtpfb = bytes;
  rtpfb[1] = 205;
  CHECK_FALSE(Pli::Parse(Frame(rtpfb)));
}

TEST_CASE("sli: opaque FCI kept byte for byte") {
  // First=0, Number=0x1fff, PictureID=0x3f: one SLI item.
  auto bytes = Hex("82 ce 00 03 00000001 00000002 0007ffff");
  auto sli = Sli::Parse(Frame(bytes));
  REQUIRE(sli);
  CHECK(sli->media_ssrc() == 2);
  CHECK(std::vector<uint8_t>(sli->fci().begin(), sli->fci().end()) == Hex("0007ffff"));
  CHECK(Build(SliBuilder{.senderSsrc = 1, .mediaSsrc = 2, .fci = sli->fci()}) == bytes);
  CHECK_FALSE(Rpsi::Parse(Frame(bytes)));
  CHECK_FALSE(test::Parses<Sli>(Hex("82 ce 00 02 00000001 00000002")));  // Empty FCI.
  uint8_t odd[3] = {};
  CHECK(SliBuilder{.fci = odd}.Size() == 0);
  CHECK(SliBuilder{}.Size() == 0);
}

TEST_CASE("rpsi: opaque FCI kept byte for byte") {
  // PB=8 (padding bits), PT=96, 8 bits of native RPSI, then 8 padding bits... opaque to us.
  auto bytes = Hex("83 ce 00 04 00000001 00000002 0860abcd 00000000");
  auto rpsi = Rpsi::Parse(Frame(bytes));
  REQUIRE(rpsi);
  CHECK(rpsi->fci().size() == 8);
  CHECK(Build(RpsiBuilder{.senderSsrc = 1, .mediaSsrc = 2, .fci = rpsi->fci()}) == bytes);
  auto parse = [](const Packet& p) { return Rpsi::Parse(p).has_value(); };
  CHECK(test::ForEachTruncation(bytes, parse) == 1);
  test::CheckLyingLengths(bytes, parse);
}

TEST_CASE("fir: RFC 5104 4.3.1 entries; media SSRC written as 0") {
  auto bytes = Hex("84 ce 00 06 00000001 00000000 abcdef01 07000000 12345678 ff000000");
  auto fir = Fir::Parse(Frame(bytes));
  REQUIRE(fir);
  CHECK(fir->sender_ssrc() == 1);
  CHECK(fir->media_ssrc() == 0);
  REQUIRE(fir->entry_count() == 2);
  CHECK(fir->entry(0) == FirEntry{0xabcdef01, 7});
  CHECK(fir->entry(1) == FirEntry{0x12345678, 255});
  CHECK(fir->Find(0x12345678)->seqNr == 255);
  CHECK_FALSE(fir->Find(5));
  FirEntry entries[2] = {fir->entry(0), fir->entry(1)};
  CHECK(Build(FirBuilder{.senderSsrc = 1, .entries = entries}) == bytes);
  CHECK(FirBuilder{.senderSsrc = 1}.Size() == 0);
  auto parse = [](const Packet& p) { return Fir::Parse(p).has_value(); };
  // 5 and 6 words hold one whole entry (the extra half entry is ignored).
  CHECK(test::ForEachTruncation(bytes, parse) == 2);
  test::CheckLyingLengths(bytes, parse);
}

TEST_CASE("fir: reserved bytes are ignored on parse and zeroed on build") {
  auto bytes = Hex("84 ce 00 04 00000001 00000000 abcdef01 07ffffff");
  auto fir = Fir::Parse(Frame(bytes));
  REQUIRE(fir);
  FirEntry e = fir->entry(0);
  CHECK(Build(FirBuilder{.senderSsrc = 1, .entries = {&e, 1}}) ==
        Hex("84 ce 00 04 00000001 00000000 abcdef01 07000000"));
}

}  // namespace
}  // namespace weir::proto::rtcp
