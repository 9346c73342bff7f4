#include "proto/codecs/h264_payload_descriptor.hpp"

#include <doctest/doctest.h>

#include "codec_test_util.hpp"

namespace weir::proto::codecs {
namespace {

using test::Hex;
using test::Prefix;

// NAL units used below (RFC 6184 1.3 header |F|NRI|Type|):
//   SPS 67 ... (NRI=3, type 7), PPS 68 ... (type 8), IDR slice 65 88 ... (type 5; 0x88 starts
//   with bit 1: first_mb_in_slice = 0), non-IDR slice 41 9a ... (type 1, first_mb 0) and
//   41 4a ... (type 1, first bit 0: first_mb_in_slice > 0, a later slice of the picture).
const char* kSps = "67 42 c0 1f 8c 8d 40 50 1e d0 0f 08 84 6a";
const char* kPps = "68 ce 3c 80";

TEST_CASE("h264: single NAL unit packets (RFC 6184 5.6)") {
  SUBCASE("IDR slice, first of its picture") {
    const auto d = H264PayloadDescriptor::Parse(Hex("65 88 84 00 33 ff"));
    REQUIRE(d);
    CHECK(d->packetization == H264Packetization::kSingleNalUnit);
    CHECK(d->nalUnitType == 5);
    CHECK(d->nri == 3);
    CHECK(d->nalUnitCount == 1);
    CHECK(d->hasIdr);
    CHECK(d->isKeyFrame);
    CHECK(d->beginOfFrame);
    CHECK_FALSE(d->endOfFrame);
    CHECK(d->headerSize == 0);
    CHECK_FALSE(d->temporalLayerId);
  }
  SUBCASE("non-IDR slice starting a picture") {
    const auto d = H264PayloadDescriptor::Parse(Hex("41 9a 21 6c"));
    REQUIRE(d);
    CHECK(d->nalUnitType == 1);
    CHECK(d->nri == 2);
    CHECK_FALSE(d->isKeyFrame);
    CHECK(d->beginOfFrame);
  }
  SUBCASE("a later slice of the picture") {
    const auto d = H264PayloadDescriptor::Parse(Hex("41 4a 21 6c"));
    REQUIRE(d);
    CHECK_FALSE(d->beginOfFrame);
  }
  SUBCASE("a slice NAL unit with no payload octet") {
    const auto d = H264PayloadDescriptor::Parse(Hex("41"));
    REQUIRE(d);
    CHECK_FALSE(d->beginOfFrame);
  }
  SUBCASE("SPS alone is a keyframe start, PPS alone is not a keyframe") {
    const auto sps = H264PayloadDescriptor::Parse(Hex(kSps));
    REQUIRE(sps);
    CHECK(sps->hasSps);
    CHECK(sps->isKeyFrame);
    CHECK(sps->beginOfFrame);
    const auto pps = H264PayloadDescriptor::Parse(Hex(kPps));
    REQUIRE(pps);
    CHECK(pps->hasPps);
    CHECK_FALSE(pps->isKeyFrame);
    CHECK(pps->beginOfFrame);
  }
  SUBCASE("access unit delimiter and SEI start a frame") {
    CHECK(H264PayloadDescriptor::Parse(Hex("09 f0"))->beginOfFrame);
    CHECK(H264PayloadDescriptor::Parse(Hex("06 05 ff"))->beginOfFrame);
  }
}

// STAP-A (RFC 6184 5.7.1, Figure 7):
//   |F|NRI|Type=24| = 78, then for each unit: NALU size (16 bits) | NAL unit
std::vector<uint8_t> StapA() {
  std::vector<uint8_t> pkt = Hex("78 | 00 0e");
  for (auto b : Hex(kSps))
    pkt.push_back(b);
  for (auto b : Hex("00 04"))
    pkt.push_back(b);
  for (auto b : Hex(kPps))
    pkt.push_back(b);
  for (auto b : Hex("00 05 | 65 88 84 00 33"))
    pkt.push_back(b);
  return pkt;
}

TEST_CASE("h264: STAP-A with SPS, PPS and IDR") {
  const auto pkt = StapA();
  const auto d = H264PayloadDescriptor::Parse(pkt);
  REQUIRE(d);
  CHECK(d->packetization == H264Packetization::kStapA);
  CHECK(d->nalUnitCount == 3);
  CHECK(d->nalUnitType == 7);  // The first unit.
  CHECK(d->hasSps);
  CHECK(d->hasPps);
  CHECK(d->hasIdr);
  CHECK(d->isKeyFrame);
  CHECK(d->beginOfFrame);
  CHECK(d->headerSize == 3);
  // Truncation inside any unit or size field breaks the aggregate.
  for (size_t n = 0; n < pkt.size(); ++n) {
    const auto t = H264PayloadDescriptor::Parse(Prefix(pkt, n));
    const bool atUnitBoundary = n == 1 + 2 + 14 || n == 1 + 2 + 14 + 2 + 4;
    if (atUnitBoundary) {
      CHECK(t);  // Ends exactly after a unit: a shorter, valid STAP-A.
    } else {
      CHECK_FALSE(t);
    }
  }
}

TEST_CASE("h264: STAP-A lying sizes") {
  SUBCASE("size past the end") {
    CHECK_FALSE(H264PayloadDescriptor::Parse(Hex("78 00 05 65 88")));
  }
  SUBCASE("size zero") {
    CHECK_FALSE(H264PayloadDescriptor::Parse(Hex("78 00 00 00 02 65 88")));
  }
  SUBCASE("one stray octet after the last unit") {
    CHECK_FALSE(H264PayloadDescriptor::Parse(Hex("78 00 02 65 88 00")));
  }
  SUBCASE("size 0xffff") {
    CHECK_FALSE(H264PayloadDescriptor::Parse(Hex("78 ff ff 65 88")));
  }
  SUBCASE("no unit at all") {
    CHECK_FALSE(H264PayloadDescriptor::Parse(Hex("78")));
  }
  SUBCASE("nested aggregation or fragment unit") {
    CHECK_FALSE(H264PayloadDescriptor::Parse(Hex("78 00 03 78 00 00")));
    CHECK_FALSE(H264PayloadDescriptor::Parse(Hex("78 00 02 7c 85")));
  }
  SUBCASE("NRI is the aggregate's own") {
    // |F|NRI=2|24| = 58 ; unit |F|NRI=1|5| = 25
    const auto d = H264PayloadDescriptor::Parse(Hex("58 00 02 25 88"));
    REQUIRE(d);
    CHECK(d->nri == 2);
    CHECK(d->nalUnitType == 5);
  }
  SUBCASE("a one-octet unit is a valid (if empty) NAL unit") {
    const auto d = H264PayloadDescriptor::Parse(Hex("78 00 01 65"));
    REQUIRE(d);
    CHECK(d->hasIdr);
    CHECK_FALSE(d->beginOfFrame);  // first_mb_in_slice unknown.
  }
}

// FU-A (RFC 6184 5.8, Figures 14 and 15):
//   FU indicator |F|NRI|Type=28| = 7c, FU header |S|E|R|Type|
TEST_CASE("h264: FU-A fragments of an IDR slice") {
  const auto start = H264PayloadDescriptor::Parse(Hex("7c 85 88 84 00"));  // S=1, type 5
  REQUIRE(start);
  CHECK(start->packetization == H264Packetization::kFuA);
  CHECK(start->fuStart);
  CHECK_FALSE(start->fuEnd);
  CHECK(start->nalUnitType == 5);
  CHECK(start->nri == 3);
  CHECK(start->hasIdr);
  CHECK(start->isKeyFrame);
  CHECK(start->beginOfFrame);
  CHECK(start->headerSize == 2);

  const auto middle = H264PayloadDescriptor::Parse(Hex("7c 05 aa bb"));
  REQUIRE(middle);
  CHECK_FALSE(middle->fuStart);
  CHECK_FALSE(middle->fuEnd);
  CHECK(middle->isKeyFrame);          // Part of an IDR picture...
  CHECK_FALSE(middle->beginOfFrame);  // ...but not where to start.

  const auto end = H264PayloadDescriptor::Parse(Hex("7c 45 cc"));
  REQUIRE(end);
  CHECK(end->fuEnd);
  CHECK_FALSE(end->endOfFrame);  // The end of a NAL unit, not necessarily of the frame.
}

TEST_CASE("h264: FU-A of a later slice, and lies") {
  const auto later = H264PayloadDescriptor::Parse(Hex("5c 81 4a 00"));  // S=1, type 1, first_mb>0
  REQUIRE(later);
  CHECK_FALSE(later->beginOfFrame);
  CHECK_FALSE(later->isKeyFrame);
  CHECK_FALSE(H264PayloadDescriptor::Parse(Hex("7c")));        // No FU header.
  CHECK_FALSE(H264PayloadDescriptor::Parse(Hex("7c c5 00")));  // S and E.
  CHECK_FALSE(H264PayloadDescriptor::Parse(Hex("7c 9c 00")));  // Fragment of an FU-A.
  CHECK_FALSE(H264PayloadDescriptor::Parse(Hex("7c 80 00")));  // Fragment of type 0.
  const auto noPayload = H264PayloadDescriptor::Parse(Hex("7c 85"));
  REQUIRE(noPayload);
  CHECK_FALSE(noPayload->beginOfFrame);
}

TEST_CASE("h264: interleaved-mode and reserved types") {
  for (uint8_t type : {25, 26, 27, 29}) {
    const std::vector<uint8_t> pkt{static_cast<uint8_t>(0x60 | type), 0x00, 0x01, 0x65};
    const auto d = H264PayloadDescriptor::Parse(pkt);
    REQUIRE(d);
    CHECK(d->packetization == H264Packetization::kUnsupported);
    CHECK(d->nalUnitType == type);
    CHECK_FALSE(d->isKeyFrame);
    CHECK_FALSE(d->beginOfFrame);
    const std::vector<uint8_t> alone{static_cast<uint8_t>(0x60 | type)};
    CHECK(H264PayloadDescriptor::Parse(alone));
  }
  for (uint8_t type : {0, 30, 31}) {
    const std::vector<uint8_t> pkt{static_cast<uint8_t>(0x60 | type), 0x88};
    CHECK_FALSE(H264PayloadDescriptor::Parse(pkt));
  }
  CHECK_FALSE(H264PayloadDescriptor::Parse({}));
}

TEST_CASE("h264: frame marking and dependency descriptor layer information") {
  SUBCASE("1-octet frame marking: S/E/I override the payload's guesses") {
    // A later slice (not a begin by itself) marked |S=1|E=1|I=1|D=0| = e0.
    const auto d = H264PayloadDescriptor::Parse(Hex("41 4a 21"), Hex("e0"));
    REQUIRE(d);
    CHECK(d->beginOfFrame);
    CHECK(d->endOfFrame);
    CHECK(d->isKeyFrame);
    CHECK_FALSE(d->temporalLayerId);
    // S=0 says this packet does not start the frame, whatever the slice looks like.
    const auto notStart = H264PayloadDescriptor::Parse(Hex("41 9a 21"), Hex("00"));
    REQUIRE(notStart);
    CHECK_FALSE(notStart->beginOfFrame);
  }
  SUBCASE("3-octet frame marking: TID, B, D and TL0PICIDX") {
    // |S=1|E=0|I=0|D=1|B=1|TID=2| = 80 | 10 | 08 | 02 = 9a ; LID 00 ; TL0PICIDX 2a
    const auto d = H264PayloadDescriptor::Parse(Hex("41 9a 21"), Hex("9a 00 2a"));
    REQUIRE(d);
    CHECK(d->temporalLayerId == 2);
    CHECK(d->layerSync);
    CHECK(d->discardable);
    CHECK(d->tl0PicIdx == 0x2a);
  }
  SUBCASE("a dependency-descriptor temporal id wins") {
    const auto d = H264PayloadDescriptor::Parse(Hex("41 9a 21"), Hex("9a 00 2a"), uint8_t{1});
    REQUIRE(d);
    CHECK(d->temporalLayerId == 1);
    const auto alone = H264PayloadDescriptor::Parse(Hex("41 9a 21"), {}, uint8_t{3});
    REQUIRE(alone);
    CHECK(alone->temporalLayerId == 3);
  }
  SUBCASE("an invalid frame marking value is ignored") {
    const auto d = H264PayloadDescriptor::Parse(Hex("41 4a 21"), Hex("e0 00 00 00"));
    REQUIRE(d);
    CHECK_FALSE(d->beginOfFrame);
    CHECK_FALSE(d->isKeyFrame);
  }
}

}  // namespace
}  // namespace weir::proto::codecs
