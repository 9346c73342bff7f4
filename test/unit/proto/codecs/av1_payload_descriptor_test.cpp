#include "proto/codecs/av1_payload_descriptor.hpp"

#include <doctest/doctest.h>

#include "codec_test_util.hpp"

namespace weir::proto::codecs {
namespace {

using test::Concat;
using test::Hex;
using test::Prefix;

// Aggregation header (AV1 RTP spec 4.4): |Z|Y| W |N|-|-|-|
// OBU header (AV1 5.3.1): |F=0|type(4)|X|S|-|, extension |tid(3)|sid(2)|-(3)|
//   sequence header (1) = 08, temporal delimiter (2) = 10, frame header (3) = 18,
//   tile group (4) = 20, metadata (5) = 28, frame (6) = 30; X adds 04, S adds 02.

TEST_CASE("av1: keyframe start: N=1, one element (W=1) holding a sequence header") {
  // |Z=0|Y=0|W=1|N=1| = 18 ; OBU: sequence header without size field, then its payload.
  const auto pkt = Hex("18 | 08 00 00 00 42 a7 bf e4");
  const auto d = Av1PayloadDescriptor::Parse(pkt);
  REQUIRE(d);
  CHECK(d->headerSize == 1);
  CHECK(d->newCodedVideoSequence);
  CHECK(d->isKeyFrame);
  CHECK(d->hasSequenceHeader);
  CHECK(d->beginOfFrame);
  CHECK(d->obuElementCount == 1);
  CHECK(d->obuCountField == 1);
  CHECK(d->firstObuType == 1);
  CHECK_FALSE(d->temporalLayerId);
}

TEST_CASE("av1: spec 4.5 example: W=2, element 1 with a 2-octet length, element 2 implicit") {
  // 303 octets: aggregation header (1) + length of element 1 (2: 200 = c8 01) + element 1 (200)
  // + element 2 (303 - 1 - 202 = 100).
  std::vector<uint8_t> pkt = Hex("20 | c8 01");
  std::vector<uint8_t> e1(200, 0xaa);
  e1[0] = 0x34;  // frame OBU with extension
  e1[1] = 0x48;  // tid 2, sid 1
  std::vector<uint8_t> e2(100, 0xbb);
  e2[0] = 0x24;  // tile group with extension
  e2[1] = 0x48;
  pkt = Concat(Concat(pkt, e1), e2);
  REQUIRE(pkt.size() == 303);
  const auto d = Av1PayloadDescriptor::Parse(pkt);
  REQUIRE(d);
  CHECK(d->obuElementCount == 2);
  CHECK(d->obuCountField == 2);
  CHECK(d->temporalLayerId == 2);
  CHECK(d->spatialLayerId == 1);
  CHECK(d->firstObuType == 6);
  CHECK(d->beginOfFrame);
  CHECK_FALSE(d->isKeyFrame);
  CHECK_FALSE(d->hasSequenceHeader);
  // Cut before element 2 has its 2-octet OBU header and it fails.
  for (size_t n = 0; n <= 1 + 2 + 200 + 1; ++n) {
    CHECK_FALSE(Av1PayloadDescriptor::Parse(Prefix(pkt, n)));
  }
  CHECK(Av1PayloadDescriptor::Parse(Prefix(pkt, 1 + 2 + 200 + 2)));
}

TEST_CASE("av1: W=0, every element has a length") {
  // |Z=0|Y=0|W=0|N=0| = 00, then [length] element:
  //   [01] 10 (temporal delimiter, empty) ; [03] 18 aa bb (frame header) ; [02] 20 cc (tile group)
  const auto pkt = Hex("00 | 01 10 | 03 18 aa bb | 02 20 cc");
  const auto d = Av1PayloadDescriptor::Parse(pkt);
  REQUIRE(d);
  CHECK(d->obuElementCount == 3);
  CHECK(d->firstObuType == 2);
  CHECK(d->beginOfFrame);
  for (size_t n = 0; n < pkt.size(); ++n) {
    const bool boundary = n == 3 || n == 7;
    CHECK(Av1PayloadDescriptor::Parse(Prefix(pkt, n)).has_value() == boundary);
  }
}

TEST_CASE("av1: keyframe from a sequence header first in the packet") {
  SUBCASE("after a temporal delimiter") {
    const auto d = Av1PayloadDescriptor::Parse(Hex("00 | 01 10 | 02 08 00 | 02 30 00"));
    REQUIRE(d);
    CHECK(d->isKeyFrame);
    CHECK_FALSE(d->newCodedVideoSequence);
  }
  SUBCASE("after other OBUs it does not count") {
    const auto d = Av1PayloadDescriptor::Parse(Hex("00 | 02 28 00 | 02 08 00"));
    REQUIRE(d);
    CHECK(d->hasSequenceHeader);
    CHECK_FALSE(d->isKeyFrame);
  }
  SUBCASE("not in a packet continuing an OBU") {
    // |Z=1|Y=0|W=2|N=0| = a0 ; continuation fragment, then a sequence header.
    const auto d = Av1PayloadDescriptor::Parse(Hex("a0 | 02 ff ff | 08 00"));
    REQUIRE(d);
    CHECK(d->continuesObu);
    CHECK(d->hasSequenceHeader);
    CHECK_FALSE(d->isKeyFrame);
    CHECK_FALSE(d->beginOfFrame);
    CHECK(d->firstObuType == 1);
  }
}

TEST_CASE("av1: Z and Y fragments") {
  SUBCASE("a continuation element has no OBU header: its first octet is not checked") {
    // |Z=1|Y=1|W=1|N=0| = d0, the element starts with 0x80 (forbidden bit, were it a header).
    const auto d = Av1PayloadDescriptor::Parse(Hex("d0 | 80 11 22"));
    REQUIRE(d);
    CHECK(d->continuesObu);
    CHECK(d->obuContinuesNext);
    CHECK_FALSE(d->firstObuType);
    CHECK_FALSE(d->beginOfFrame);
  }
  SUBCASE("a last element continuing in the next packet may end inside its header") {
    // |Z=0|Y=1|W=1|N=0| = 50 ; frame OBU with extension flag, extension octet not here yet.
    const auto d = Av1PayloadDescriptor::Parse(Hex("50 | 34"));
    REQUIRE(d);
    CHECK_FALSE(d->temporalLayerId);
    CHECK(d->firstObuType == 6);
    // Without Y the same header is truncated.
    CHECK_FALSE(Av1PayloadDescriptor::Parse(Hex("10 | 34")));
  }
  SUBCASE("... or inside its size field, or before the end its size announces") {
    CHECK(Av1PayloadDescriptor::Parse(Hex("50 | 32 80")));
    CHECK(Av1PayloadDescriptor::Parse(Hex("50 | 32 10 00")));
    CHECK(Av1PayloadDescriptor::Parse(Hex("50 | 32")));
    CHECK_FALSE(Av1PayloadDescriptor::Parse(Hex("10 | 32 80")));
    CHECK_FALSE(Av1PayloadDescriptor::Parse(Hex("10 | 32 10 00")));
    CHECK_FALSE(Av1PayloadDescriptor::Parse(Hex("10 | 32")));
  }
}

TEST_CASE("av1: OBU size field") {
  // frame OBU with has_size_field: 32, obu_size 2, payload 2 octets.
  CHECK(Av1PayloadDescriptor::Parse(Hex("10 | 32 02 aa bb")));
  // Smaller than its element: trailing octets are tolerated.
  CHECK(Av1PayloadDescriptor::Parse(Hex("10 | 32 01 aa bb")));
  // With the extension: 36 | ext | size.
  const auto d = Av1PayloadDescriptor::Parse(Hex("10 | 36 20 01 aa"));
  REQUIRE(d);
  CHECK(d->temporalLayerId == 1);
  CHECK(d->spatialLayerId == 0);
}

TEST_CASE("av1: lying lengths and headers") {
  CHECK_FALSE(Av1PayloadDescriptor::Parse({}));
  CHECK_FALSE(Av1PayloadDescriptor::Parse(Hex("00")));               // No element.
  CHECK_FALSE(Av1PayloadDescriptor::Parse(Hex("10")));               // W=1, no element.
  CHECK_FALSE(Av1PayloadDescriptor::Parse(Hex("00 | 00 | 01 30")));  // Zero length.
  CHECK_FALSE(Av1PayloadDescriptor::Parse(Hex("00 | 05 30 00")));    // Past the end.
  CHECK_FALSE(Av1PayloadDescriptor::Parse(Hex("00 | 80")));          // Truncated leb128.
  CHECK_FALSE(Av1PayloadDescriptor::Parse(Hex("00 | ff ff ff ff ff ff ff ff 01 30")));  // 9 octets.
  CHECK_FALSE(Av1PayloadDescriptor::Parse(Hex("00 | ff ff ff ff 1f 30")));              // >= 2^32.
  CHECK_FALSE(Av1PayloadDescriptor::Parse(Hex("30 | 02 30 00")));  // W=3, only 1 element.
  CHECK_FALSE(Av1PayloadDescriptor::Parse(Hex("20 | 02 30 00")));  // W=2, only 1 element.
  CHECK_FALSE(Av1PayloadDescriptor::Parse(Hex("10 | b0 00")));     // Forbidden bit.
  CHECK_FALSE(Av1PayloadDescriptor::Parse(Hex("10 | 32 05 00")));  // obu_size too large.
  CHECK_FALSE(Av1PayloadDescriptor::Parse(Hex("88 | 08 00")));     // N with Z.
  // Trailing octets after W elements are part of the last element.
  const auto d = Av1PayloadDescriptor::Parse(Hex("20 | 01 10 | 30 00 00 00"));
  REQUIRE(d);
  CHECK(d->obuElementCount == 2);
}

TEST_CASE("av1: begin of frame by first OBU type") {
  struct Case {
    uint8_t obu;
    bool begin;
  };
  const Case cases[] = {{0x08, true}, {0x10, true},  {0x18, true},  {0x20, false}, {0x28, true},
                        {0x30, true}, {0x38, false}, {0x40, false}, {0x78, false}, {0x48, true}};
  for (const auto& c : cases) {
    const std::vector<uint8_t> pkt{0x10, c.obu, 0x00};
    const auto d = Av1PayloadDescriptor::Parse(pkt);
    REQUIRE(d);
    CHECK(d->beginOfFrame == c.begin);
  }
}

TEST_CASE("av1: layer ids from the first extension header") {
  // metadata without extension, then a frame with tid 1 sid 2, then a tile group with tid 0.
  const auto d = Av1PayloadDescriptor::Parse(Hex("00 | 02 28 00 | 03 34 30 00 | 03 24 00 00"));
  REQUIRE(d);
  CHECK(d->temporalLayerId == 1);
  CHECK(d->spatialLayerId == 2);
}

}  // namespace
}  // namespace weir::proto::codecs
