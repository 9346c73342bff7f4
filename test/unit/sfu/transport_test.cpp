// Transport scenarios on the fake network: the periodic RTCP reports (SR + SDES toward
// receivers, RR toward senders), what they carry, RTT from receivers' reports, consumer scores,
// and counting of input that belongs to nobody.

#include "sfu/transport.hpp"

#include <doctest/doctest.h>

#include "video_room.hpp"

using namespace weir;
using namespace weir::test;
using namespace std::chrono_literals;

namespace {

uint32_t SsrcOf(const sfu::Consumer& consumer) {
  return consumer.rtpParameters().encodings.at(0).ssrc.value();
}

std::vector<ReceivedRtcp::Sr> SrsOf(const FakeNetwork::Peer& peer) {
  std::vector<ReceivedRtcp::Sr> out;
  for (const auto& r : SfuScenario::RtcpOf(peer))
    out.insert(out.end(), r.srs.begin(), r.srs.end());
  return out;
}

std::vector<proto::rtcp::ReportBlock> RrBlocksOf(const FakeNetwork::Peer& peer) {
  std::vector<proto::rtcp::ReportBlock> out;
  for (const auto& r : SfuScenario::RtcpOf(peer)) {
    for (const auto& rr : r.rrs)
      out.insert(out.end(), rr.blocks.begin(), rr.blocks.end());
  }
  return out;
}

}  // namespace

TEST_CASE_FIXTURE(VideoRoom, "receivers get SRs with SDES, senders RRs, on the transport's timer") {
  ProduceVp8();
  auto& a = ConsumeOn(outA, "a");
  const base::Timestamp start = Now();
  for (uint16_t seq = 100; seq < 110; ++seq) {
    SendVideo(seq, seq == 100);
    Advance(33ms);
  }
  const base::Timestamp lastSent = Now() - 33ms;
  Advance(1600ms);  // Every report interval is within [0.5, 1.5] s.
  auto srs = SrsOf(*receiverA);
  REQUIRE_FALSE(srs.empty());
  const auto& sr = srs.back();
  CHECK(sr.ssrc == SsrcOf(a));
  CHECK(sr.info.packetCount == 10);
  CHECK(sr.info.octetCount == 10 * 40);  // Payload octets (RFC 3550 6.4.1).
  CHECK(sr.blocks.empty());
  // The NTP time is the worker's clock when it was sent, and the RTP timestamp is extrapolated
  // from the last packet to that instant.
  base::Timestamp sentAt = base::FromNtp(sr.info.ntpTimestamp);
  CHECK(sentAt >= start);
  CHECK(sentAt <= Now());
  const uint32_t lastTs = 10000 + 3000 * 109;
  if (sentAt > lastSent) {
    auto elapsedUs = std::chrono::duration_cast<std::chrono::microseconds>(sentAt - lastSent);
    int64_t expected = lastTs + elapsedUs.count() * 90 / 1000;
    CHECK(std::abs(static_cast<int64_t>(sr.info.rtpTimestamp) - expected) <= 1);
  }
  bool sawCname = false;
  for (const auto& r : RtcpOf(*receiverA)) {
    for (const auto& [ssrc, cname] : r.cnames) {
      CHECK(ssrc == SsrcOf(a));
      CHECK(cname == "producer");  // The producer's CNAME, kept for the consumer.
      sawCname = true;
    }
    CHECK(r.rrs.empty());  // Nothing is received on outA.
  }
  CHECK(sawCname);

  auto blocks = RrBlocksOf(*sender);
  REQUIRE_FALSE(blocks.empty());
  CHECK(blocks.back().ssrc == kSenderSsrc);
  CHECK(blocks.back().extendedHighestSeq == 109);
  CHECK(blocks.back().cumulativeLost == 0);
  CHECK(blocks.back().fractionLost == 0);
  CHECK(blocks.back().lastSr == 0);  // No SR from the sender yet.
  CHECK(blocks.back().delaySinceLastSr == 0);
  for (const auto& r : RtcpOf(*sender))
    CHECK(r.srs.empty());  // Nothing is sent on "in".
  CHECK(in.counters().rtcpPacketsSent >= 1);
}

TEST_CASE_FIXTURE(VideoRoom, "RRs to the sender carry LSR and DLSR after the sender's SR") {
  ProduceVp8();
  for (uint16_t seq = 0; seq < 5; ++seq)
    SendVideo(seq, seq == 0);
  const uint64_t ntp = 0xe0000000'12345678ull;  // Whatever the sender's clock says.
  Send(*sender, LocalAddress(in), BuildSr(kSenderSsrc, {ntp, 777, 5, 200}));
  Clear(*sender);
  Advance(1600ms);
  auto blocks = RrBlocksOf(*sender);
  REQUIRE_FALSE(blocks.empty());
  CHECK(blocks[0].lastSr == base::CompactNtp(ntp));
  CHECK(blocks[0].lastSr == 0x00001234u);  // The middle 32 bits (RFC 3550 6.4.1).
  // DLSR: the time from the SR's arrival to the report, in 1/65536 s. The report's own time is
  // not in the RR; it lies within the 1.6 s advanced, and at least 0.5 s after the SR.
  CHECK(blocks[0].delaySinceLastSr >= 65536 / 2 - 1);
  CHECK(blocks[0].delaySinceLastSr <= 65536 * 16 / 10 + 1);
}

TEST_CASE_FIXTURE(VideoRoom, "a receiver's RR gives the consumer its RTT, loss and score") {
  ProduceVp8();
  auto& a = ConsumeOn(outA, "a");
  for (uint16_t seq = 0; seq < 50; ++seq) {
    SendVideo(seq, seq == 0);
    Advance(20ms);
  }
  Advance(1600ms);
  auto srs = SrsOf(*receiverA);
  REQUIRE_FALSE(srs.empty());
  const auto& sr = srs.back();
  const base::Timestamp srSentAt = base::FromNtp(sr.info.ntpTimestamp);
  // The receiver answers: it held the SR 250 ms, and the round trip on the wire was 80 ms.
  fake.clock.now = std::max(Now(), srSentAt + 330ms);
  const base::Duration held = Now() - srSentAt - 80ms;
  proto::rtcp::ReportBlock block;
  block.ssrc = SsrcOf(a);
  block.extendedHighestSeq = 49;
  block.lastSr = base::CompactNtp(sr.info.ntpTimestamp);
  block.delaySinceLastSr = static_cast<uint32_t>(
      std::chrono::duration_cast<std::chrono::microseconds>(held).count() * 65536 / 1'000'000);
  SendFromA(BuildRr(kPeerSsrc, {block}));
  REQUIRE(a.stream().statistics().rtt_ms().has_value());
  CHECK(*a.stream().statistics().rtt_ms() == doctest::Approx(80.0).epsilon(0.01));

  // Then 25% of the next 100 packets lost, as the receiver reports them.
  block.extendedHighestSeq = 149;
  block.cumulativeLost = 25;
  block.fractionLost = 64;
  SendFromA(BuildRr(kPeerSsrc, {block}));
  CHECK(a.stream().statistics().packets_lost() == 25);
  CHECK(a.stream().statistics().fraction_lost() == 64);
  auto scores = fake.notifier.All<sfu::event::ConsumerScore>("a");
  REQUIRE_FALSE(scores.empty());
  CHECK(scores.back().score < 10);
  CHECK(scores.back().score == a.score());
  CHECK(scores.back().producerScore == 10);
  CHECK(scores.back().producerScores == std::vector<uint8_t>{10});
}

TEST_CASE_FIXTURE(VideoRoom, "an RR block for an SSRC nobody sends changes nothing") {
  ProduceVp8();
  auto& a = ConsumeOn(outA, "a");
  SendVideo(0, true);
  proto::rtcp::ReportBlock block;
  block.ssrc = SsrcOf(a) + 1;
  block.cumulativeLost = 100;
  block.extendedHighestSeq = 1000;
  SendFromA(BuildRr(kPeerSsrc, {block}));
  SendFromA(BuildRr(kPeerSsrc, {block}));
  CHECK(a.stream().statistics().packets_lost() == 0);
  CHECK(fake.notifier.All<sfu::event::ConsumerScore>().empty());
}

TEST_CASE_FIXTURE(VideoRoom,
                  "unknown SSRC, unknown payload type and garbage are counted and dropped") {
  ProduceVp8();
  ConsumeOn(outA, "a");
  SendVideo(0, true);
  auto packet = [](uint8_t pt, uint32_t ssrc) {
    return BuildRtp({pt, 1, 0, ssrc, false, {}, Vp8Payload(false)});
  };
  Send(*sender, LocalAddress(in), packet(kSenderPt, 0x5555));  // Nobody's SSRC.
  Send(*sender, LocalAddress(in), packet(99, kSenderSsrc));    // Not negotiated.
  Send(*sender, LocalAddress(in), {0xff, 0xff, 0xff, 0xff});   // Not RTP, RTCP, STUN or DTLS.
  Send(*sender, LocalAddress(in), {0x80, 96, 0, 1, 0, 0});     // Too short to be anything.
  // RTP whose header announces 15 CSRCs it does not have; RTCP whose length runs past the end.
  Send(*sender, LocalAddress(in), {0x8f, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1});
  Send(*sender, LocalAddress(in), {0x80, 200, 0x00, 0x10, 0, 0, 0, 1});
  Send(*sender, LocalAddress(in), {0x80, 201, 0x00, 0x01, 0, 0, 0, 1, 0x81, 205});  // Cut short.
  const auto& c = in.counters();
  CHECK(c.unknownSsrcPackets == 1);
  CHECK(c.unknownPayloadTypePackets == 1);
  CHECK(c.unknownPackets == 2);
  CHECK(c.badRtpPackets == 1);
  CHECK(c.badRtcpPackets == 2);
  CHECK(c.rtpPacketsReceived == 3);
  CHECK(RtpOf(*receiverA).size() == 1);
  // The stream is undisturbed.
  SendVideo(1);
  CHECK(RtpOf(*receiverA).size() == 2);
}

TEST_CASE_FIXTURE(VideoRoom, "a receiver's feedback for an SSRC it does not receive is ignored") {
  ProduceVp8();
  auto& a = ConsumeOn(outA, "a");
  auto& b = ConsumeOn(outB, "b");
  SendVideo(0, true);
  Clear(*receiverB);
  Clear(*sender);
  // Receiver A names consumer B's SSRC on its own transport.
  SendFromA(BuildNack(kPeerSsrc, SsrcOf(b), {0}));
  SendFromA(BuildPli(kPeerSsrc, SsrcOf(b)));
  CHECK(RtpOf(*receiverB).empty());
  CHECK(RtpOf(*receiverA).size() == 1);
  CHECK(b.stream().counters().pliCount == 0);
  CHECK(a.stream().counters().pliCount == 0);
  CHECK(KeyFrameRequestsAtSender().empty());
}
