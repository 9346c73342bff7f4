#include "proto/codecs/h265_payload_descriptor.hpp"

#include <doctest/doctest.h>

#include "codec_test_util.hpp"

namespace weir::proto::codecs {
namespace {

using test::Hex;
using test::Prefix;

// NAL unit header (RFC 7798 1.1.4): |F|Type(6)|LayerId(6)|TID(3)|, two octets:
//   octet 0 = F<<7 | Type<<1 | LayerId>>5 ; octet 1 = (LayerId & 0x1f)<<3 | TID
// VPS 40 01, SPS 42 01, PPS 44 01 (layer 0, TID 1 = TemporalId 0);
// IDR_W_RADL (19) 26 01, TRAIL_R (1) 02 01, CRA (21) 2a 01.
// A slice segment starting with bit 1 has first_slice_segment_in_pic_flag = 1.
const char* kVps = "40 01 0c 01 ff ff 01 60 00 00 03 00 00";
const char* kSps = "42 01 01 01 60 00 00 03 00 b0";
const char* kPps = "44 01 c1 73 d1 89";

TEST_CASE("h265: single NAL unit packets (RFC 7798 4.4.1)") {
  SUBCASE("IDR_W_RADL, first slice segment") {
    const auto d = H265PayloadDescriptor::Parse(Hex("26 01 af 06 b8"));
    REQUIRE(d);
    CHECK(d->packetization == H265Packetization::kSingleNalUnit);
    CHECK(d->nalUnitType == 19);
    CHECK(d->hasIrap);
    CHECK(d->isKeyFrame);
    CHECK(d->beginOfFrame);
    CHECK(d->temporalLayerId == 0);
    CHECK(d->spatialLayerId == 0);
    CHECK(d->layerId == 0);
    CHECK(d->headerSize == 0);
  }
  SUBCASE("every IRAP type 16-23 is a keyframe, 15 and 24 are not") {
    for (uint8_t type = 14; type <= 25; ++type) {
      const std::vector<uint8_t> pkt{static_cast<uint8_t>(type << 1), 0x01, 0x80};
      const auto d = H265PayloadDescriptor::Parse(pkt);
      REQUIRE(d);
      CHECK(d->isKeyFrame == (type >= 16 && type <= 23));
    }
  }
  SUBCASE("TRAIL_R in temporal layer 2, not the first segment") {
    const auto d = H265PayloadDescriptor::Parse(Hex("02 03 2f 00"));
    REQUIRE(d);
    CHECK(d->nalUnitType == 1);
    CHECK(d->temporalLayerId == 2);
    CHECK_FALSE(d->isKeyFrame);
    CHECK_FALSE(d->beginOfFrame);
    CHECK_FALSE(d->layerSync);
  }
  SUBCASE("TSA and STSA pictures are switching-up points") {
    for (uint8_t type : {2, 3, 4, 5}) {
      const std::vector<uint8_t> pkt{static_cast<uint8_t>(type << 1), 0x02, 0x80};
      const auto d = H265PayloadDescriptor::Parse(pkt);
      REQUIRE(d);
      CHECK(d->layerSync);
      CHECK(d->temporalLayerId == 1);
    }
  }
  SUBCASE("layer id spans both octets") {
    // LayerId 33 = 0b100001: octet 0 low bit 1, octet 1 = 00001<<3 | TID 1 = 09.
    const auto d = H265PayloadDescriptor::Parse(Hex("03 09 80"));
    REQUIRE(d);
    CHECK(d->layerId == 33);
    CHECK(d->spatialLayerId == 33);
    CHECK(d->nalUnitType == 1);
  }
  SUBCASE("parameter sets, AUD and prefix SEI") {
    const auto vps = H265PayloadDescriptor::Parse(Hex(kVps));
    REQUIRE(vps);
    CHECK(vps->hasVps);
    CHECK(vps->isKeyFrame);
    CHECK(vps->beginOfFrame);
    const auto pps = H265PayloadDescriptor::Parse(Hex(kPps));
    REQUIRE(pps);
    CHECK(pps->hasPps);
    CHECK_FALSE(pps->isKeyFrame);
    CHECK(H265PayloadDescriptor::Parse(Hex("46 01 50"))->beginOfFrame);        // AUD (35)
    CHECK(H265PayloadDescriptor::Parse(Hex("4e 01 05"))->beginOfFrame);        // prefix SEI (39)
    CHECK_FALSE(H265PayloadDescriptor::Parse(Hex("50 01 05"))->beginOfFrame);  // suffix SEI
  }
  SUBCASE("TID 0 is illegal; fewer than 2 octets") {
    CHECK_FALSE(H265PayloadDescriptor::Parse(Hex("26 00 af")));
    CHECK_FALSE(H265PayloadDescriptor::Parse(Hex("26")));
    CHECK_FALSE(H265PayloadDescriptor::Parse({}));
  }
}

// Aggregation packet (RFC 7798 4.4.2, Figure 7 without DONL):
//   payload header (type 48, layer 0, TID 1) = 60 01, then NALU size (16 bits) | NAL unit ...
std::vector<uint8_t> Ap() {
  std::vector<uint8_t> pkt = Hex("60 01 | 00 0d");
  for (auto b : Hex(kVps))
    pkt.push_back(b);
  for (auto b : Hex("00 0a"))
    pkt.push_back(b);
  for (auto b : Hex(kSps))
    pkt.push_back(b);
  for (auto b : Hex("00 06"))
    pkt.push_back(b);
  for (auto b : Hex(kPps))
    pkt.push_back(b);
  return pkt;
}

TEST_CASE("h265: AP with VPS, SPS and PPS") {
  const auto pkt = Ap();
  const auto d = H265PayloadDescriptor::Parse(pkt);
  REQUIRE(d);
  CHECK(d->packetization == H265Packetization::kAggregation);
  CHECK(d->nalUnitCount == 3);
  CHECK(d->nalUnitType == 32);
  CHECK(d->hasVps);
  CHECK(d->hasSps);
  CHECK(d->hasPps);
  CHECK(d->isKeyFrame);
  CHECK(d->beginOfFrame);
  CHECK(d->headerSize == 4);
  for (size_t n = 0; n < pkt.size(); ++n) {
    const bool boundary = n == 2 + 2 + 13 || n == 2 + 2 + 13 + 2 + 10;
    CHECK(H265PayloadDescriptor::Parse(Prefix(pkt, n)).has_value() == boundary);
  }
}

TEST_CASE("h265: AP lying sizes") {
  CHECK_FALSE(H265PayloadDescriptor::Parse(Hex("60 01 00 09 26 01")));        // Past the end.
  CHECK_FALSE(H265PayloadDescriptor::Parse(Hex("60 01 00 00 00 02 26 01")));  // Zero.
  CHECK_FALSE(H265PayloadDescriptor::Parse(Hex("60 01 00 01 26")));        // Shorter than a header.
  CHECK_FALSE(H265PayloadDescriptor::Parse(Hex("60 01 00 02 26 01 00")));  // Stray octet.
  CHECK_FALSE(H265PayloadDescriptor::Parse(Hex("60 01")));                 // No unit.
  CHECK_FALSE(H265PayloadDescriptor::Parse(Hex("60 01 00 02 60 01")));     // Nested AP.
  CHECK_FALSE(H265PayloadDescriptor::Parse(Hex("60 01 00 03 62 01 93")));  // Nested FU.
  const auto one = H265PayloadDescriptor::Parse(Hex("60 01 00 03 26 01 af"));
  REQUIRE(one);
  CHECK(one->hasIrap);
  CHECK(one->beginOfFrame);
}

// Fragmentation unit (RFC 7798 4.4.3, Figure 9 without DONL):
//   payload header (type 49) = 62 01, FU header |S|E|FuType(6)|
TEST_CASE("h265: FU of an IDR picture") {
  const auto start = H265PayloadDescriptor::Parse(Hex("62 01 93 af 06"));  // S=1, FuType 19
  REQUIRE(start);
  CHECK(start->packetization == H265Packetization::kFragmentation);
  CHECK(start->fuStart);
  CHECK(start->nalUnitType == 19);
  CHECK(start->isKeyFrame);
  CHECK(start->beginOfFrame);
  CHECK(start->headerSize == 3);

  const auto middle = H265PayloadDescriptor::Parse(Hex("62 01 13 00"));
  REQUIRE(middle);
  CHECK(middle->isKeyFrame);
  CHECK_FALSE(middle->beginOfFrame);

  const auto end = H265PayloadDescriptor::Parse(Hex("62 01 53 00"));
  REQUIRE(end);
  CHECK(end->fuEnd);

  CHECK_FALSE(H265PayloadDescriptor::Parse(Hex("62 01")));            // No FU header.
  CHECK_FALSE(H265PayloadDescriptor::Parse(Hex("62 01 d3 00")));      // S and E.
  CHECK_FALSE(H265PayloadDescriptor::Parse(Hex("62 01 b1 00")));      // FuType 49.
  CHECK_FALSE(H265PayloadDescriptor::Parse(Hex("62 01 b0 00")));      // FuType 48.
  CHECK_FALSE(H265PayloadDescriptor::Parse(Hex("62 01 b2 00")));      // FuType 50.
  const auto tsa = H265PayloadDescriptor::Parse(Hex("62 02 02 00"));  // Middle of a TSA_N.
  REQUIRE(tsa);
  CHECK(tsa->layerSync);
}

TEST_CASE("h265: PACI and frame marking") {
  const auto paci = H265PayloadDescriptor::Parse(Hex("64 01 00 00"));
  REQUIRE(paci);
  CHECK(paci->packetization == H265Packetization::kUnsupported);
  CHECK(paci->nalUnitType == 50);
  CHECK_FALSE(paci->isKeyFrame);

  // |S=1|E=1|I=1|D=1|B=1|TID=0| = f8, LID 0, TL0PICIDX 09
  const auto d = H265PayloadDescriptor::Parse(Hex("02 01 2f 00"), Hex("f8 00 09"));
  REQUIRE(d);
  CHECK(d->beginOfFrame);
  CHECK(d->endOfFrame);
  CHECK(d->isKeyFrame);
  CHECK(d->discardable);
  CHECK(d->layerSync);
  CHECK(d->tl0PicIdx == 9);
  CHECK(d->temporalLayerId == 0);  // From the NAL header, not from frame marking.
}

}  // namespace
}  // namespace weir::proto::codecs
