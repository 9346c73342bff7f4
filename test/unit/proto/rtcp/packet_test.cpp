#include "proto/rtcp/packet.hpp"

#include <doctest/doctest.h>

#include "proto/rtcp/common_header.hpp"
#include "rtcp_test_util.hpp"

namespace weir::proto::rtcp {
namespace {

using test::Hex;

TEST_CASE("rtcp common header: fields decode per RFC 3550 6.4.1") {
  auto bytes = Hex("a5 cd 00 02");  // V=2 P=1 count=5 PT=205 length=2
  auto h = CommonHeader::Parse(bytes);
  REQUIRE(h);
  CHECK(h->version == 2);
  CHECK(h->padding);
  CHECK(h->count == 5);
  CHECK(h->packetType == PacketType::kRtpfb);
  CHECK(h->length == 2);
  CHECK(h->PacketSize() == 12);
  CHECK_FALSE(CommonHeader::Parse(base::ByteView(bytes).first(3)));
}

TEST_CASE("rtcp common header: Write round-trips") {
  uint8_t out[4];
  CommonHeader::Write(out, 31, PacketType::kXr, 16, true);
  CHECK(std::vector<uint8_t>(out, out + 4) == Hex("bf cf 00 03"));
  auto h = CommonHeader::Parse(out);
  REQUIRE(h);
  CHECK(h->count == 31);
  CHECK(h->PacketSize() == 16);
}

TEST_CASE("rtcp packet: framing takes exactly length+1 words") {
  auto bytes = Hex("81 ce 00 02 00000001 00000002  80 c9 00 01 00000003");
  auto p = Packet::Parse(bytes);
  REQUIRE(p);
  CHECK(p->bytes.size() == 12);
  CHECK(p->body.size() == 8);
  CHECK(p->type() == PacketType::kPsfb);
  CHECK(p->count() == 1);
}

TEST_CASE("rtcp packet: version other than 2 is refused") {
  for (uint8_t v : {0, 1, 3}) {
    auto bytes = Hex("81 c9 00 01 00000003");
    bytes[0] = static_cast<uint8_t>((v << 6) | 0x01);
    CHECK_FALSE(Packet::Parse(bytes));
  }
}

TEST_CASE("rtcp packet: padding is removed from the body") {
  // RR with no blocks, 4 bytes of padding (P=1, last octet = 4).
  auto bytes = Hex("a0 c9 00 02 00000003 00000004");
  auto p = Packet::Parse(bytes);
  REQUIRE(p);
  CHECK(p->header.padding);
  CHECK(p->bytes.size() == 12);
  CHECK(p->body.size() == 4);
}

TEST_CASE("rtcp packet: padding count of zero or larger than the body is refused") {
  auto zero = Hex("a0 c9 00 02 00000003 00000000");
  CHECK_FALSE(Packet::Parse(zero));
  // Body is 8 bytes: 8 is the most padding it can hold, 9 eats into the header.
  auto all = Hex("a0 c9 00 02 00000003 00000008");
  auto p = Packet::Parse(all);
  REQUIRE(p);
  CHECK(p->body.empty());
  auto tooMuch = Hex("a0 c9 00 02 00000003 00000009");
  CHECK_FALSE(Packet::Parse(tooMuch));
  auto huge = Hex("a0 c9 00 02 00000003 000000ff");
  CHECK_FALSE(Packet::Parse(huge));
  // A header-only packet with P set: its "last octet" is the length's low byte (0), refused.
  auto headerOnly = Hex("a0 c9 00 00");
  CHECK_FALSE(Packet::Parse(headerOnly));
}

}  // namespace
}  // namespace weir::proto::rtcp
