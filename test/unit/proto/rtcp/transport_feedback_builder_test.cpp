#include "proto/rtcp/transport_feedback_builder.hpp"

#include <doctest/doctest.h>

#include <vector>

#include "proto/rtcp/transport_feedback.hpp"
#include "rtcp_test_util.hpp"

namespace weir::proto::rtcp {
namespace {

using test::Build;
using test::Frame;
using test::Hex;

// The vector of transport_feedback_test.cpp: 24 statuses from seq 65534, a 2-bit vector (for
// the negative delta), a 1-bit vector and a run, with RTCP padding.
const char* kTcc =
    "af cd 00 0b 00000001 0000000a fffe 0018 123456 2a d490 affe 2003"
    "04 08 fffc 10 01 01 01 01 01 01 01 01 01 01 01 01 00 ff 02 00 02";

constexpr int64_t kRef = int64_t{0x123456} * 64000;

struct Arrival {
  uint16_t seq;
  int64_t us;
};

std::vector<Arrival> Received(const TransportFeedback& fb) {
  std::vector<Arrival> out;
  fb.ForEachStatus([&](const TccPacketStatus& s) {
    if (s.received()) out.push_back({s.seq, s.arrivalUs});
  });
  return out;
}

TEST_CASE("tcc builder: reproduces the hand-made vector from arrivals") {
  TransportFeedbackBuilder b(1, 10, 42);
  const Arrival arrivals[] = {
      {65534, kRef + 1000}, {65535, kRef + 3000}, {1, kRef + 2000},  {2, kRef + 6000},
      {5, kRef + 6250},     {7, kRef + 6500},     {8, kRef + 6750},  {9, kRef + 7000},
      {10, kRef + 7250},    {11, kRef + 7500},    {12, kRef + 7750}, {13, kRef + 8000},
      {14, kRef + 8250},    {15, kRef + 8500},    {16, kRef + 8750}, {17, kRef + 9000},
      {19, kRef + 9000},    {20, kRef + 72750},   {21, kRef + 73250}};
  for (const Arrival& a : arrivals)
    REQUIRE(b.AddReceived(a.seq, a.us));
  CHECK(b.base_seq() == 65534);
  CHECK(b.status_count() == 24);
  CHECK(b.received_count() == 19);
  CHECK(b.reference_time() == 0x123456);
  CHECK(Build(b) == Hex(kTcc));
}

TEST_CASE("tcc builder: round trip parse -> build -> identical bytes") {
  auto bytes = Hex(kTcc);
  auto fb = TransportFeedback::Parse(Frame(bytes));
  REQUIRE(fb);
  TransportFeedbackBuilder b(fb->sender_ssrc(), fb->media_ssrc(), fb->fb_pkt_count());
  for (const Arrival& a : Received(*fb))
    REQUIRE(b.AddReceived(a.seq, a.us));
  CHECK(Build(b) == bytes);
}

TEST_CASE("tcc builder: empty builder writes nothing; Reset empties") {
  TransportFeedbackBuilder b(1, 2, 0);
  CHECK(b.empty());
  CHECK(b.Size() == 0);
  uint8_t out[64];
  CHECK(b.Serialize(out) == 0);
  REQUIRE(b.AddReceived(5, 1000));
  CHECK(b.Size() == 24);  // 20 + 1 chunk + 1 delta = 23, padded to 24.
  b.Reset(7);
  CHECK(b.empty());
  CHECK(b.Size() == 0);
  REQUIRE(b.AddReceived(9, 64000 * 3 + 500));
  auto bytes = Build(b);
  auto fb = TransportFeedback::Parse(Frame(bytes));
  REQUIRE(fb);
  CHECK(fb->base_seq() == 9);
  CHECK(fb->fb_pkt_count() == 7);
  CHECK(fb->reference_time() == 3);
  CHECK(Received(*fb)[0].us == 64000 * 3 + 500);
}

TEST_CASE("tcc builder: chunk choice") {
  SUBCASE("a long run of received packets is one run-length chunk") {
    TransportFeedbackBuilder b(1, 2, 0);
    for (int i = 0; i < 100; ++i)
      REQUIRE(b.AddReceived(static_cast<uint16_t>(i), i * 1000));
    auto bytes = Build(b);
    auto fb = TransportFeedback::Parse(Frame(bytes));
    REQUIRE(fb);
    CHECK(fb->chunk_bytes().size() == 2);
    CHECK(TccChunk(base::LoadBe16(fb->chunk_bytes().data())).symbol_count() == 100);
  }
  SUBCASE("every other packet lost: 1-bit vectors of 14") {
    TransportFeedbackBuilder b(1, 2, 0);
    for (int i = 0; i < 28; i += 2)
      REQUIRE(b.AddReceived(static_cast<uint16_t>(i), i * 1000));
    auto bytes = Build(b);
    auto fb = TransportFeedback::Parse(Frame(bytes));
    REQUIRE(fb);
    CHECK(fb->status_count() == 27);
    CHECK(fb->chunk_bytes().size() == 4);
    CHECK(base::LoadBe16(fb->chunk_bytes().data()) == 0b1'0'10101010101010);
  }
  SUBCASE("a large delta costs a 2-bit vector of 7 where it occurs") {
    TransportFeedbackBuilder b(1, 2, 0);
    int64_t t = 0;
    for (int i = 0; i < 40; ++i) {
      t += (i == 20) ? 100000 : 1000;  // 100 ms gap before seq 20: a large delta.
      REQUIRE(b.AddReceived(static_cast<uint16_t>(i), t));
    }
    auto bytes = Build(b);
    auto fb = TransportFeedback::Parse(Frame(bytes));
    REQUIRE(fb);
    // Run of 20 small, 2-bit vector [L S S S S S S], run of 13 small.
    auto chunks = fb->chunk_bytes();
    REQUIRE(chunks.size() == 6);
    CHECK(base::LoadBe16(&chunks[0]) == TccChunk::EncodeRunLength(TccSymbol::kSmallDelta, 20));
    CHECK(base::LoadBe16(&chunks[2]) == 0b1'1'10'01'01'01'01'01'01);
    CHECK(base::LoadBe16(&chunks[4]) == TccChunk::EncodeRunLength(TccSymbol::kSmallDelta, 13));
    CHECK(fb->delta_bytes().size() == 41);
  }
  SUBCASE("a gap of 9000 lost packets is run-length chunks") {
    TransportFeedbackBuilder b(1, 2, 0);
    REQUIRE(b.AddReceived(100, 0));
    REQUIRE(b.AddReceived(100 + 9000, 5000));
    auto bytes = Build(b);
    auto fb = TransportFeedback::Parse(Frame(bytes));
    REQUIRE(fb);
    CHECK(fb->status_count() == 9001);
    CHECK(fb->chunk_bytes().size() <= 8);
    auto got = Received(*fb);
    REQUIRE(got.size() == 2);
    CHECK(got[1].seq == 9100);
    CHECK(got[1].us == 5000);
  }
}

TEST_CASE("tcc builder: sequence rules") {
  TransportFeedbackBuilder b(1, 2, 0);
  REQUIRE(b.AddReceived(65535, 0));
  CHECK_FALSE(b.AddReceived(65535, 10));  // Duplicate.
  CHECK_FALSE(b.AddReceived(65534, 10));  // Older (or 65536 statuses ahead).
  CHECK(b.AddReceived(0, 10));            // Wraps.
  CHECK_FALSE(b.AddReceived(65535, 20));
  CHECK(b.status_count() == 2);
  // 65535 statuses is the most the count field holds: base 65535 + 65534 = 65533.
  CHECK(b.AddReceived(65533, 20));
  CHECK(b.status_count() == 65535);
  CHECK_FALSE(b.AddReceived(65534, 30));  // Would be the 65536th status.
  auto bytes = Build(b);
  auto fb = TransportFeedback::Parse(Frame(bytes));
  REQUIRE(fb);
  CHECK(fb->status_count() == 65535);
  CHECK(Received(*fb).back().seq == 65533);
}

TEST_CASE("tcc builder: delta range is the signed 16-bit field") {
  TransportFeedbackBuilder b(1, 2, 0);
  REQUIRE(b.AddReceived(1, 0));
  CHECK(b.AddReceived(2, 32767 * 250));                // +8191.75 ms: large.
  CHECK_FALSE(b.AddReceived(3, 65535 * 250));          // +8192 ms from the last: too far.
  CHECK(b.AddReceived(3, 32767 * 250 - 32768 * 250));  // -8192 ms: large, negative.
  CHECK_FALSE(b.AddReceived(4, -250 - 32769 * 250));   // -8192.25 ms from the last.
  auto bytes = Build(b);
  auto fb = TransportFeedback::Parse(Frame(bytes));
  REQUIRE(fb);
  auto got = Received(*fb);
  REQUIRE(got.size() == 3);
  CHECK(got[1].us == 32767 * 250);
  CHECK(got[2].us == -250);
}

TEST_CASE("tcc builder: arrivals off the 250 us grid do not drift") {
  TransportFeedbackBuilder b(1, 2, 0);
  for (int i = 0; i < 50; ++i)
    REQUIRE(b.AddReceived(static_cast<uint16_t>(i), i * 333 + 7));
  auto bytes = Build(b);
  auto fb = TransportFeedback::Parse(Frame(bytes));
  REQUIRE(fb);
  auto got = Received(*fb);
  REQUIRE(got.size() == 50);
  for (int i = 0; i < 50; ++i)
    CHECK(got[static_cast<size_t>(i)].us == (i * 333 + 7) / 250 * 250);
}

TEST_CASE("tcc builder: reference time wraps at 24 bits; negative clocks work") {
  TransportFeedbackBuilder b(1, 2, 0);
  REQUIRE(b.AddReceived(1, (int64_t{1} << 24) * 64000 + 5 * 64000 + 300));
  CHECK(b.reference_time() == 5);
  TransportFeedbackBuilder neg(1, 2, 0);
  REQUIRE(neg.AddReceived(1, -1));
  CHECK(neg.reference_time() == 0xffffff);  // -1 in 24 bits.
  auto bytes = Build(neg);
  auto fb = TransportFeedback::Parse(Frame(bytes));
  REQUIRE(fb);
  CHECK(Received(*fb)[0].us == int64_t{0xffffff} * 64000 + 63750);
}

TEST_CASE("tcc builder: the size limit is never exceeded") {
  for (size_t limit : {size_t{24}, size_t{40}, size_t{100}, size_t{1200}, size_t{5000}}) {
    CAPTURE(limit);
    TransportFeedbackBuilder b(1, 2, 0, limit);
    size_t accepted = 0;
    uint32_t seed = 1;
    int64_t t = 0;
    for (uint32_t seq = 0; seq < 20000; ++seq) {
      seed = seed * 1103515245 + 12345;
      if (seed % 5 == 0) continue;               // Lost.
      t += (seed >> 8) % 7 == 0 ? 80000 : 2000;  // Mostly small deltas, some large.
      if (!b.AddReceived(static_cast<uint16_t>(seq), t)) break;
      ++accepted;
      CHECK(b.Size() <= std::min(limit, TransportFeedbackBuilder::kMaxSize));
    }
    CHECK(accepted > 0);
    auto bytes = Build(b);
    CHECK(bytes.size() <= limit);
    auto fb = TransportFeedback::Parse(Frame(bytes));
    REQUIRE(fb);
    CHECK(fb->received_count() == accepted);
  }
  // A limit below the smallest feedback (24 bytes) accepts nothing.
  TransportFeedbackBuilder tiny(1, 2, 0, 20);
  CHECK_FALSE(tiny.AddReceived(1, 0));
  CHECK(tiny.empty());
}

TEST_CASE("tcc builder: randomized arrivals round-trip through the parser") {
  uint64_t seed = 0x9e3779b97f4a7c15ULL;
  auto next = [&seed]() {
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return seed;
  };
  for (int round = 0; round < 300; ++round) {
    TransportFeedbackBuilder b(0x1234, 0x5678, static_cast<uint8_t>(round));
    std::vector<Arrival> sent;
    uint16_t seq = static_cast<uint16_t>(next());
    int64_t t = static_cast<int64_t>(next() % (int64_t{1} << 40));
    for (int i = 0; i < 600; ++i) {
      uint64_t r = next();
      seq = static_cast<uint16_t>(seq + 1 + (r % 10 == 0 ? r % 50 : 0) + (r % 997 == 0 ? 3000 : 0));
      int64_t step = static_cast<int64_t>(r >> 20) % 20000;
      if (r % 13 == 0) step = -static_cast<int64_t>((r >> 30) % 30000);  // Reordered arrival.
      if (r % 101 == 0) step = 2000000;                                  // 2 s pause.
      t += step;
      if (!b.AddReceived(seq, t)) break;
      sent.push_back({seq, t});
    }
    REQUIRE_FALSE(sent.empty());
    auto bytes = Build(b);
    auto fb = TransportFeedback::Parse(Frame(bytes));
    REQUIRE(fb);
    auto got = Received(*fb);
    REQUIRE(got.size() == sent.size());
    // Arrivals come back on the 250 us grid; the reference time anchors them modulo 2^24 * 64 ms.
    constexpr int64_t kWrap = (int64_t{1} << 24) * 64000;
    for (size_t i = 0; i < sent.size(); ++i) {
      CHECK(got[i].seq == sent[i].seq);
      int64_t expected = sent[i].us - (((sent[i].us % 250) + 250) % 250);
      CHECK(((got[i].us - expected) % kWrap + kWrap) % kWrap == 0);
    }
  }
}

}  // namespace
}  // namespace weir::proto::rtcp
