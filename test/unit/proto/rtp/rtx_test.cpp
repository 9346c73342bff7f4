// RTX encapsulation and decapsulation in place (RFC 4588 4).

#include "proto/rtp/rtx.hpp"

#include <doctest/doctest.h>

#include <vector>

#include "rtp_test_bytes.hpp"

namespace weir::proto::rtp {
namespace {

using test::Hex;

// M=1, PT 96, seq 0x0102, ts 0x0a0b0c0d, SSRC 0x11111111, one-byte extension id 1, a 3-byte
// payload and 2 bytes of padding.
const char* const kOriginal =
    "b0 e0 01 02  0a 0b 0c 0d  11 11 11 11  be de 00 01  10 aa 00 00"
    "c1 c2 c3  00 02";
// The same packet as RTX: PT 97, seq 0x7000, SSRC 0x22222222, OSN 0x0102 before the payload.
const char* const kRtx =
    "b0 e1 70 00  0a 0b 0c 0d  22 22 22 22  be de 00 01  10 aa 00 00"
    "01 02  c1 c2 c3  00 02";

TEST_CASE("RTX encapsulation and decapsulation are byte-exact inverses") {
  const auto original = Hex(kOriginal);
  const auto rtx = Hex(kRtx);
  auto bytes = test::WithCapacity(original, 2);
  auto p = RtpPacket::Parse(bytes, original.size());
  REQUIRE(p);

  REQUIRE(RtxEncapsulate(*p, 97, 0x22222222, 0x7000));
  CHECK(bytes == rtx);
  CHECK(p->size() == rtx.size());
  CHECK(p->payload_size() == 5);
  CHECK(p->padding_size() == 2);
  CHECK(RtxOriginalSequenceNumber(*p) == 0x0102);
  // The rewritten packet parses from its bytes as well.
  CHECK(RtpPacket::Parse(bytes, bytes.size()));

  REQUIRE(RtxDecapsulate(*p, 96, 0x11111111));
  CHECK(p->size() == original.size());
  CHECK(std::vector<uint8_t>(bytes.begin(), bytes.begin() + 25) == original);
  CHECK(p->sequence_number() == 0x0102);
  CHECK(p->GetExtension(1));
}

TEST_CASE("RTX decapsulation of a received packet") {
  auto bytes = Hex(kRtx);
  auto p = RtpPacket::Parse(bytes, bytes.size());
  REQUIRE(p);
  REQUIRE(RtxDecapsulate(*p, 96, 0x11111111));
  CHECK(std::vector<uint8_t>(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(
                                                                p->size())) == Hex(kOriginal));
}

TEST_CASE("RTX encapsulation needs two bytes of capacity") {
  auto bytes = test::WithCapacity(Hex(kOriginal), 1);
  const auto before = bytes;
  auto p = RtpPacket::Parse(bytes, bytes.size() - 1);
  REQUIRE(p);
  CHECK_FALSE(RtxEncapsulate(*p, 97, 2, 3));
  CHECK(bytes == before);
  CHECK(p->payload_type() == 96);
}

TEST_CASE("RTX packets with a payload shorter than the OSN are rejected") {
  SUBCASE("one payload byte") {
    auto bytes = Hex("80 61 00 05  00 00 00 01  22 22 22 22  01");
    auto p = RtpPacket::Parse(bytes, bytes.size());
    REQUIRE(p);
    const auto before = bytes;
    CHECK_FALSE(RtxOriginalSequenceNumber(*p));
    CHECK_FALSE(RtxDecapsulate(*p, 96, 1));
    CHECK(bytes == before);
  }
  SUBCASE("padding only (an RTX probe)") {
    auto bytes = Hex("a0 61 00 05  00 00 00 01  22 22 22 22  00 00 00 04");
    auto p = RtpPacket::Parse(bytes, bytes.size());
    REQUIRE(p);
    CHECK_FALSE(RtxDecapsulate(*p, 96, 1));
  }
  SUBCASE("exactly the OSN gives an empty original payload") {
    auto bytes = Hex("80 61 00 05  00 00 00 01  22 22 22 22  ab cd");
    auto p = RtpPacket::Parse(bytes, bytes.size());
    REQUIRE(p);
    REQUIRE(RtxDecapsulate(*p, 96, 1));
    CHECK(p->sequence_number() == 0xabcd);
    CHECK(p->payload_size() == 0);
    CHECK(p->size() == 12);
  }
}

}  // namespace
}  // namespace weir::proto::rtp
