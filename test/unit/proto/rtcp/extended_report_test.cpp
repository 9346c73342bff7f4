#include "proto/rtcp/extended_report.hpp"

#include <doctest/doctest.h>

#include <vector>

#include "rtcp_test_util.hpp"

namespace weir::proto::rtcp {
namespace {

using test::Build;
using test::Frame;
using test::Hex;

// RRTR + DLRR with one sub-block (RFC 3611 4.4, 4.5); tshark decodes both blocks.
const char* kXr =
    "80 cf 00 08 12345678"
    "04 00 0002 e49a1b2c 40000000"
    "05 00 0003 87654321 1b2c4000 00018000";

std::vector<DlrrSubBlock> Dlrr(const ExtendedReport& xr) {
  std::vector<DlrrSubBlock> out;
  auto reader = xr.dlrr_sub_blocks();
  while (auto sub = reader.Next())
    out.push_back(*sub);
  return out;
}

TEST_CASE("xr: RRTR and DLRR blocks") {
  auto bytes = Hex(kXr);
  auto xr = ExtendedReport::Parse(Frame(bytes));
  REQUIRE(xr);
  CHECK(xr->sender_ssrc() == 0x12345678);
  CHECK(xr->rrtr_ntp() == 0xe49a1b2c40000000ULL);
  CHECK(Dlrr(*xr) == std::vector<DlrrSubBlock>{{0x87654321, 0x1b2c4000, 0x18000}});
  auto blocks = xr->blocks();
  auto first = blocks.Next();
  REQUIRE(first);
  CHECK(first->blockType == 4);
  CHECK(first->body.size() == 8);
  CHECK(blocks.Next()->blockType == 5);
  CHECK_FALSE(blocks.Next());
}

TEST_CASE("xr: round trip parse -> build -> identical bytes") {
  auto bytes = Hex(kXr);
  auto xr = ExtendedReport::Parse(Frame(bytes));
  REQUIRE(xr);
  auto dlrr = Dlrr(*xr);
  CHECK(Build(ExtendedReportBuilder{
            .senderSsrc = xr->sender_ssrc(), .rrtrNtp = xr->rrtr_ntp(), .dlrr = dlrr}) == bytes);
}

TEST_CASE("xr: RRTR alone, DLRR alone with several sub-blocks, neither") {
  auto rrtr = Build(ExtendedReportBuilder{.senderSsrc = 1, .rrtrNtp = 0x0102030405060708ULL});
  CHECK(rrtr == Hex("80 cf 00 04 00000001 04 00 0002 01020304 05060708"));
  auto xr = ExtendedReport::Parse(Frame(rrtr));
  REQUIRE(xr);
  CHECK(Dlrr(*xr).empty());

  DlrrSubBlock subs[3] = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}};
  auto dlrr = Build(ExtendedReportBuilder{.senderSsrc = 2, .dlrr = subs});
  CHECK(dlrr.size() == 8 + 4 + 36);
  CHECK(base::LoadBe16(&dlrr[10]) == 9);  // Block length 3 * 3.
  auto xr2 = ExtendedReport::Parse(Frame(dlrr));
  REQUIRE(xr2);
  CHECK_FALSE(xr2->rrtr_ntp());
  CHECK(Dlrr(*xr2) == std::vector<DlrrSubBlock>(subs, subs + 3));

  CHECK(ExtendedReportBuilder{.senderSsrc = 3}.Size() == 0);
}

TEST_CASE("xr: unknown blocks are skipped, malformed known ones too") {
  auto bytes =
      Hex("80 cf 00 0d 12345678"
          "07 00 0002 aaaaaaaa bbbbbbbb"  // VoIP metrics-ish, unknown here
          "04 00 0001 cccccccc"           // RRTR with a wrong length: skipped
          "05 00 0002 dddddddd eeeeeeee"  // DLRR not a multiple of 3: skipped
          "04 ff 0002 00000001 00000002"  // RRTR: taken
          "05 00 0000");                  // Empty DLRR
  auto xr = ExtendedReport::Parse(Frame(bytes));
  REQUIRE(xr);
  CHECK(xr->rrtr_ntp() == 0x0000000100000002ULL);
  CHECK(Dlrr(*xr).empty());
  size_t count = 0;
  auto blocks = xr->blocks();
  while (blocks.Next())
    ++count;
  CHECK(count == 5);
}

TEST_CASE("xr: DLRR sub-blocks from several DLRR blocks come out in order") {
  auto bytes =
      Hex("80 cf 00 09 12345678"
          "05 00 0003 00000001 00000002 00000003"
          "05 00 0003 00000004 00000005 00000006");
  auto xr = ExtendedReport::Parse(Frame(bytes));
  REQUIRE(xr);
  CHECK(Dlrr(*xr) == std::vector<DlrrSubBlock>{{1, 2, 3}, {4, 5, 6}});
}

TEST_CASE("xr: a block length past the packet is refused") {
  CHECK_FALSE(test::Parses<ExtendedReport>(Hex("80 cf 00 03 12345678 04 00 0002 00000001")));
  // A dangling partial block header.
  auto bytes = Hex("a0 cf 00 02 12345678 04 00 00 02");
  auto p = Packet::Parse(bytes);
  REQUIRE(p);
  CHECK(p->body.size() == 6);
  CHECK_FALSE(ExtendedReport::Parse(*p));
  // No blocks at all is a valid XR.
  CHECK(test::Parses<ExtendedReport>(Hex("80 cf 00 01 12345678")));
}

TEST_CASE("xr: truncation and lying lengths") {
  auto bytes = Hex(kXr);
  auto parse = [](const Packet& p) { return ExtendedReport::Parse(p).has_value(); };
  // Cut at a block boundary the XR is still valid: after the SSRC (2 words), after the RRTR
  // (5 words).
  CHECK(test::ForEachTruncation(bytes, parse) == 2);
  test::CheckLyingLengths(bytes, parse);
}

}  // namespace
}  // namespace weir::proto::rtcp
