#include "engine/rtp/send_statistics.hpp"

#include <doctest/doctest.h>

using namespace weir;
using engine::SendStatistics;
using namespace std::chrono_literals;

TEST_CASE("sender report extrapolates the RTP timestamp and counts payload octets") {
  SendStatistics stats(42, 90000);
  base::Timestamp t = base::FromMillis(2'000'000);
  CHECK_FALSE(stats.MakeSenderReport(t));
  stats.OnPacketSent(t, 1000, 1212, 1200, false);
  stats.OnPacketSent(t + 10ms, 1900, 1212, 1200, false);
  stats.OnPacketSent(t + 20ms, 1000, 1216, 1200, true);  // A retransmission: not in the SR counts.
  auto sr = stats.MakeSenderReport(t + 110ms);
  REQUIRE(sr);
  CHECK(sr->packetCount == 2);
  CHECK(sr->octetCount == 2400);
  CHECK(sr->rtpTimestamp == 1900 + 9000);  // 100 ms at 90 kHz after the last packet.
  CHECK(sr->ntp == base::ToNtp(t + 110ms));
  CHECK(stats.packets_retransmitted() == 1);
  CHECK(stats.bytes_sent() == 1212 * 2 + 1216);
}

TEST_CASE("RTT from LSR/DLSR, loss and score from report blocks") {
  SendStatistics stats(42, 90000);
  base::Timestamp t = base::FromMillis(3'000'000);
  stats.OnPacketSent(t, 0, 100, 88, false);
  auto sr = stats.MakeSenderReport(t);
  engine::ReportBlockData block;
  block.ssrc = 42;
  block.extendedHighestSeq = 1000;
  block.lastSr = base::CompactNtp(sr->ntp);
  block.delaySinceLastSr = 65536 / 10;  // The receiver held it 100 ms.
  stats.HandleReportBlock(t + 150ms, block);
  REQUIRE(stats.rtt_ms());
  CHECK(*stats.rtt_ms() == doctest::Approx(50.0).epsilon(0.01));
  CHECK(stats.score() == 10);
  // Next interval: 100 expected, 20 lost -> 10 * 0.8^4 = 4.1 this interval; the average drops.
  block.extendedHighestSeq = 1100;
  block.cumulativeLost = 20;
  block.fractionLost = 51;
  CHECK(stats.HandleReportBlock(t + 1150ms, block));
  CHECK(stats.score() < 10);
  CHECK(stats.score() >= 4);
  CHECK(stats.packets_lost() == 20);
  CHECK(stats.fraction_lost() == 51);
  // Clean intervals bring it back up.
  for (int i = 2; i < 20; ++i) {
    block.extendedHighestSeq += 100;
    stats.HandleReportBlock(t + i * 1s, block);
  }
  CHECK(stats.score() == 10);
}

TEST_CASE("stream score: total loss is 0, silence is not loss") {
  engine::StreamScore score;
  for (int i = 0; i < 8; ++i)
    score.Update(100, 100);
  CHECK(score.score() == 0);
  score.Reset();
  score.Update(100, 0);
  for (int i = 0; i < 8; ++i)
    score.Update(0, 0);
  CHECK(score.score() == 10);
}
