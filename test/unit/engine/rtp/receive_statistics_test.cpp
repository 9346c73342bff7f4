#include "engine/rtp/receive_statistics.hpp"

#include <doctest/doctest.h>

using namespace weir;
using engine::ReceiveStatistics;
using namespace std::chrono_literals;

namespace {
const base::Timestamp kStart = base::FromMillis(1'000'000);
}

TEST_CASE("in-order stream: nothing lost, extended seq across the 16-bit wrap") {
  ReceiveStatistics stats(1234, 90000);
  uint16_t seq = 65530;
  for (int i = 0; i < 20; ++i) {
    CHECK(stats.HandlePacket(kStart + i * 10ms, seq++, 900u * i) ==
          ReceiveStatistics::Verdict::kAccepted);
  }
  CHECK(stats.packets_received() == 20);
  CHECK(stats.packets_expected() == 20);
  CHECK(stats.packets_lost() == 0);
  CHECK(stats.extended_highest_seq() == 65536u + 13u);
  auto block = stats.MakeReportBlock(kStart + 1s);
  CHECK(block.ssrc == 1234);
  CHECK(block.fractionLost == 0);
  CHECK(block.cumulativeLost == 0);
  CHECK(block.extendedHighestSeq == 65536u + 13u);
}

TEST_CASE("losses: cumulative and per-interval fraction (RFC 3550 A.3)") {
  ReceiveStatistics stats(1, 8000);
  // 100 packets expected, every 4th missing: 25 lost.
  for (uint16_t s = 0; s < 100; ++s) {
    if (s % 4 == 3) continue;
    stats.HandlePacket(kStart + s * 20ms, s, 160u * s);
  }
  // The last packet is seq 98 (99 was dropped): 99 expected, 75 received.
  auto block = stats.MakeReportBlock(kStart + 2s);
  CHECK(block.cumulativeLost == 99 - 75);
  CHECK(block.fractionLost == (24 * 256) / 99);
  // Next interval: 100..109 arrive, so 99 turns out lost: 11 expected, 10 received.
  for (uint16_t s = 100; s < 110; ++s)
    stats.HandlePacket(kStart + s * 20ms, s, 160u * s);
  block = stats.MakeReportBlock(kStart + 3s);
  CHECK(block.fractionLost == 256 / 11);
  CHECK(block.cumulativeLost == 25);  // 110 expected, 85 received.
  // A third interval with nothing lost.
  for (uint16_t s = 110; s < 120; ++s)
    stats.HandlePacket(kStart + s * 20ms, s, 160u * s);
  CHECK(stats.MakeReportBlock(kStart + 4s).fractionLost == 0);
}

TEST_CASE("duplicates make cumulative lost negative, as RFC 3550 allows") {
  ReceiveStatistics stats(1, 8000);
  for (uint16_t s = 0; s < 10; ++s)
    stats.HandlePacket(kStart, s, 0);
  stats.HandlePacket(kStart, 5, 0);
  stats.HandlePacket(kStart, 6, 0);
  CHECK(stats.packets_lost() == -2);
  CHECK(stats.MakeReportBlock(kStart).cumulativeLost == -2);
}

TEST_CASE(
    "jitter: constant transit gives zero; alternating 20 ms delay converges near 1/16 steps") {
  ReceiveStatistics steady(1, 90000);
  for (int i = 0; i < 50; ++i) {
    steady.HandlePacket(kStart + i * 33ms, static_cast<uint16_t>(i),
                        static_cast<uint32_t>(2970 * i));
  }
  CHECK(steady.jitter() == 0);

  // Every other packet arrives 20 ms late: |D| = 1800 units each step; J converges to 1800.
  ReceiveStatistics shaky(1, 90000);
  for (int i = 0; i < 400; ++i) {
    auto arrival = kStart + i * 33ms + ((i % 2) ? 20ms : 0ms);
    shaky.HandlePacket(arrival, static_cast<uint16_t>(i), static_cast<uint32_t>(2970 * i));
  }
  CHECK(shaky.jitter() > 1700);
  CHECK(shaky.jitter() <= 1800);
}

TEST_CASE("jitter at today's times: arrival in RTP units does not overflow") {
  // A worker's Timestamps count from the Unix epoch: 2026 is ~1.8e15 us, which times 90000
  // exceeds int64 (found by UBSan in an integration test).
  const base::Timestamp today = base::FromMillis(1'795'303'410'150);
  ReceiveStatistics stats(1, 90000);
  for (int i = 0; i < 50; ++i) {
    auto arrival = today + i * 33ms + ((i % 2) ? 20ms : 0ms);
    stats.HandlePacket(arrival, static_cast<uint16_t>(i), static_cast<uint32_t>(2970 * i));
  }
  CHECK(stats.jitter() > 1000);
  CHECK(stats.jitter() <= 1800);
}

TEST_CASE("a huge jump is refused once, then accepted as a restart") {
  ReceiveStatistics stats(1, 90000);
  for (uint16_t s = 100; s < 110; ++s)
    stats.HandlePacket(kStart, s, 0);
  CHECK(stats.HandlePacket(kStart, 30000, 0) == ReceiveStatistics::Verdict::kBadSequence);
  CHECK(stats.HandlePacket(kStart, 30001, 0) == ReceiveStatistics::Verdict::kRestarted);
  CHECK(stats.HandlePacket(kStart, 30002, 0) == ReceiveStatistics::Verdict::kAccepted);
  CHECK(stats.packets_lost() == 0);
}

TEST_CASE("LSR and DLSR come from the last sender report") {
  ReceiveStatistics stats(1, 90000);
  stats.HandlePacket(kStart, 1, 0);
  uint64_t ntp = (uint64_t{0x12345678} << 32) | 0x9abcdef0;
  stats.HandleSenderReport(kStart, ntp);
  auto block = stats.MakeReportBlock(kStart + 500ms);
  CHECK(block.lastSr == 0x56789abc);
  CHECK(block.delaySinceLastSr == 32768);  // 0.5 s in 1/65536 s.
}
