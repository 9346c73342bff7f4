// SimpleConsumer scenarios on the fake network: rewriting, keyframe gating, pause/resume,
// producer pause and restart, and answering NACKs.

#include "sfu/simple_consumer.hpp"

#include <doctest/doctest.h>

#include "sfu/producer.hpp"
#include "video_room.hpp"

using namespace weir;
using namespace weir::test;

namespace {

uint32_t SsrcOf(const sfu::Consumer& consumer) {
  return consumer.rtpParameters().encodings.at(0).ssrc.value();
}

uint32_t RtxSsrcOf(const sfu::Consumer& consumer) {
  return consumer.rtpParameters().encodings.at(0).rtx.value().ssrc;
}

uint8_t PayloadTypeOf(const sfu::Consumer& consumer, const std::string& mimeType) {
  for (const auto& codec : consumer.rtpParameters().codecs) {
    if (codec.mimeType == mimeType) return codec.payloadType;
  }
  FAIL("no codec ", mimeType);
  return 0;
}

// Checks that a stream's sequence numbers and timestamps advance by one and 3000 per packet.
void CheckContinuous(const std::vector<ReceivedRtp>& rtp) {
  for (size_t i = 1; i < rtp.size(); ++i) {
    CHECK(rtp[i].seq == static_cast<uint16_t>(rtp[i - 1].seq + 1));
    CHECK(rtp[i].timestamp - rtp[i - 1].timestamp > 0);
    CHECK(rtp[i].timestamp - rtp[i - 1].timestamp < 0x80000000u);
  }
}

}  // namespace

TEST_CASE_FIXTURE(
    VideoRoom,
    "forwarding rewrites SSRC and payload type and leaves the packet for the next consumer") {
  ProduceVp8();
  auto& a = ConsumeOn(outA, "a");
  auto& b = ConsumeOn(outB, "b");
  CHECK(SsrcOf(a) != SsrcOf(b));
  for (uint16_t seq = 1000; seq < 1005; ++seq)
    SendVideo(seq, seq == 1000);

  auto atA = RtpOf(*receiverA);
  auto atB = RtpOf(*receiverB);
  REQUIRE(atA.size() == 5);
  REQUIRE(atB.size() == 5);
  for (size_t i = 0; i < 5; ++i) {
    CHECK(atA[i].ssrc == SsrcOf(a));
    CHECK(atB[i].ssrc == SsrcOf(b));
    CHECK(atA[i].payloadType == 101);  // The router's VP8 payload type, not the sender's 96.
    CHECK(atB[i].payloadType == 101);
    CHECK(TagOf(atA[i]) == 1000 + i);
    CHECK(atA[i].payload == atB[i].payload);
    CHECK(atA[i].marker);
  }
  CheckContinuous(atA);
  CheckContinuous(atB);
  CHECK(atA[1].timestamp - atA[0].timestamp == 3000);

  // Consumer A pauses and resumes, so its numbering now differs from the input; B, served after
  // A from the same packet, must still see the producer's numbers (A restored them).
  a.Pause();
  for (uint16_t seq = 1005; seq < 1010; ++seq)
    SendVideo(seq);
  a.Resume(Now());
  Advance(std::chrono::milliseconds(100));
  for (uint16_t seq = 1010; seq < 1014; ++seq)
    SendVideo(seq, seq == 1010);
  atA = RtpOf(*receiverA);
  atB = RtpOf(*receiverB);
  REQUIRE(atA.size() == 9);
  REQUIRE(atB.size() == 14);
  CheckContinuous(atA);  // A continues at last + 1 across the pause.
  CHECK(TagOf(atA[5]) == 1010);
  CHECK(atA[5].seq == static_cast<uint16_t>(atA[4].seq + 1));
  for (size_t i = 0; i < atB.size(); ++i) {
    CHECK(TagOf(atB[i]) == 1000 + i);
    CHECK(atB[i].seq == atB[0].seq + i);  // Untouched by A's rewriting.
    CHECK(atB[i].timestamp == atB[0].timestamp + 3000 * i);
  }
  CHECK(a.stream().statistics().packets_sent() == 9);
  CHECK(b.stream().statistics().packets_sent() == 14);
}

TEST_CASE_FIXTURE(VideoRoom,
                  "a video consumer waits for a keyframe and asks the producer for one") {
  ProduceVp8();
  for (uint16_t seq = 1; seq <= 3; ++seq)
    SendVideo(seq, seq == 1);
  Clear(*sender);
  auto& a = ConsumeOn(outA, "a");
  // Created on a connected transport while the stream runs: one PLI (the sender negotiated
  // "nack pli") for the sender's own SSRC.
  auto requests = KeyFrameRequestsAtSender();
  REQUIRE(requests.size() == 1);
  CHECK_FALSE(requests[0].fir);
  CHECK(requests[0].mediaSsrc == kSenderSsrc);
  CHECK(requests[0].senderSsrc != 0);

  for (uint16_t seq = 4; seq <= 6; ++seq)
    SendVideo(seq);
  CHECK(RtpOf(*receiverA).empty());
  CHECK(a.stream().counters().packetsDiscarded == 3);

  SendVideo(7, true);
  SendVideo(8);
  auto rtp = RtpOf(*receiverA);
  REQUIRE(rtp.size() == 2);
  CHECK(TagOf(rtp[0]) == 7);
  CHECK(TagOf(rtp[1]) == 8);
}

TEST_CASE_FIXTURE(VideoRoom,
                  "a consumer created before the stream starts asks for a keyframe once it does") {
  ProduceVp8();
  ConsumeOn(outA, "a");
  CHECK(KeyFrameRequestsAtSender().empty());  // Nothing to ask yet: no stream.
  // The sender starts mid-GOP (or its first keyframe was lost).
  SendVideo(1);
  SendVideo(2);
  CHECK(RtpOf(*receiverA).empty());
  auto requests = KeyFrameRequestsAtSender();
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].mediaSsrc == kSenderSsrc);
  SendVideo(3, true);
  CHECK(RtpOf(*receiverA).size() == 1);
}

TEST_CASE_FIXTURE(VideoRoom, "an audio consumer forwards from the first packet") {
  auto& producer = Produce(in, "p", sfu::MediaKind::kAudio, OpusProducerParameters(0x3333, 111));
  CHECK(producer.kind() == sfu::MediaKind::kAudio);
  auto& a = Consume(outA, "a", "p");
  for (uint16_t seq = 0; seq < 3; ++seq) {
    RtpSpec spec{111, seq, 960u * seq, 0x3333, false, {}, {0xfc, 1, 2, 3}};
    Send(*sender, LocalAddress(in), BuildRtp(spec));
  }
  auto rtp = RtpOf(*receiverA);
  REQUIRE(rtp.size() == 3);
  CHECK(rtp[0].payloadType == 100);
  CHECK(rtp[0].ssrc == SsrcOf(a));
  CHECK(rtp[2].timestamp - rtp[0].timestamp == 1920);
  CHECK(KeyFrameRequestsAtSender().empty());
}

TEST_CASE_FIXTURE(VideoRoom,
                  "pause and resume keep the output continuous and wait for a keyframe again") {
  ProduceVp8();
  auto& a = ConsumeOn(outA, "a");
  for (uint16_t seq = 100; seq < 105; ++seq)
    SendVideo(seq, seq == 100);
  a.Pause();
  CHECK_FALSE(a.active());
  for (uint16_t seq = 105; seq < 200; ++seq)
    SendVideo(seq, seq == 150);
  CHECK(RtpOf(*receiverA).size() == 5);
  Clear(*sender);
  Advance(std::chrono::seconds(2));
  a.Resume(Now());
  Pump();
  CHECK(KeyFrameRequestsAtSender().size() == 1);  // Resuming asks for a keyframe.
  SendVideo(200);                                 // Not a keyframe: held back.
  SendVideo(201, true);
  SendVideo(202);
  auto rtp = RtpOf(*receiverA);
  REQUIRE(rtp.size() == 7);
  CHECK(TagOf(rtp[5]) == 201);
  CHECK(rtp[5].seq == static_cast<uint16_t>(rtp[4].seq + 1));
  CHECK(rtp[6].seq == static_cast<uint16_t>(rtp[4].seq + 2));
  // The timestamp moves on by about the wall time that passed (2 s at 90 kHz), not by the
  // 97 frames the sender's clock advanced.
  uint32_t jump = rtp[5].timestamp - rtp[4].timestamp;
  CHECK(jump >= 170000);
  CHECK(jump <= 190000);
  CHECK(rtp[6].timestamp - rtp[5].timestamp == 3000);
}

TEST_CASE_FIXTURE(VideoRoom,
                  "producer pause and resume: events, nothing forwarded, then a keyframe") {
  sfu::Producer& producer = ProduceVp8();
  auto& a = ConsumeOn(outA, "a");
  auto& b = ConsumeOn(outB, "b");
  for (uint16_t seq = 0; seq < 3; ++seq)
    SendVideo(seq, seq == 0);
  in.PauseProducer("p", true);
  CHECK(producer.paused());
  CHECK(a.producerPaused());
  CHECK(fake.notifier.All<sfu::event::ConsumerProducerPause>("a").size() == 1);
  CHECK(fake.notifier.All<sfu::event::ConsumerProducerPause>("b").size() == 1);
  in.PauseProducer("p", true);  // Already paused: no second event.
  CHECK(fake.notifier.All<sfu::event::ConsumerProducerPause>("a").size() == 1);
  for (uint16_t seq = 3; seq < 10; ++seq)
    SendVideo(seq, seq == 5);
  CHECK(RtpOf(*receiverA).size() == 3);
  CHECK(RtpOf(*receiverB).size() == 3);
  // The producer still receives and accounts what it gets while paused.
  CHECK(producer.Stream(0)->statistics().packets_received() == 10);

  Clear(*sender);
  in.PauseProducer("p", false);
  Pump();
  CHECK(fake.notifier.All<sfu::event::ConsumerProducerResume>("a").size() == 1);
  CHECK(fake.notifier.All<sfu::event::ConsumerProducerResume>("b").size() == 1);
  // Two consumers resumed at once: one upstream request serves both.
  CHECK(KeyFrameRequestsAtSender().size() == 1);
  SendVideo(10);
  SendVideo(11, true);
  auto rtpA = RtpOf(*receiverA);
  REQUIRE(rtpA.size() == 4);
  CHECK(TagOf(rtpA[3]) == 11);
  CHECK(rtpA[3].seq == static_cast<uint16_t>(rtpA[2].seq + 1));
  CHECK(RtpOf(*receiverB).size() == 4);
  CHECK(b.active());
}

TEST_CASE_FIXTURE(VideoRoom,
                  "a producer restart (sequence and timestamp jump) keeps the output continuous") {
  ProduceVp8();
  ConsumeOn(outA, "a");
  for (uint16_t seq = 1000; seq < 1010; ++seq)
    SendVideo(seq, seq == 1000);
  Advance(std::chrono::milliseconds(40));
  // The sender restarts its stream with the same SSRC: new random sequence and timestamp bases.
  auto restart = [&](uint16_t seq, bool key) {
    Send(*sender, LocalAddress(in), Vp8Packet(seq, key, 0x90000000u, 40000));
  };
  for (uint16_t seq = 40000; seq < 40005; ++seq)
    restart(seq, seq == 40000);
  auto rtp = RtpOf(*receiverA);
  // RFC 3550 A.1: the first packet of the jump is held as a probable restart and dropped; the
  // next one confirms it.
  REQUIRE(rtp.size() == 14);
  CHECK(TagOf(rtp[10]) == 40001);
  CheckContinuous(rtp);
  CHECK(rtp[10].timestamp - rtp[9].timestamp < 90000);  // About 40 ms of wall time.
  CHECK(rtp[13].timestamp - rtp[10].timestamp == 9000);
}

TEST_CASE_FIXTURE(
    VideoRoom,
    "a producer restart the other way round (40000 -> 1000) keeps the output continuous too") {
  ProduceVp8();
  ConsumeOn(outA, "a");
  for (uint16_t seq = 40000; seq < 40010; ++seq)
    SendVideo(seq, seq == 40000);
  for (uint16_t seq = 1000; seq < 1010; ++seq)
    Send(*sender, LocalAddress(in), Vp8Packet(seq, seq == 1000, 5000, 1000));
  auto rtp = RtpOf(*receiverA);
  REQUIRE(rtp.size() == 19);
  CheckContinuous(rtp);
  CHECK(TagOf(rtp.back()) == 1009);
}

TEST_CASE_FIXTURE(VideoRoom,
                  "NACKs are answered from the producer's store as RTX when negotiated") {
  ProduceVp8();
  auto& a = ConsumeOn(outA, "a");
  REQUIRE(a.rtpParameters().encodings[0].rtx.has_value());
  const uint8_t rtxPt = PayloadTypeOf(a, "video/rtx");
  CHECK(rtxPt == 102);
  for (uint16_t seq = 500; seq < 510; ++seq)
    SendVideo(seq, seq == 500);
  auto sent = RtpOf(*receiverA);
  REQUIRE(sent.size() == 10);
  Clear(*receiverA);

  SendFromA(BuildNack(kPeerSsrc, SsrcOf(a), {sent[3].seq, sent[4].seq, sent[8].seq}));
  auto rtx = RtpOf(*receiverA);
  REQUIRE(rtx.size() == 3);
  const size_t index[] = {3, 4, 8};
  for (size_t i = 0; i < 3; ++i) {
    const auto& original = sent[index[i]];
    CHECK(rtx[i].ssrc == RtxSsrcOf(a));
    CHECK(rtx[i].payloadType == rtxPt);
    CHECK(rtx[i].timestamp == original.timestamp);
    // RFC 4588 4: the original sequence number, then the original payload.
    REQUIRE(rtx[i].payload.size() == original.payload.size() + 2);
    CHECK(((rtx[i].payload[0] << 8) | rtx[i].payload[1]) == original.seq);
    CHECK(std::vector<uint8_t>(rtx[i].payload.begin() + 2, rtx[i].payload.end()) ==
          original.payload);
  }
  // RTX has its own sequence numbers, one per retransmission.
  CHECK(rtx[1].seq == static_cast<uint16_t>(rtx[0].seq + 1));
  CHECK(rtx[2].seq == static_cast<uint16_t>(rtx[0].seq + 2));
  CHECK(a.stream().counters().nackCount == 1);
  CHECK(a.stream().counters().nackPacketCount == 3);
  CHECK(a.stream().statistics().packets_retransmitted() == 3);
  CHECK(a.stream().counters().retransmissionsMissed == 0);

  // Never sent, and long gone: counted as missed, nothing sent.
  Clear(*receiverA);
  SendFromA(BuildNack(kPeerSsrc, SsrcOf(a), {static_cast<uint16_t>(sent[9].seq + 5)}));
  CHECK(RtpOf(*receiverA).empty());
  CHECK(a.stream().counters().retransmissionsMissed == 1);
  Advance(std::chrono::seconds(3));  // Older than the store keeps packets.
  Clear(*receiverA);
  SendFromA(BuildNack(kPeerSsrc, SsrcOf(a), {sent[2].seq}));
  CHECK(RtpOf(*receiverA).empty());
  CHECK(a.stream().counters().retransmissionsMissed == 2);
}

TEST_CASE_FIXTURE(
    VideoRoom, "without RTX in the endpoint's capabilities a NACK resends the packet as it was") {
  ProduceVp8();
  auto caps = router->rtpCapabilities();
  std::erase_if(caps.codecs, [](const auto& c) { return c.mimeType == "video/rtx"; });
  auto& a = static_cast<sfu::SimpleConsumer&>(Consume(outA, "a", "p", true, false, caps));
  CHECK_FALSE(a.rtpParameters().encodings[0].rtx.has_value());
  for (uint16_t seq = 0; seq < 5; ++seq)
    SendVideo(seq, seq == 0);
  auto sent = RtpOf(*receiverA);
  REQUIRE(sent.size() == 5);
  Clear(*receiverA);
  SendFromA(BuildNack(kPeerSsrc, SsrcOf(a), {sent[2].seq}));
  auto again = RtpOf(*receiverA);
  REQUIRE(again.size() == 1);
  CHECK(again[0].ssrc == sent[2].ssrc);
  CHECK(again[0].seq == sent[2].seq);
  CHECK(again[0].timestamp == sent[2].timestamp);
  CHECK(again[0].payloadType == sent[2].payloadType);
  CHECK(again[0].payload == sent[2].payload);
}

TEST_CASE_FIXTURE(VideoRoom,
                  "a consumer without NACK ignores NACKs; a paused one does not answer them") {
  ProduceVp8();
  auto& a = ConsumeOn(outA, "a", /*enableRtx=*/false);
  auto& b = ConsumeOn(outB, "b");
  for (uint16_t seq = 0; seq < 5; ++seq)
    SendVideo(seq, seq == 0);
  auto sentA = RtpOf(*receiverA);
  auto sentB = RtpOf(*receiverB);
  Clear(*receiverA);
  Clear(*receiverB);
  SendFromA(BuildNack(kPeerSsrc, SsrcOf(a), {sentA[1].seq}));
  CHECK(RtpOf(*receiverA).empty());
  CHECK(a.stream().counters().nackCount == 0);
  b.Pause();
  SendFromB(BuildNack(kPeerSsrc, SsrcOf(b), {sentB[1].seq}));
  CHECK(RtpOf(*receiverB).empty());
  CHECK(b.stream().counters().nackCount == 1);
}

TEST_CASE_FIXTURE(VideoRoom,
                  "a simple consumer of a simulcast producer forwards its first encoding only") {
  auto params = Vp8ProducerParameters(kSenderSsrc);
  params.encodings.push_back(params.encodings[0]);
  params.encodings[1].ssrc = kSenderSsrc + 1;
  sfu::Producer& producer = Produce(in, "p", sfu::MediaKind::kVideo, params);
  CHECK(producer.type() == sfu::ProducerType::kSimulcast);
  auto& a = ConsumeOn(outA, "a");
  for (uint16_t seq = 0; seq < 4; ++seq) {
    SendVideo(seq, seq == 0);
    RtpSpec high{kSenderPt,
                 static_cast<uint16_t>(5000 + seq),
                 777u * seq,
                 kSenderSsrc + 1,
                 true,
                 {},
                 Vp8Payload(seq == 0)};
    Send(*sender, LocalAddress(in), BuildRtp(high));
  }
  auto rtp = RtpOf(*receiverA);
  REQUIRE(rtp.size() == 4);
  for (size_t i = 0; i < rtp.size(); ++i)
    CHECK(TagOf(rtp[i]) == i);
  CheckContinuous(rtp);
  CHECK(a.stream().statistics().packets_sent() == 4);
}
