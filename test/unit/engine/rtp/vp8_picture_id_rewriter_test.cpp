#include "engine/rtp/vp8_picture_id_rewriter.hpp"

#include <doctest/doctest.h>

#include <vector>

namespace weir::engine {
namespace {

using proto::codecs::Vp8PayloadDescriptor;

// A VP8 packet (RFC 7741 4.2) with I, L and T: |X=1|..|S=1|PID=0| = 90, |I|L|T|K=0| = e0,
// a 15-bit picture id, TL0PICIDX, |TID|Y|KEYIDX|, then 3 octets of an interframe header.
std::vector<uint8_t> Packet(uint16_t pictureId, uint8_t tl0, uint8_t tid) {
  return {0x90,
          0xe0,
          static_cast<uint8_t>(0x80 | (pictureId >> 8)),
          static_cast<uint8_t>(pictureId),
          tl0,
          static_cast<uint8_t>(tid << 6),
          0x71,
          0x24,
          0x00};
}

// A 7-bit picture id packet: |X=1|S=1| = 90, |I=1| = 80, |M=0|id|.
std::vector<uint8_t> ShortPacket(uint8_t pictureId) {
  return {0x90, 0x80, static_cast<uint8_t>(pictureId & 0x7f), 0x71, 0x24, 0x00};
}

struct Forwarded {
  uint16_t pictureId;
  uint8_t tl0PicIdx;
};

// Rewrites a packet in place and returns the values it now carries (re-parsed from the bytes).
std::optional<Forwarded> Forward(Vp8PictureIdRewriter& r, std::vector<uint8_t>& pkt) {
  auto d = Vp8PayloadDescriptor::Parse(pkt);
  REQUIRE(d);
  const size_t size = pkt.size();
  if (!r.Rewrite(pkt, *d)) return std::nullopt;
  CHECK(pkt.size() == size);
  const auto re = Vp8PayloadDescriptor::Parse(pkt);
  REQUIRE(re);
  CHECK(re->pictureId == d->pictureId);  // The descriptor was kept in step with the bytes.
  return Forwarded{*re->pictureId, re->tl0PicIdx.value_or(0)};
}

void Drop(Vp8PictureIdRewriter& r, const std::vector<uint8_t>& pkt) {
  const auto d = Vp8PayloadDescriptor::Parse(pkt);
  REQUIRE(d);
  r.DropFrame(*d);
}

TEST_CASE("vp8 ids: pass-through, only the two fields change") {
  Vp8PictureIdRewriter r;
  auto pkt = Packet(300, 7, 0);
  const auto before = pkt;
  const auto f = Forward(r, pkt);
  REQUIRE(f);
  CHECK(f->pictureId == 300);
  CHECK(f->tl0PicIdx == 7);
  CHECK(pkt == before);
}

TEST_CASE("vp8 ids: dropping a temporal layer keeps ids continuous") {
  // L1T2: TL0 frames carry new TL0PICIDX values, TL1 frames repeat the last one.
  Vp8PictureIdRewriter r;
  struct Frame {
    uint16_t pid;
    uint8_t tl0;
    uint8_t tid;
  };
  const Frame frames[] = {{100, 50, 0}, {101, 50, 1}, {102, 51, 0}, {103, 51, 1},
                          {104, 52, 0}, {105, 52, 1}, {106, 53, 0}};
  uint16_t expectedPid = 100;
  uint8_t expectedTl0 = 50;
  for (const auto& f : frames) {
    // Two packets per frame, both rewritten (or dropped) alike.
    for (int k = 0; k < 2; ++k) {
      auto pkt = Packet(f.pid, f.tl0, f.tid);
      if (f.tid == 1) {
        Drop(r, pkt);
        continue;
      }
      const auto out = Forward(r, pkt);
      REQUIRE(out);
      CHECK(out->pictureId == expectedPid);
      CHECK(out->tl0PicIdx == expectedTl0);
    }
    if (f.tid == 0) {
      ++expectedPid;
      ++expectedTl0;
    }
  }
}

TEST_CASE("vp8 ids: a switch continues both counters at last + 1") {
  Vp8PictureIdRewriter r;
  for (uint16_t pid = 1000; pid < 1003; ++pid) {
    auto pkt = Packet(pid, static_cast<uint8_t>(pid), 0);
    REQUIRE(Forward(r, pkt));
  }
  r.SwitchSource();
  auto key = Packet(20000, 200, 0);
  const auto out = Forward(r, key);
  REQUIRE(out);
  CHECK(out->pictureId == 1003);
  CHECK(out->tl0PicIdx == static_cast<uint8_t>(1002 + 1));
  auto next = Packet(20001, 200, 1);
  const auto out2 = Forward(r, next);
  REQUIRE(out2);
  CHECK(out2->pictureId == 1004);
  CHECK(out2->tl0PicIdx == static_cast<uint8_t>(1003));  // Same TL0 as the keyframe.
  // A frame of the new source from before the switch point cannot be placed.
  auto old = Packet(19999, 199, 0);
  CHECK_FALSE(Forward(r, old));
}

TEST_CASE("vp8 ids: 15-bit and 8-bit wraparound") {
  Vp8PictureIdRewriter r;
  uint16_t pid = 32766;
  uint8_t tl0 = 254;
  const uint16_t expectedPids[] = {32766, 32767, 0, 1};
  const uint8_t expectedTl0[] = {254, 255, 0, 1};
  for (int i = 0; i < 4; ++i) {
    auto pkt = Packet(pid, tl0, 0);
    const auto out = Forward(r, pkt);
    REQUIRE(out);
    CHECK(out->pictureId == expectedPids[i]);
    CHECK(out->tl0PicIdx == expectedTl0[i]);
    pid = static_cast<uint16_t>((pid + 1) & 0x7fff);
    ++tl0;
  }
  // A drop across the wrap.
  auto dropped = Packet(2, 2, 1);
  Drop(r, dropped);
  auto after = Packet(3, 3, 0);
  const auto out = Forward(r, after);
  REQUIRE(out);
  CHECK(out->pictureId == 2);
}

TEST_CASE("vp8 ids: a 7-bit source wraps at 128 and keeps its width") {
  Vp8PictureIdRewriter r;
  for (int i = 0; i < 300; ++i) {
    auto pkt = ShortPacket(static_cast<uint8_t>(i));
    const size_t size = pkt.size();
    const auto out = Forward(r, pkt);
    REQUIRE(out);
    CHECK(out->pictureId == (i & 0x7f));
    CHECK(pkt.size() == size);
    CHECK((pkt[2] & 0x80) == 0);
  }
}

TEST_CASE("vp8 ids: switching between 15-bit and 7-bit sources") {
  Vp8PictureIdRewriter r;
  auto a = Packet(5000, 1, 0);
  REQUIRE(Forward(r, a));
  r.SwitchSource();
  auto b = ShortPacket(3);
  const auto out = Forward(r, b);
  REQUIRE(out);
  CHECK(out->pictureId == (5001 & 0x7f));  // Continuity modulo 128.
  auto b2 = ShortPacket(4);
  CHECK(Forward(r, b2)->pictureId == (5002 & 0x7f));
  r.SwitchSource();
  auto c = Packet(9, 9, 0);
  CHECK(Forward(r, c)->pictureId == 5003);
}

TEST_CASE("vp8 ids: a frame whose base layer frame was dropped is refused untouched") {
  Vp8PictureIdRewriter r;
  auto f0 = Packet(10, 5, 0);
  REQUIRE(Forward(r, f0));
  Drop(r, Packet(11, 6, 0));   // A dropped base-layer frame: its TL0PICIDX goes too.
  auto f2 = Packet(12, 6, 1);  // Depends on it.
  const auto before = f2;
  CHECK_FALSE(Forward(r, f2));
  CHECK(f2 == before);
  Drop(r, f2);  // The caller drops it: no hole is left in the picture ids.
  auto f3 = Packet(13, 7, 0);
  const auto out = Forward(r, f3);
  REQUIRE(out);
  CHECK(out->pictureId == 11);
  CHECK(out->tl0PicIdx == 6);
}

TEST_CASE("vp8 ids: packets without the fields pass, short buffers are refused") {
  Vp8PictureIdRewriter r;
  std::vector<uint8_t> bare{0x10, 0x71, 0x24, 0x00};
  auto d = Vp8PayloadDescriptor::Parse(bare);
  REQUIRE(d);
  CHECK(r.Rewrite(bare, *d));
  auto pkt = Packet(1, 1, 0);
  auto pd = Vp8PayloadDescriptor::Parse(pkt);
  REQUIRE(pd);
  std::vector<uint8_t> truncated(pkt.begin(), pkt.begin() + 3);
  CHECK_FALSE(r.Rewrite(truncated, *pd));
}

TEST_CASE("vp8 ids: lower-level mappings") {
  Vp8PictureIdRewriter r;
  CHECK(r.RewritePictureId(7, 15) == 7);
  r.DropPictureId(8, 15);
  CHECK(r.RewritePictureId(9, 15) == 8);
  CHECK(r.RewriteTl0PicIdx(3) == 3);
  r.DropTl0PicIdx(4);
  CHECK(r.RewriteTl0PicIdx(5) == 4);
  CHECK_FALSE(r.RewriteTl0PicIdx(4));
}

}  // namespace
}  // namespace weir::engine
