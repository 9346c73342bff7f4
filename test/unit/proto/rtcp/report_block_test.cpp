#include "proto/rtcp/report_block.hpp"

#include <doctest/doctest.h>

#include "rtcp_test_util.hpp"

namespace weir::proto::rtcp {
namespace {

using test::Hex;

TEST_CASE("report block: decodes the RFC 3550 6.4.1 layout") {
  auto bytes = Hex("87654321 19 fffffe 00010064 0000002a b12c4000 00018000");
  auto b = ReportBlock::Parse(bytes);
  REQUIRE(b);
  CHECK(b->ssrc == 0x87654321);
  CHECK(b->fractionLost == 25);
  CHECK(b->cumulativeLost == -2);
  CHECK(b->extendedHighestSeq == 0x00010064);
  CHECK(b->jitter == 42);
  CHECK(b->lastSr == 0xb12c4000);
  CHECK(b->delaySinceLastSr == 0x18000);
  uint8_t out[ReportBlock::kSize];
  b->Write(out);
  CHECK(std::vector<uint8_t>(out, out + sizeof out) == bytes);
  CHECK_FALSE(ReportBlock::Parse(base::ByteView(bytes).first(23)));
}

TEST_CASE("report block: cumulative lost is signed 24-bit and clamps when written") {
  struct Case {
    int32_t value;
    const char* wire;
    int32_t readBack;
  };
  const Case cases[] = {
      {0, "000000", 0},
      {1, "000001", 1},
      {-1, "ffffff", -1},
      {0x7fffff, "7fffff", 0x7fffff},
      {-0x800000, "800000", -0x800000},
      {0x800000, "7fffff", 0x7fffff},    // Too large: saturates.
      {INT32_MAX, "7fffff", 0x7fffff},   //
      {-0x800001, "800000", -0x800000},  // Too small: saturates.
      {INT32_MIN, "800000", -0x800000},  //
  };
  for (const Case& c : cases) {
    CAPTURE(c.value);
    ReportBlock b;
    b.cumulativeLost = c.value;
    uint8_t out[ReportBlock::kSize];
    b.Write(out);
    CHECK(std::vector<uint8_t>(out + 5, out + 8) == Hex(c.wire));
    CHECK(ReportBlock::Read(out).cumulativeLost == c.readBack);
  }
}

}  // namespace
}  // namespace weir::proto::rtcp
