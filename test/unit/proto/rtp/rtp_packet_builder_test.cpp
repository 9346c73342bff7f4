// RtpPacketBuilder: byte-exact output and parse -> build -> identical bytes round trips.

#include "proto/rtp/rtp_packet_builder.hpp"

#include <doctest/doctest.h>

#include <vector>

#include "rtp_test_bytes.hpp"

namespace weir::proto::rtp {
namespace {

using test::Hex;

std::vector<uint8_t> Serialized(const RtpPacketBuilder& b) {
  std::vector<uint8_t> out(2000, 0xEE);
  size_t n = b.Serialize(out);
  out.resize(n);
  return out;
}

// Parse `bytes`, describe the packet with From(), serialize again: must give the same bytes.
void CheckRoundTrip(const std::vector<uint8_t>& bytes) {
  auto copy = bytes;
  auto p = RtpPacket::Parse(copy, copy.size());
  REQUIRE(p);
  auto again = Serialized(RtpPacketBuilder::From(*p));
  CHECK(again == bytes);
}

TEST_CASE("RtpPacketBuilder writes a packet byte for byte") {
  auto payload = Hex("de ad");
  auto e1 = Hex("aa");
  auto e3 = Hex("01 02 03");
  RtpPacketBuilder b;
  b.SetMarker(true)
      .SetPayloadType(96)
      .SetSequenceNumber(0x1234)
      .SetTimestamp(0x11223344)
      .SetSsrc(0x55667788)
      .AddCsrc(0x01020304)
      .AddExtension(1, e1)
      .AddExtension(3, e3)
      .SetPayload(payload)
      .SetPadding(4);
  REQUIRE(b.valid());
  const auto expected =
      Hex("b1 e0 12 34  11 22 33 44  55 66 77 88  01 02 03 04"
          "be de 00 02  10 aa 32 01  02 03 00 00"
          "de ad  00 00 00 04");
  CHECK(b.SerializedSize() == expected.size());
  CHECK(Serialized(b) == expected);
  CheckRoundTrip(expected);

  SUBCASE("two-byte form on request") {
    b.UseTwoByteExtensions(true);
    auto bytes = Serialized(b);
    CHECK(std::vector<uint8_t>(bytes.begin() + 16, bytes.begin() + 28) ==
          Hex("10 00 00 02  01 01 aa 03  03 01 02 03"));
    CheckRoundTrip(bytes);
  }
  SUBCASE("an output buffer one byte short gets nothing") {
    std::vector<uint8_t> out(expected.size() - 1);
    CHECK(b.Serialize(out) == 0);
  }
}

TEST_CASE("RtpPacketBuilder minimal packet") {
  RtpPacketBuilder b;
  CHECK(Serialized(b) == Hex("80 00 00 00  00 00 00 00  00 00 00 00"));
}

TEST_CASE("RtpPacketBuilder picks the two-byte form when an element needs it") {
  // The builder keeps views: every value must outlive Serialize().
  std::vector<uint8_t> big(20, 7);
  const auto one = Hex("01");
  RtpPacketBuilder b;
  b.AddExtension(1, one).AddExtension(2, big);
  auto bytes = Serialized(b);
  REQUIRE(bytes.size() == 12 + 4 + 3 + 22 + 3);
  CHECK(bytes[12] == 0x10);
  CHECK(bytes[13] == 0x00);
  CheckRoundTrip(bytes);

  RtpPacketBuilder c;
  c.AddExtension(15, one);
  CHECK(Serialized(c)[12] == 0x10);
  RtpPacketBuilder d;
  d.AddExtension(3, {});
  auto empty = Serialized(d);
  CHECK(empty == Hex("90 00 00 00  00 00 00 00  00 00 00 00  10 00 00 01  03 00 00 00"));
  CheckRoundTrip(empty);
}

TEST_CASE("RtpPacketBuilder writes a foreign-profile block verbatim") {
  auto block = Hex("01 02 03 04  05 06 07 08");
  auto payload = Hex("99");
  RtpPacketBuilder b;
  b.SetRawExtensionBlock(0xABCD, block).SetPayload(payload);
  auto bytes = Serialized(b);
  CHECK(bytes == Hex("90 00 00 00  00 00 00 00  00 00 00 00  ab cd 00 02"
                     "01 02 03 04  05 06 07 08  99"));
  CheckRoundTrip(bytes);
}

TEST_CASE("RtpPacketBuilder rejects what it cannot write") {
  SUBCASE("16 CSRCs") {
    RtpPacketBuilder b;
    for (uint32_t i = 0; i < 16; ++i)
      b.AddCsrc(i);
    CHECK_FALSE(b.valid());
    CHECK(Serialized(b).empty());
  }
  SUBCASE("15 CSRCs are fine") {
    RtpPacketBuilder b;
    for (uint32_t i = 0; i < 15; ++i)
      b.AddCsrc(i);
    auto bytes = Serialized(b);
    CHECK(bytes.size() == 72);
    CHECK(bytes[0] == 0x8f);
    CheckRoundTrip(bytes);
  }
  SUBCASE("extension id 0") {
    RtpPacketBuilder b;
    b.AddExtension(0, Hex("01"));
    CHECK(Serialized(b).empty());
  }
  SUBCASE("repeated extension id") {
    RtpPacketBuilder b;
    b.AddExtension(1, Hex("01")).AddExtension(1, Hex("02"));
    CHECK(Serialized(b).empty());
  }
  SUBCASE("value over 255 bytes") {
    std::vector<uint8_t> v(256);
    RtpPacketBuilder b;
    b.AddExtension(1, v);
    CHECK(Serialized(b).empty());
  }
  SUBCASE("payload type over 127") {
    RtpPacketBuilder b;
    b.SetPayloadType(128);
    CHECK(Serialized(b).empty());
  }
  SUBCASE("raw block not a whole number of words") {
    RtpPacketBuilder b;
    b.SetRawExtensionBlock(1, Hex("01 02 03"));
    CHECK(Serialized(b).empty());
  }
  SUBCASE("more than 65535 bytes") {
    std::vector<uint8_t> payload(65535 - 12 + 1);
    RtpPacketBuilder b;
    b.SetPayload(payload);
    std::vector<uint8_t> out(70000);
    CHECK(b.Serialize(out) == 0);
    b.SetPayload(base::ByteView(payload).first(payload.size() - 1));
    CHECK(b.Serialize(out) == 65535);
  }
}

TEST_CASE("RtpPacketBuilder::Build parses what it wrote with the spare capacity") {
  std::vector<uint8_t> buffer(1500);
  auto payload = Hex("01 02 03");
  RtpPacketBuilder b;
  b.SetSsrc(42).SetPayload(payload);
  auto p = b.Build(buffer);
  REQUIRE(p);
  CHECK(p->ssrc() == 42);
  CHECK(p->capacity() == 1500);
  auto value = Hex("11");
  CHECK(p->SetExtension(1, value));
}

TEST_CASE("RtpPacketBuilder round trips of the RFC 8285 layouts once canonical") {
  // RFC 8285's examples contain padding between elements, which the builder does not write:
  // From() keeps the elements, so a rebuild parses to the same values.
  auto rfc =
      Hex("90 6f 00 01  00 00 00 02  00 00 00 03  be de 00 03  10 aa 21 bb  bb 00 00 33"
          "cc cc cc cc  55 66");
  auto p = RtpPacket::Parse(rfc, rfc.size());
  REQUIRE(p);
  auto rebuilt = Serialized(RtpPacketBuilder::From(*p));
  CHECK(rebuilt == Hex("90 6f 00 01  00 00 00 02  00 00 00 03  be de 00 03"
                       "10 aa 21 bb  bb 33 cc cc  cc cc 00 00  55 66"));
  CheckRoundTrip(rebuilt);
}

}  // namespace
}  // namespace weir::proto::rtp
