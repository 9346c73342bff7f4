#include "proto/rtcp/sender_report.hpp"

#include <doctest/doctest.h>

#include "base/time.hpp"
#include "rtcp_test_util.hpp"

namespace weir::proto::rtcp {
namespace {

using test::Build;
using test::Frame;
using test::Hex;

// SR with one report block, laid out per RFC 3550 6.4.1 (decoded identically by tshark).
const char* kSr =
    "81 c8 00 0c"
    "12345678"            // SSRC of sender
    "e49a1b2c 40000000"   // NTP timestamp (2021-07-15 02:25:48.25 UTC)
    "0001e240"            // RTP timestamp 123456
    "000003e8"            // packet count 1000
    "000f4240"            // octet count 1000000
    "87654321 19 fffffe"  // SSRC_1, fraction lost 25/256, cumulative lost -2
    "00010064 0000002a"   // extended highest seq (1 cycle, seq 100), jitter 42
    "b12c4000 00018000";  // LSR, DLSR 1.5 s

TEST_CASE("sender report: parses every field") {
  auto bytes = Hex(kSr);
  auto sr = SenderReport::Parse(Frame(bytes));
  REQUIRE(sr);
  CHECK(sr->sender_ssrc() == 0x12345678);
  SenderInfo info = sr->sender_info();
  CHECK(info.ntpTimestamp == 0xe49a1b2c40000000ULL);
  CHECK(base::ToMillis(base::FromNtp(info.ntpTimestamp)) == 1626315948250);
  CHECK(info.rtpTimestamp == 123456);
  CHECK(info.packetCount == 1000);
  CHECK(info.octetCount == 1000000);
  REQUIRE(sr->report_count() == 1);
  ReportBlock b = sr->report_block(0);
  CHECK(b.ssrc == 0x87654321);
  CHECK(b.cumulativeLost == -2);
  CHECK(sr->extension().empty());
}

TEST_CASE("sender report: round trip parse -> build -> identical bytes") {
  auto bytes = Hex(kSr);
  auto sr = SenderReport::Parse(Frame(bytes));
  REQUIRE(sr);
  ReportBlock blocks[1] = {sr->report_block(0)};
  SenderReportBuilder builder{
      .senderSsrc = sr->sender_ssrc(), .senderInfo = sr->sender_info(), .reportBlocks = blocks};
  CHECK(Build(builder) == bytes);
}

TEST_CASE("sender report: without report blocks (what an SFU sends per stream)") {
  SenderReportBuilder builder{.senderSsrc = 1, .senderInfo = {.ntpTimestamp = 2}};
  auto bytes = Build(builder);
  CHECK(bytes == Hex("80 c8 00 06 00000001 00000000 00000002 00000000 00000000 00000000"));
  auto sr = SenderReport::Parse(Frame(bytes));
  REQUIRE(sr);
  CHECK(sr->report_count() == 0);
}

TEST_CASE("sender report: 31 blocks is the most; 32 cannot be encoded") {
  std::vector<ReportBlock> blocks(31);
  for (size_t i = 0; i < blocks.size(); ++i)
    blocks[i].ssrc = static_cast<uint32_t>(i);
  SenderReportBuilder builder{.senderSsrc = 9, .reportBlocks = blocks};
  auto bytes = Build(builder);
  auto sr = SenderReport::Parse(Frame(bytes));
  REQUIRE(sr);
  REQUIRE(sr->report_count() == 31);
  CHECK(sr->report_block(30).ssrc == 30);
  blocks.emplace_back();
  builder.reportBlocks = blocks;
  CHECK(builder.Size() == 0);
  std::vector<uint8_t> out(2000);
  CHECK(builder.Serialize(base::MutableByteView(out)) == 0);
}

TEST_CASE("sender report: profile-specific extension bytes are exposed") {
  auto bytes = Hex(kSr);
  bytes.insert(bytes.end(), {0xaa, 0xbb, 0xcc, 0xdd});
  base::StoreBe16(&bytes[2], 13);
  auto sr = SenderReport::Parse(Frame(bytes));
  REQUIRE(sr);
  CHECK(std::vector<uint8_t>(sr->extension().begin(), sr->extension().end()) == Hex("aabbccdd"));
}

TEST_CASE("sender report: truncation, lying lengths and counts") {
  auto bytes = Hex(kSr);
  auto parse = [](const Packet& p) { return SenderReport::Parse(p).has_value(); };
  // Shortened to 7 words the SR still has SSRC + sender info, but RC=1 needs the block.
  CHECK(test::ForEachTruncation(bytes, parse) == 0);
  test::CheckLyingLengths(bytes, parse);
  // RC claims 2 blocks, only one present.
  auto moreBlocks = bytes;
  moreBlocks[0] = 0x82;
  CHECK_FALSE(SenderReport::Parse(Frame(moreBlocks)));
  // Not an SR.
  auto rr = bytes;
  rr[1] = 201;
  CHECK_FALSE(SenderReport::Parse(Frame(rr)));
}

TEST_CASE("sender report: padding larger than the packet is refused, a valid one stripped") {
  auto bytes = Hex(kSr);
  bytes.insert(bytes.end(), {0, 0, 0, 4});
  bytes[0] |= 0x20;
  base::StoreBe16(&bytes[2], 13);
  auto sr = SenderReport::Parse(Frame(bytes));
  REQUIRE(sr);
  CHECK(sr->extension().empty());
  bytes.back() = 60;  // More than the 52-byte body.
  CHECK_FALSE(Packet::Parse(bytes));
}

}  // namespace
}  // namespace weir::proto::rtcp
