// Producer scenarios on the fake network: keyframe requests toward the sender (PLI or FIR,
// rate-limited), NACK generation and RTX repair, scores and trace events.

#include "sfu/producer.hpp"

#include <doctest/doctest.h>

#include "proto/rtp/rtx.hpp"
#include "sfu/trace.hpp"
#include "video_room.hpp"

using namespace weir;
using namespace weir::test;
using namespace std::chrono_literals;

namespace {

uint32_t SsrcOf(const sfu::Consumer& consumer) {
  return consumer.rtpParameters().encodings.at(0).ssrc.value();
}

// The sender's RTX form of its packet `seq` (RFC 4588 4).
std::vector<uint8_t> RtxOf(uint16_t seq, uint16_t rtxSeq) {
  std::vector<uint8_t> packet = VideoRoom::Vp8Packet(seq, false);
  packet.resize(packet.size() + 2);
  auto rtp = proto::rtp::RtpPacket::Parse(base::MutableByteView(packet), packet.size() - 2);
  REQUIRE(rtp.has_value());
  REQUIRE(proto::rtp::RtxEncapsulate(*rtp, kSenderRtxPt, kSenderRtxSsrc, rtxSeq));
  packet.resize(rtp->size());
  return packet;
}

}  // namespace

TEST_CASE_FIXTURE(VideoRoom,
                  "keyframe requests from many consumers become one PLI a second upstream") {
  ProduceVp8();
  auto& a = ConsumeOn(outA, "a");
  auto& b = ConsumeOn(outB, "b");
  uint16_t seq = 0;
  SendVideo(seq++, true);
  Clear(*sender);
  // 30 frames a second, no keyframe; both receivers keep asking.
  for (int i = 0; i < 29; ++i) {
    SendVideo(seq++);
    SendFromA(BuildPli(kPeerSsrc, SsrcOf(a)));
    if (i % 2 == 0) SendFromB(BuildFir(kPeerSsrc, SsrcOf(b), static_cast<uint8_t>(i)));
    Advance(33ms);
  }
  // 29 * 33 ms < 1 s: the first request only.
  auto requests = KeyFrameRequestsAtSender();
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].mediaSsrc == kSenderSsrc);
  CHECK_FALSE(requests[0].fir);
  CHECK(a.stream().counters().pliCount == 29);
  CHECK(b.stream().counters().firCount == 15);
  // The keyframe does not come: asked again a second after the first request.
  for (int i = 0; i < 3; ++i) {
    SendVideo(seq++);
    Advance(33ms);
  }
  CHECK(KeyFrameRequestsAtSender().size() == 2);
  // It comes; the next request goes out at once.
  SendVideo(seq++, true);
  SendFromB(BuildPli(kPeerSsrc, SsrcOf(b)));
  CHECK(KeyFrameRequestsAtSender().size() == 3);
  CHECK(RtpOf(*receiverA).size() == 34);
}

TEST_CASE_FIXTURE(
    VideoRoom, "a sender that negotiated only FIR gets FIRs with a new sequence number each time") {
  auto params = Vp8ProducerParameters(kSenderSsrc, kSenderPt);
  params.codecs[0].rtcpFeedback = {{"nack", ""}, {"ccm", "fir"}};
  Produce(in, "p", sfu::MediaKind::kVideo, params);
  auto& a = ConsumeOn(outA, "a");
  SendVideo(0, true);
  Clear(*sender);
  SendFromA(BuildPli(kPeerSsrc, SsrcOf(a)));
  SendVideo(1, true);
  SendFromA(BuildPli(kPeerSsrc, SsrcOf(a)));
  auto requests = KeyFrameRequestsAtSender();
  REQUIRE(requests.size() == 2);
  CHECK(requests[0].fir);
  CHECK(requests[0].mediaSsrc == kSenderSsrc);
  CHECK(requests[1].fir);
  CHECK(requests[1].firSeq == static_cast<uint8_t>(requests[0].firSeq + 1));
}

TEST_CASE_FIXTURE(VideoRoom, "a sender without PLI or FIR feedback is never asked") {
  auto params = Vp8ProducerParameters(kSenderSsrc, kSenderPt);
  params.codecs[0].rtcpFeedback = {{"nack", ""}};
  Produce(in, "p", sfu::MediaKind::kVideo, params);
  auto& a = ConsumeOn(outA, "a");
  SendVideo(0);
  SendFromA(BuildPli(kPeerSsrc, SsrcOf(a)));
  Advance(3s);
  CHECK(KeyFrameRequestsAtSender().empty());
}

TEST_CASE_FIXTURE(VideoRoom, "keyFrameRequestDelay holds the first request back") {
  Produce(in, "p", sfu::MediaKind::kVideo, Vp8ProducerParameters(kSenderSsrc, kSenderPt), false,
          500ms);
  auto& a = ConsumeOn(outA, "a");
  SendVideo(0);  // The stream starts, mid-GOP.
  SendFromA(BuildPli(kPeerSsrc, SsrcOf(a)));
  for (uint16_t seq = 1; seq < 14; ++seq) {
    Advance(33ms);
    SendVideo(seq);
  }
  CHECK(KeyFrameRequestsAtSender().empty());  // 429 ms in.
  for (uint16_t seq = 14; seq < 18; ++seq) {
    Advance(33ms);
    SendVideo(seq);
  }
  CHECK(KeyFrameRequestsAtSender().size() == 1);  // Sent when the delay ended.
}

TEST_CASE_FIXTURE(VideoRoom,
                  "the producer NACKs gaps, retries after the RTT and RTX repairs them") {
  sfu::Producer& producer = ProduceVp8();
  ConsumeOn(outA, "a");
  for (uint16_t seq = 0; seq < 3; ++seq)
    SendVideo(seq, seq == 0);
  SendVideo(5);  // 3 and 4 lost.
  auto nacks = NacksAtSender();
  REQUIRE(nacks.size() == 1);
  CHECK(nacks[0].mediaSsrc == kSenderSsrc);
  CHECK(nacks[0].lost == std::vector<uint16_t>{3, 4});
  Advance(50ms);
  SendVideo(6);
  CHECK(NacksAtSender().size() == 1);  // Not again before the RTT (100 ms without a measure).
  Advance(60ms);
  nacks = NacksAtSender();
  REQUIRE(nacks.size() == 2);
  CHECK(nacks[1].lost == std::vector<uint16_t>{3, 4});

  // The sender repairs 3 with RTX: decapsulated and forwarded once, in its place.
  Send(*sender, LocalAddress(in), RtxOf(3, 7000));
  auto rtp = RtpOf(*receiverA);
  REQUIRE(rtp.size() == 6);
  CHECK(TagOf(rtp[5]) == 3);
  CHECK(rtp[5].seq == static_cast<uint16_t>(rtp[2].seq + 1));  // 2 -> 3, whatever came between.
  CHECK(rtp[5].ssrc == rtp[2].ssrc);
  CHECK(rtp[5].payload == ParseRtp(Vp8Packet(3, false))->payload);
  Send(*sender, LocalAddress(in), RtxOf(3, 7001));  // A duplicate repair.
  CHECK(RtpOf(*receiverA).size() == 6);
  const auto& counters = producer.Stream(0)->counters();
  CHECK(counters.packetsRepaired == 1);
  CHECK(counters.packetsRetransmitted == 2);
  CHECK(counters.packetsDuplicated == 1);

  // 4 is still asked for, alone, until the retries run out.
  Advance(110ms);
  nacks = NacksAtSender();
  REQUIRE(nacks.size() == 3);
  CHECK(nacks[2].lost == std::vector<uint16_t>{4});
  for (int i = 0; i < 20; ++i)
    Advance(110ms);
  size_t asked = 0;
  for (const auto& n : NacksAtSender())
    asked += std::count(n.lost.begin(), n.lost.end(), uint16_t{4});
  CHECK(asked == engine::NackGenerator::kMaxRetries);
  CHECK(counters.nackCount == NacksAtSender().size());
}

TEST_CASE_FIXTURE(
    VideoRoom,
    "a late original repairs a gap too; RTX for an unknown SSRC or without OSN is dropped") {
  sfu::Producer& producer = ProduceVp8();
  ConsumeOn(outA, "a");
  SendVideo(0, true);
  SendVideo(2);
  SendVideo(1);  // Reordered: the gap it left is repaired.
  CHECK(producer.Stream(0)->counters().packetsRepaired == 1);
  CHECK(RtpOf(*receiverA).size() == 3);
  // RTX payload type on the media SSRC, and an RTX packet too short to carry an OSN.
  RtpSpec wrong{kSenderRtxPt, 3, 0, kSenderSsrc, false, {}, {0, 3, 1, 2}};
  Send(*sender, LocalAddress(in), BuildRtp(wrong));
  RtpSpec empty{kSenderRtxPt, 9, 0, kSenderRtxSsrc, false, {}, {0}};
  Send(*sender, LocalAddress(in), BuildRtp(empty));
  CHECK(producer.counters().badRtx == 2);
  CHECK(RtpOf(*receiverA).size() == 3);
}

TEST_CASE_FIXTURE(VideoRoom, "loss lowers the producer's score and emits producer.score") {
  Produce(in, "p", sfu::MediaKind::kAudio, OpusProducerParameters(0x3333, 111));
  uint16_t seq = 0;
  auto sendFor = [&](base::Duration d, int lossEvery) {
    for (auto end = Now() + d; Now() < end; Advance(20ms)) {
      uint16_t s = seq++;
      if (lossEvery != 0 && s % lossEvery == 0) continue;
      RtpSpec spec{111, s, 960u * s, 0x3333, false, {}, {0xfc, 1, 2, 3}};
      Send(*sender, LocalAddress(in), BuildRtp(spec));
    }
  };
  sendFor(3s, 0);
  CHECK(fake.notifier.All<sfu::event::ProducerScore>("p").empty());  // Clean: stays 10.
  sendFor(6s, 5);  // 20% loss, over 4 report intervals at least.
  auto scores = fake.notifier.All<sfu::event::ProducerScore>("p");
  REQUIRE_FALSE(scores.empty());
  REQUIRE(scores.back().scores.size() == 1);
  CHECK(scores.back().scores[0].ssrc == 0x3333);
  CHECK(scores.back().scores[0].encodingIdx == 0);
  CHECK(scores.back().scores[0].score <= 6);
  // The RRs the sender got report it: about 20% (51/256) in an interval, losses counted.
  bool sawLoss = false;
  for (const auto& r : RtcpOf(*sender)) {
    for (const auto& rr : r.rrs) {
      for (const auto& block : rr.blocks) {
        CHECK(block.ssrc == 0x3333);
        if (block.fractionLost >= 40 && block.fractionLost <= 64 && block.cumulativeLost > 0)
          sawLoss = true;
      }
    }
  }
  CHECK(sawLoss);
  sendFor(14s, 0);  // More intervals than the score remembers.
  scores = fake.notifier.All<sfu::event::ProducerScore>("p");
  CHECK(scores.back().scores[0].score == 10);
}

TEST_CASE_FIXTURE(VideoRoom, "producer and consumer trace events") {
  sfu::Producer& producer = ProduceVp8();
  auto& a = ConsumeOn(outA, "a");
  producer.trace().Set(sfu::TraceTypes::Bit(sfu::TraceType::kRtp) |
                       sfu::TraceTypes::Bit(sfu::TraceType::kKeyFrame) |
                       sfu::TraceTypes::Bit(sfu::TraceType::kNack));
  a.trace().Set(sfu::TraceTypes::Bit(sfu::TraceType::kRtp) |
                sfu::TraceTypes::Bit(sfu::TraceType::kPli));
  SendVideo(0, true);
  SendVideo(2);
  SendFromA(BuildPli(kPeerSsrc, SsrcOf(a)));
  auto traces = fake.notifier.All<sfu::event::Trace>("p");
  REQUIRE(traces.size() == 3);
  CHECK(traces[0].type == sfu::TraceType::kKeyFrame);
  CHECK(traces[0].direction == sfu::TraceDirection::kIn);
  CHECK(traces[0].info.sequenceNumber == 0);
  CHECK(traces[0].info.payloadType == 101);  // Traced as the router sees it.
  CHECK(traces[1].type == sfu::TraceType::kNack);
  CHECK(traces[1].direction == sfu::TraceDirection::kOut);
  CHECK(traces[2].type == sfu::TraceType::kRtp);
  CHECK(traces[2].info.isKeyFrame == false);
  auto consumerTraces = fake.notifier.All<sfu::event::Trace>("a");
  REQUIRE(consumerTraces.size() == 3);
  CHECK(consumerTraces[0].source == sfu::TraceSource::kConsumer);
  CHECK(consumerTraces[0].direction == sfu::TraceDirection::kOut);
  CHECK(consumerTraces[0].info.ssrc == SsrcOf(a));
  CHECK(consumerTraces[2].type == sfu::TraceType::kPli);
  CHECK(consumerTraces[2].direction == sfu::TraceDirection::kIn);
}
