#include "proto/codecs/vp8_payload_descriptor.hpp"

#include <doctest/doctest.h>

#include "codec_test_util.hpp"

namespace weir::proto::codecs {
namespace {

using test::Concat;
using test::Hex;
using test::Prefix;

// VP8 payload header + keyframe header (RFC 7741 4.3, RFC 6386 9.1):
//   frame tag 70 24 00: P=0 (keyframe), VER=0, show_frame=1, first_part_size=0x123
//   start code 9d 01 2a, width 640 (80 02), height 480 (e0 01), then compressed data.
const std::vector<uint8_t> kKeyFrame = Hex("70 24 00 | 9d 01 2a | 80 02 | e0 01 | 11 22 33");
// frame tag 71 24 00: P=1 (interframe).
const std::vector<uint8_t> kInterFrame = Hex("71 24 00 | 44 55 66");

TEST_CASE("vp8: minimal descriptor, start of a keyframe") {
  // |X=0|R|N=0|S=1|R|PID=0| = 10
  const auto pkt = Concat(Hex("10"), kKeyFrame);
  const auto d = Vp8PayloadDescriptor::Parse(pkt);
  REQUIRE(d);
  CHECK(d->headerSize == 1);
  CHECK(d->startOfPartition);
  CHECK(d->partitionIndex == 0);
  CHECK_FALSE(d->nonReference);
  CHECK(d->beginOfFrame);
  CHECK_FALSE(d->endOfFrame);  // VP8 does not mark it: the RTP marker does.
  CHECK(d->isKeyFrame);
  CHECK(d->width == 640);
  CHECK(d->height == 480);
  CHECK_FALSE(d->pictureId);
  CHECK_FALSE(d->tl0PicIdx);
  CHECK_FALSE(d->temporalLayerId);
  CHECK_FALSE(d->keyIdx);
  CHECK(d->pictureIdBits == 0);
}

TEST_CASE("vp8: all extensions, 15-bit picture id (RFC 7741 4.2 layout)") {
  //  |X=1|R|N=1|S=1|R|PID=0|  = b0
  //  |I=1|L=1|T=1|K=1|RSV |  = f0
  //  |M=1| PictureID=0x1234|  = 92 34
  //  |  TL0PICIDX = 0x56   |  = 56
  //  |TID=2|Y=1|KEYIDX=0x0b| = a0 | 0b = ab
  const auto pkt = Concat(Hex("b0 | f0 | 92 34 | 56 | ab"), kInterFrame);
  const auto d = Vp8PayloadDescriptor::Parse(pkt);
  REQUIRE(d);
  CHECK(d->headerSize == 6);
  CHECK(d->nonReference);
  CHECK(d->pictureId == 0x1234);
  CHECK(d->pictureIdBits == 15);
  CHECK(d->pictureIdOffset == 2);
  CHECK(d->tl0PicIdx == 0x56);
  CHECK(d->tl0PicIdxOffset == 4);
  CHECK(d->temporalLayerId == 2);
  CHECK(d->layerSync);
  CHECK(d->keyIdx == 0x0b);
  CHECK(d->tidKeyIdxOffset == 5);
  CHECK(d->beginOfFrame);
  CHECK_FALSE(d->isKeyFrame);  // P=1 in the frame tag.
  CHECK(d->width == 0);
}

TEST_CASE("vp8: 7-bit picture id, continuation packet") {
  //  |X=1|R|N=0|S=0|R|PID=2| = 82 ; |I=1|...| = 80 ; |M=0| PictureID=0x55 | = 55
  const auto pkt = Hex("82 80 55 | de ad");
  const auto d = Vp8PayloadDescriptor::Parse(pkt);
  REQUIRE(d);
  CHECK(d->headerSize == 3);
  CHECK(d->pictureId == 0x55);
  CHECK(d->pictureIdBits == 7);
  CHECK(d->partitionIndex == 2);
  CHECK_FALSE(d->startOfPartition);
  CHECK_FALSE(d->beginOfFrame);
  CHECK_FALSE(d->isKeyFrame);  // Only the first packet of a frame says.
}

TEST_CASE("vp8: T and K each alone use the same octet, the other half ignored") {
  SUBCASE("T only: KEYIDX ignored") {
    // |I=0|L=0|T=1|K=0| = 20 ; |TID=1|Y=0|KEYIDX=1f| = 5f
    const auto d = Vp8PayloadDescriptor::Parse(Hex("90 20 5f 01 02 03"));
    REQUIRE(d);
    CHECK(d->temporalLayerId == 1);
    CHECK_FALSE(d->layerSync);
    CHECK_FALSE(d->keyIdx);
    CHECK(d->headerSize == 3);
  }
  SUBCASE("K only: TID and Y ignored") {
    // |I=0|L=0|T=0|K=1| = 10 ; |TID=3|Y=1|KEYIDX=07| = e7
    const auto d = Vp8PayloadDescriptor::Parse(Hex("90 10 e7 01 02 03"));
    REQUIRE(d);
    CHECK_FALSE(d->temporalLayerId);
    CHECK_FALSE(d->layerSync);
    CHECK(d->keyIdx == 7);
    CHECK(d->headerSize == 3);
  }
}

TEST_CASE("vp8: every I/L/T/K combination, both picture id widths") {
  for (int ext = 0; ext < 16; ++ext) {
    for (int m = 0; m < 2; ++m) {
      const bool i = ext & 8, l = ext & 4, t = ext & 2, k = ext & 1;
      if (m == 1 && !i) continue;  // M only matters with I.
      std::vector<uint8_t> pkt{0x80, static_cast<uint8_t>(ext << 4)};
      if (i) {
        if (m) {
          pkt.push_back(0x80 | 0x01);
          pkt.push_back(0x02);
        } else {
          pkt.push_back(0x03);
        }
      }
      if (l) pkt.push_back(0x44);
      // TID=1, Y=1 when T; KEYIDX=5 when K (the ignored half is left zero, so that the
      // serialized descriptor is byte-identical).
      if (t || k) pkt.push_back(static_cast<uint8_t>((t ? 0x60 : 0) | (k ? 0x05 : 0)));
      const size_t header = pkt.size();
      pkt.push_back(0x99);
      const auto d = Vp8PayloadDescriptor::Parse(pkt);
      REQUIRE(d);
      CHECK(d->headerSize == header);
      CHECK(d->pictureId.has_value() == i);
      if (i) CHECK(*d->pictureId == (m ? 0x0102 : 0x03));
      if (i) CHECK(d->pictureIdBits == (m ? 15 : 7));
      CHECK(d->tl0PicIdx.has_value() == l);
      CHECK(d->temporalLayerId.has_value() == t);
      CHECK(d->layerSync == t);
      CHECK(d->keyIdx.has_value() == k);
      if (k) CHECK(*d->keyIdx == 5);

      // Round trip through Serialize: same descriptor bytes (X is set: at least I/L/T/K, or
      // an extension octet of zeros which Serialize drops).
      std::vector<uint8_t> out(8);
      const size_t n = d->Serialize(out);
      if (ext != 0) {
        REQUIRE(n == header);
        CHECK(std::vector<uint8_t>(out.begin(), out.begin() + n) == Prefix(pkt, header));
      } else {
        CHECK(n == 1);
      }
      // Truncation at every offset inside the descriptor, and no data after it.
      for (size_t cut = 0; cut <= header; ++cut) {
        CHECK_FALSE(Vp8PayloadDescriptor::Parse(Prefix(pkt, cut)));
      }
    }
  }
}

TEST_CASE("vp8: truncation at every offset of a keyframe packet") {
  const auto pkt = Concat(Hex("90 e0 80 01 07 40"), kKeyFrame);
  REQUIRE(Vp8PayloadDescriptor::Parse(pkt));
  // Below header + 3 octets of payload header the packet is malformed; above it the keyframe
  // flag is known, and the resolution only with the whole 10-octet keyframe header.
  for (size_t n = 0; n < pkt.size(); ++n) {
    const auto d = Vp8PayloadDescriptor::Parse(Prefix(pkt, n));
    if (n < 6 + 3) {
      CHECK_FALSE(d);
    } else {
      REQUIRE(d);
      CHECK(d->isKeyFrame);
      CHECK(d->width == (n >= 6 + 10 ? 640 : 0));
    }
  }
}

TEST_CASE("vp8: keyframe header details") {
  SUBCASE("bad start code: still a keyframe, no resolution") {
    const auto d = Vp8PayloadDescriptor::Parse(Hex("10 | 70 24 00 | 9d 01 2b | 80 02 e0 01"));
    REQUIRE(d);
    CHECK(d->isKeyFrame);
    CHECK(d->width == 0);
    CHECK(d->height == 0);
  }
  SUBCASE("scaling bits are not part of the size") {
    // width 0x0500 (1280) with horizontal_scale 3: c0 | 05 -> 00 c5 ; height 720 = 02d0, scale 1
    const auto d = Vp8PayloadDescriptor::Parse(Hex("10 | 70 24 00 | 9d 01 2a | 00 c5 | d0 42"));
    REQUIRE(d);
    CHECK(d->width == 1280);
    CHECK(d->height == 720);
  }
  SUBCASE("start of a later partition is not a frame start") {
    const auto d = Vp8PayloadDescriptor::Parse(Concat(Hex("11"), kKeyFrame));
    REQUIRE(d);
    CHECK_FALSE(d->beginOfFrame);
    CHECK_FALSE(d->isKeyFrame);
  }
}

TEST_CASE("vp8: in-place rewrites keep length and every other byte") {
  const auto original = Concat(Hex("b0 | f0 | 92 34 | 56 | ab"), kInterFrame);
  auto pkt = original;
  auto d = Vp8PayloadDescriptor::Parse(pkt);
  REQUIRE(d);

  SUBCASE("picture id, 15 bits, reduced modulo 2^15") {
    REQUIRE(d->SetPictureId(pkt, 0x8001));  // -> 0x0001
    CHECK(d->pictureId == 1);
    auto expected = original;
    expected[2] = 0x80;
    expected[3] = 0x01;
    CHECK(pkt == expected);
    const auto re = Vp8PayloadDescriptor::Parse(pkt);
    REQUIRE(re);
    CHECK(re->pictureId == 1);
    CHECK(re->pictureIdBits == 15);
  }
  SUBCASE("tl0picidx") {
    REQUIRE(d->SetTl0PicIdx(pkt, 0xfe));
    auto expected = original;
    expected[4] = 0xfe;
    CHECK(pkt == expected);
  }
  SUBCASE("tid and y keep keyidx") {
    REQUIRE(d->SetTemporalLayer(pkt, 1, false));
    auto expected = original;
    expected[5] = 0x40 | 0x0b;
    CHECK(pkt == expected);
    CHECK(d->temporalLayerId == 1);
    CHECK_FALSE(d->layerSync);
  }
  SUBCASE("keyidx keeps tid and y") {
    REQUIRE(d->SetKeyIdx(pkt, 0x3f));  // -> 0x1f
    auto expected = original;
    expected[5] = 0xa0 | 0x1f;
    CHECK(pkt == expected);
    CHECK(d->keyIdx == 0x1f);
  }
  SUBCASE("a buffer shorter than the field is refused, nothing written") {
    auto shortPkt = Prefix(pkt, 3);
    CHECK_FALSE(d->SetPictureId(shortPkt, 7));
    CHECK(shortPkt == Prefix(original, 3));
    CHECK(d->pictureId == 0x1234);
  }
}

TEST_CASE("vp8: 7-bit picture id rewrite wraps at 128") {
  auto pkt = Hex("90 80 7f | 71 24 00");
  auto d = Vp8PayloadDescriptor::Parse(pkt);
  REQUIRE(d);
  REQUIRE(d->SetPictureId(pkt, 128 + 5));
  CHECK(pkt == Hex("90 80 05 | 71 24 00"));
  CHECK(d->pictureId == 5);
}

TEST_CASE("vp8: rewrites of absent fields are refused") {
  auto pkt = Hex("90 20 40 | 71 24 00");  // T only.
  auto d = Vp8PayloadDescriptor::Parse(pkt);
  REQUIRE(d);
  const auto before = pkt;
  CHECK_FALSE(d->SetPictureId(pkt, 1));
  CHECK_FALSE(d->SetTl0PicIdx(pkt, 1));
  CHECK_FALSE(d->SetKeyIdx(pkt, 1));
  CHECK(d->SetTemporalLayer(pkt, 2, true));
  CHECK(pkt[2] == 0xa0);
  pkt[2] = before[2];
  CHECK(pkt == before);
}

TEST_CASE("vp8: serialize into a too small buffer writes nothing useful") {
  Vp8PayloadDescriptor d;
  d.pictureId = 0x1234;
  d.pictureIdBits = 15;
  d.tl0PicIdx = 1;
  std::vector<uint8_t> out(3);
  CHECK(d.Serialize(out) == 0);
  out.resize(5);
  CHECK(d.Serialize(out) == 5);
  CHECK(out == Hex("80 c0 92 34 01"));
}

TEST_CASE("vp8: serialize chooses the short picture id form only when it fits") {
  Vp8PayloadDescriptor d;
  std::vector<uint8_t> out(8);
  d.pictureId = 0x7f;
  CHECK(d.Serialize(out) == 3);
  CHECK(out[2] == 0x7f);
  d.pictureId = 0x80;
  CHECK(d.Serialize(out) == 4);
  CHECK(out[2] == 0x80);
  CHECK(out[3] == 0x80);
}

TEST_CASE("vp8: empty payload") {
  CHECK_FALSE(Vp8PayloadDescriptor::Parse({}));
}

}  // namespace
}  // namespace weir::proto::codecs
