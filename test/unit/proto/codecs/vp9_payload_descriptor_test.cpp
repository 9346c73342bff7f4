#include "proto/codecs/vp9_payload_descriptor.hpp"

#include <doctest/doctest.h>

#include "codec_test_util.hpp"

namespace weir::proto::codecs {
namespace {

using test::Concat;
using test::Hex;
using test::Prefix;

const std::vector<uint8_t> kData = Hex("de ad be ef");

TEST_CASE("vp9: non-flexible mode with layer indices and TL0PICIDX (RFC 9628 4.2)") {
  //  |I=1|P=1|L=1|F=0|B=1|E=1|V=0|Z=0| = ec
  //  |M=1| PICTURE ID = 0x0105        | = 81 05
  //  |TID=1|U=1|SID=2|D=1|            = 20 | 10 | 04 | 01 = 35
  //  |   TL0PICIDX = 0x07             | = 07
  const auto pkt = Concat(Hex("ec | 81 05 | 35 | 07"), kData);
  const auto d = Vp9PayloadDescriptor::Parse(pkt);
  REQUIRE(d);
  CHECK(d->headerSize == 5);
  CHECK(d->interPicturePredicted);
  CHECK_FALSE(d->flexibleMode);
  CHECK(d->beginOfFrame);
  CHECK(d->endOfFrame);
  CHECK(d->pictureId == 0x0105);
  CHECK(d->pictureIdBits == 15);
  CHECK(d->pictureIdOffset == 1);
  CHECK(d->temporalLayerId == 1);
  CHECK(d->layerSync);
  CHECK(d->spatialLayerId == 2);
  CHECK(d->interLayerDependency);
  CHECK(d->tl0PicIdx == 7);
  CHECK(d->tl0PicIdxOffset == 4);
  CHECK(d->numPDiffs == 0);
  CHECK_FALSE(d->ss);
  CHECK_FALSE(d->isKeyFrame);
}

TEST_CASE("vp9: flexible mode with P_DIFFs, no TL0PICIDX") {
  //  |I=1|P=1|L=1|F=1|B=1|E=0|V=0|Z=1| = f9
  //  |M=0| PICTURE ID = 0x12 | = 12
  //  |TID=2|U=0|SID=1|D=1|   = 40 | 02 | 01 = 43
  //  |P_DIFF=3|N=1| = 07 ; |P_DIFF=5|N=1| = 0b ; |P_DIFF=1|N=0| = 02
  const auto pkt = Concat(Hex("f9 | 12 | 43 | 07 0b 02"), kData);
  const auto d = Vp9PayloadDescriptor::Parse(pkt);
  REQUIRE(d);
  CHECK(d->headerSize == 6);
  CHECK(d->flexibleMode);
  CHECK(d->notReferenceForUpperSpatial);
  CHECK(d->pictureId == 0x12);
  CHECK(d->pictureIdBits == 7);
  CHECK(d->temporalLayerId == 2);
  CHECK(d->spatialLayerId == 1);
  CHECK_FALSE(d->tl0PicIdx);
  CHECK(d->tl0PicIdxOffset == 0);
  REQUIRE(d->numPDiffs == 3);
  CHECK(d->pDiffs[0] == 3);
  CHECK(d->pDiffs[1] == 5);
  CHECK(d->pDiffs[2] == 1);
  for (size_t n = 0; n <= d->headerSize; ++n)
    CHECK_FALSE(Vp9PayloadDescriptor::Parse(Prefix(pkt, n)));
}

TEST_CASE("vp9: flexible mode lies") {
  SUBCASE("a 4th P_DIFF is refused") {
    CHECK_FALSE(Vp9PayloadDescriptor::Parse(Hex("d8 12 07 07 07 07 00 00")));
  }
  SUBCASE("no picture id in flexible mode") {
    CHECK_FALSE(Vp9PayloadDescriptor::Parse(Hex("58 07 00")));
  }
  SUBCASE("P_DIFFs only with P=1") {
    // |I=1|P=0|L=0|F=1|B=1|...| = 98: no P_DIFF, the next octet is data.
    const auto d = Vp9PayloadDescriptor::Parse(Hex("98 12 07"));
    REQUIRE(d);
    CHECK(d->numPDiffs == 0);
    CHECK(d->headerSize == 2);
  }
}

// A keyframe of 3 spatial layers with a scalability structure:
//  |I=1|P=0|L=1|F=0|B=1|E=0|V=1|Z=0| = aa
//  |M=0| PICTURE ID = 0x01 | = 01
//  |TID=0|U=0|SID=0|D=0|   = 00 ; |TL0PICIDX| = 00
//  SS: |N_S=2|Y=1|G=1|-|-|-| = 40 | 10 | 08 = 58
//      320x180 = 01 40 00 b4 ; 640x360 = 02 80 01 68 ; 1280x720 = 05 00 02 d0
//      N_G = 02
//      |TID=0|U=0|R=1|-|-| = 04, P_DIFF = 04
//      |TID=1|U=1|R=2|-|-| = 20 | 10 | 08 = 38, P_DIFF = 01 02
const std::vector<uint8_t> kSsKeyFrame =
    Hex("aa | 01 | 00 | 00 | 58 | 01 40 00 b4 | 02 80 01 68 | 05 00 02 d0 | 02 | 04 04 | 38 01 02");

TEST_CASE("vp9: keyframe with scalability structure") {
  const auto pkt = Concat(kSsKeyFrame, kData);
  const auto d = Vp9PayloadDescriptor::Parse(pkt);
  REQUIRE(d);
  CHECK(d->headerSize == kSsKeyFrame.size());
  CHECK(d->isKeyFrame);
  REQUIRE(d->ss);
  const auto& ss = *d->ss;
  CHECK(ss.numSpatialLayers == 3);
  CHECK(ss.hasResolutions);
  CHECK(ss.widths[0] == 320);
  CHECK(ss.heights[0] == 180);
  CHECK(ss.widths[1] == 640);
  CHECK(ss.heights[1] == 360);
  CHECK(ss.widths[2] == 1280);
  CHECK(ss.heights[2] == 720);
  CHECK(d->width == 320);  // This packet's spatial layer.
  CHECK(d->height == 180);
  CHECK(ss.hasGof);
  CHECK(ss.numGofPictures == 2);
  Vp9GofPicture gof[4];
  REQUIRE(ss.ReadGof(gof) == 2);
  CHECK(gof[0] == Vp9GofPicture{0, false, 1, {4, 0, 0}});
  CHECK(gof[1] == Vp9GofPicture{1, true, 2, {1, 2, 0}});
  Vp9GofPicture one[1];
  CHECK(ss.ReadGof(one) == 1);

  // Truncation anywhere in the descriptor fails.
  for (size_t n = 0; n <= kSsKeyFrame.size(); ++n) {
    CHECK_FALSE(Vp9PayloadDescriptor::Parse(Prefix(pkt, n)));
  }
}

TEST_CASE("vp9: scalability structure lies") {
  SUBCASE("N_S says more layers than resolutions given") {
    // N_S=3 (4 layers) but only 3 resolutions, N_G = 0 would follow.
    auto bad = kSsKeyFrame;
    bad[4] = 0x78;
    // The parser reads the 4th resolution from the GOF bytes and runs out before N_G's
    // pictures: with no data after it the descriptor is incomplete.
    CHECK_FALSE(Vp9PayloadDescriptor::Parse(bad));
  }
  SUBCASE("N_G larger than the pictures present") {
    CHECK_FALSE(Vp9PayloadDescriptor::Parse(Hex("82 01 | 08 | 05 | 04 04")));
  }
  SUBCASE("R larger than the P_DIFFs present") {
    CHECK_FALSE(Vp9PayloadDescriptor::Parse(Hex("82 01 | 08 | 01 | 0c 01")));
  }
  SUBCASE("N_G = 0 is an empty group") {
    const auto d = Vp9PayloadDescriptor::Parse(Hex("82 01 | 08 | 00 | ff"));
    REQUIRE(d);
    REQUIRE(d->ss);
    CHECK(d->ss->numGofPictures == 0);
    CHECK(d->headerSize == 4);
  }
  SUBCASE("SS without Y and G is one octet") {
    const auto d = Vp9PayloadDescriptor::Parse(Hex("8a 01 | 20 | ff"));
    REQUIRE(d);
    REQUIRE(d->ss);
    CHECK(d->ss->numSpatialLayers == 2);
    CHECK_FALSE(d->ss->hasResolutions);
    CHECK_FALSE(d->ss->hasGof);
    CHECK(d->width == 0);
    CHECK(d->isKeyFrame);  // No L: spatial layer 0.
  }
}

TEST_CASE("vp9: keyframe needs P=0, B=1 and spatial layer 0") {
  // |I=0|P|L=1|F=0|B|E=1|V=0|Z=0| with layers |TID=0|U=0|SID|D=0| and TL0PICIDX.
  struct Case {
    uint8_t first;
    uint8_t layers;
    bool key;
  };
  const Case cases[] = {
      {0x2c, 0x00, true},   // P=0 B=1 SID=0
      {0x6c, 0x00, false},  // P=1
      {0x24, 0x00, false},  // B=0
      {0x2c, 0x02, false},  // SID=1
  };
  for (const auto& c : cases) {
    const std::vector<uint8_t> pkt{c.first, c.layers, 0x00, 0xff};
    const auto d = Vp9PayloadDescriptor::Parse(pkt);
    REQUIRE(d);
    CHECK(d->isKeyFrame == c.key);
  }
}

TEST_CASE("vp9: every I/L/F/P/V combination round-trips through Serialize") {
  for (int bits = 0; bits < 32; ++bits) {
    const bool i = bits & 1, l = bits & 2, f = bits & 4, p = bits & 8, v = bits & 16;
    if (f && !i) continue;  // Refused, tested above.
    std::vector<uint8_t> pkt;
    pkt.push_back(static_cast<uint8_t>((i ? 0x80 : 0) | (p ? 0x40 : 0) | (l ? 0x20 : 0) |
                                       (f ? 0x10 : 0) | 0x08 | (v ? 0x02 : 0)));
    if (i) {
      pkt.push_back(0x81);
      pkt.push_back(0x23);
    }
    if (l) {
      pkt.push_back(0x32);  // TID=1 U=1 SID=1 D=0
      if (!f) pkt.push_back(0x09);
    }
    if (f && p) {
      pkt.push_back(0x03);
      pkt.push_back(0x04);
    }
    if (v) {
      for (uint8_t b : Hex("38 | 00 10 00 20 | 00 30 00 40 | 01 | 04 02"))
        pkt.push_back(b);
    }
    const size_t header = pkt.size();
    pkt.push_back(0x77);
    const auto d = Vp9PayloadDescriptor::Parse(pkt);
    REQUIRE(d);
    CHECK(d->headerSize == header);
    std::vector<uint8_t> out(32);
    const size_t n = d->Serialize(out);
    REQUIRE(n == header);
    CHECK(std::vector<uint8_t>(out.begin(), out.begin() + n) == Prefix(pkt, header));
    CHECK(d->Serialize(std::span<uint8_t>(out.data(), header - 1)) == 0);
    for (size_t cut = 0; cut <= header; ++cut) {
      CHECK_FALSE(Vp9PayloadDescriptor::Parse(Prefix(pkt, cut)));
    }
  }
}

TEST_CASE("vp9: in-place rewrites keep length and every other byte") {
  const auto original = Concat(Hex("ec | 81 05 | 35 | 07"), kData);
  auto pkt = original;
  auto d = Vp9PayloadDescriptor::Parse(pkt);
  REQUIRE(d);
  REQUIRE(d->SetPictureId(pkt, 0xffff));  // -> 0x7fff
  REQUIRE(d->SetTl0PicIdx(pkt, 0x80));
  auto expected = original;
  expected[1] = 0xff;
  expected[2] = 0xff;
  expected[4] = 0x80;
  CHECK(pkt == expected);
  const auto re = Vp9PayloadDescriptor::Parse(pkt);
  REQUIRE(re);
  CHECK(re->pictureId == 0x7fff);
  CHECK(re->tl0PicIdx == 0x80);

  SUBCASE("flexible mode has no TL0PICIDX to set") {
    auto flex = Concat(Hex("f9 | 12 | 43 | 02"), kData);
    auto fd = Vp9PayloadDescriptor::Parse(flex);
    REQUIRE(fd);
    const auto before = flex;
    CHECK_FALSE(fd->SetTl0PicIdx(flex, 1));
    CHECK(fd->SetPictureId(flex, 0x85));  // 7-bit: -> 0x05
    CHECK(flex[1] == 0x05);
    flex[1] = before[1];
    CHECK(flex == before);
  }
}

TEST_CASE("vp9: no data after the descriptor, empty payload") {
  CHECK_FALSE(Vp9PayloadDescriptor::Parse({}));
  CHECK_FALSE(Vp9PayloadDescriptor::Parse(Hex("08")));
  CHECK(Vp9PayloadDescriptor::Parse(Hex("08 00")));
}

}  // namespace
}  // namespace weir::proto::codecs
