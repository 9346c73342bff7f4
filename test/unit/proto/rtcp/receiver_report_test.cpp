#include "proto/rtcp/receiver_report.hpp"

#include <doctest/doctest.h>

#include "rtcp_test_util.hpp"

namespace weir::proto::rtcp {
namespace {

using test::Build;
using test::Frame;
using test::Hex;

// RR with two report blocks (RFC 3550 6.4.2), cross-checked with tshark.
const char* kRr =
    "82 c9 00 0d"
    "0badf00d"
    "11111111 00 000000 0000ffff 00000010 00000000 00000000"
    "22222222 ff 7fffff 12345678 00000100 aabbccdd 00002000";

TEST_CASE("receiver report: parses both blocks") {
  auto bytes = Hex(kRr);
  auto rr = ReceiverReport::Parse(Frame(bytes));
  REQUIRE(rr);
  CHECK(rr->sender_ssrc() == 0x0badf00d);
  REQUIRE(rr->report_count() == 2);
  ReportBlock a = rr->report_block(0);
  CHECK(a.ssrc == 0x11111111);
  CHECK(a.extendedHighestSeq == 0xffff);
  CHECK(a.jitter == 16);
  ReportBlock b = rr->report_block(1);
  CHECK(b.fractionLost == 255);
  CHECK(b.cumulativeLost == 0x7fffff);
  CHECK(b.lastSr == 0xaabbccdd);
  CHECK(b.delaySinceLastSr == 0x2000);
}

TEST_CASE("receiver report: round trip parse -> build -> identical bytes") {
  auto bytes = Hex(kRr);
  auto rr = ReceiverReport::Parse(Frame(bytes));
  REQUIRE(rr);
  ReportBlock blocks[2] = {rr->report_block(0), rr->report_block(1)};
  CHECK(Build(ReceiverReportBuilder{.senderSsrc = rr->sender_ssrc(), .reportBlocks = blocks}) ==
        bytes);
}

TEST_CASE("receiver report: empty RR (RC=0) is 8 bytes") {
  auto bytes = Build(ReceiverReportBuilder{.senderSsrc = 0x01020304});
  CHECK(bytes == Hex("80 c9 00 01 01020304"));
  auto rr = ReceiverReport::Parse(Frame(bytes));
  REQUIRE(rr);
  CHECK(rr->report_count() == 0);
}

TEST_CASE("receiver report: truncation and lying lengths") {
  auto bytes = Hex(kRr);
  auto parse = [](const Packet& p) { return ReceiverReport::Parse(p).has_value(); };
  CHECK(test::ForEachTruncation(bytes, parse) == 0);
  test::CheckLyingLengths(bytes, parse);
  // Length says 1 block's worth, RC says 2.
  auto shortLen = bytes;
  base::StoreBe16(&shortLen[2], 7);
  auto p = Packet::Parse(shortLen);
  REQUIRE(p);
  CHECK_FALSE(ReceiverReport::Parse(*p));
}

}  // namespace
}  // namespace weir::proto::rtcp
