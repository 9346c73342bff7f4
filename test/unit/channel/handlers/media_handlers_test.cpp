// producer.* and consumer.* through the ChannelEndpoint, with media on the fake network: dumps,
// stats, pause/resume and the notifications they cause, keyframe requests, trace events.

#include <doctest/doctest.h>

#include "../channel_test_support.hpp"
#include "proto/rtcp/compound_builder.hpp"
#include "proto/rtcp/pli.hpp"
#include "proto/rtcp/receiver_report.hpp"
#include "proto/rtp/rtp_packet_builder.hpp"
#include "sfu/plain_transport.hpp"

using namespace weir;
using namespace weir::test;
using namespace std::chrono_literals;

namespace {

bool Has(const std::string& text, const std::string& piece) {
  return text.find(piece) != std::string::npos;
}

// A sender (10.0.0.1:5000) on "in" with producer "p" (VP8, SSRC 1000), a receiver
// (10.0.0.2:6000) on "out" with consumer "c".
struct MediaRoom : ChannelWorld {
  std::unique_ptr<FakeNetwork::Peer> sender = network.CreatePeer("10.0.0.1", 5000);
  std::unique_ptr<FakeNetwork::Peer> receiver = network.CreatePeer("10.0.0.2", 6000);
  uint32_t consumerSsrc = 0;

  MediaRoom() {
    Accepted("worker_createRouter", "", CreateRouterBody("r"));
    Accepted("router_createPlainTransport", "r", PlainTransportBody("in"));
    Accepted("router_createPlainTransport", "r", PlainTransportBody("out"));
    Accepted("transport_connect", "in", R"({"ip": "10.0.0.1", "port": 5000})");
    Accepted("transport_connect", "out", R"({"ip": "10.0.0.2", "port": 6000})");
    Accepted("transport_produce", "in", Vp8ProduceBody("p", 1000));
    consumerSsrc = *Accepted("transport_consume", "out", ConsumeBody("c", "p"))
                        .body_as_transport_consume()
                        ->rtpParameters()
                        ->encodings()
                        ->Get(0)
                        ->ssrc();
  }

  base::SocketAddress AddressOf(const std::string& transportId) {
    auto& t = static_cast<sfu::PlainTransport&>(*worker.registry().transports.Find(transportId));
    return *base::SocketAddress::Parse("127.0.0.1", t.tuple().localPort);
  }

  void SendVideo(uint16_t seq, bool keyFrame) {
    std::vector<uint8_t> payload{0x10, static_cast<uint8_t>(keyFrame ? 0x10 : 0x11), 0, 0};
    if (keyFrame) payload.insert(payload.end(), {0x9d, 0x01, 0x2a, 0x80, 0x02, 0xe0, 0x01});
    payload.resize(30, 0x55);
    proto::rtp::RtpPacketBuilder b;
    b.SetPayloadType(96).SetSequenceNumber(seq).SetTimestamp(3000u * seq).SetSsrc(1000);
    b.SetPayload(payload);
    std::vector<uint8_t> bytes(b.SerializedSize());
    b.Serialize(bytes);
    sender->socket->Send(bytes, AddressOf("in"));
    network.Pump();
  }

  void SendPli() {
    std::array<uint8_t, 64> buffer;
    proto::rtcp::CompoundBuilder compound(buffer);
    compound.Add(proto::rtcp::PliBuilder{1, consumerSsrc});
    receiver->socket->Send(compound.data(), AddressOf("out"));
    network.Pump();
  }
};

}  // namespace

TEST_CASE_FIXTURE(MediaRoom, "producer.dump and consumer.dump") {
  const auto* p = Accepted("producer_dump", "p").body_as_producer_dump();
  REQUIRE(p != nullptr);
  CHECK(p->id()->str() == "p");
  CHECK(p->kind() == fbs::MediaKind::video);
  CHECK(p->type() == fbs::ProducerType::simple);
  CHECK_FALSE(p->paused());
  CHECK(p->rtpParameters()->encodings()->Get(0)->ssrc() == 1000u);
  CHECK(p->consumableRtpParameters()->codecs()->Get(0)->payloadType() == 101);
  REQUIRE(p->consumerIds()->size() == 1);
  CHECK(p->consumerIds()->Get(0)->str() == "c");
  const auto* c = Accepted("consumer_dump", "c").body_as_consumer_dump();
  REQUIRE(c != nullptr);
  CHECK(c->id()->str() == "c");
  CHECK(c->producerId()->str() == "p");
  CHECK(c->type() == fbs::ConsumerType::simple);
  CHECK(c->rtpParameters()->encodings()->Get(0)->ssrc() == consumerSsrc);
  CHECK_FALSE(c->paused());
  CHECK(c->priority() == 1);
  CHECK(c->score()->score() == 10);
  Rejected(fbs::ErrorKind::NotFoundError, "producer_dump", "c");
  Rejected(fbs::ErrorKind::NotFoundError, "consumer_dump", "p");
}

TEST_CASE_FIXTURE(MediaRoom, "producer.getStats and consumer.getStats after some media") {
  CHECK(Accepted("producer_getStats", "p").body_as_producer_getStats()->stats()->size() == 0);
  for (uint16_t seq = 0; seq < 10; ++seq) {
    if (seq == 6) continue;  // Lost on the way in.
    SendVideo(seq, seq == 0);
  }
  SendPli();
  const auto* ps = Accepted("producer_getStats", "p").body_as_producer_getStats();
  REQUIRE(ps->stats()->size() == 1);
  const auto* in = ps->stats()->Get(0);
  CHECK(in->type()->str() == "inbound-rtp");
  CHECK(in->ssrc() == 1000);
  CHECK(in->rtxSsrc() == 1001u);
  CHECK(in->kind() == fbs::MediaKind::video);
  CHECK(in->mimeType()->str() == "video/VP8");
  CHECK(in->packetCount() == 9);
  CHECK(in->byteCount() == 9 * 42);
  CHECK(in->packetsLost() == 1);
  CHECK(in->nackCount() == 1);
  CHECK(in->nackPacketCount() == 1);
  CHECK(in->pliCount() == 1);
  CHECK(in->score() == 10);
  CHECK(in->bitrate() > 0);

  const auto* cs = Accepted("consumer_getStats", "c").body_as_consumer_getStats();
  REQUIRE(cs->stats()->size() == 1);
  const auto* out = cs->stats()->Get(0);
  CHECK(out->type()->str() == "outbound-rtp");
  CHECK(out->ssrc() == consumerSsrc);
  CHECK(out->rtxSsrc().has_value());
  CHECK(out->mimeType()->str() == "video/VP8");
  CHECK(out->packetCount() == 9);
  CHECK(out->byteCount() == 9 * 42);
  CHECK(out->pliCount() == 1);
  CHECK(out->packetsDiscarded() == 0);
  // The producer's streams, as the consumer's source.
  REQUIRE(cs->producerStats()->size() == 1);
  CHECK(cs->producerStats()->Get(0)->ssrc() == 1000);
}

TEST_CASE_FIXTURE(MediaRoom, "producer.pause and resume: notifications to the consumer, and back") {
  SendVideo(0, true);
  Accepted("producer_pause", "p");
  CHECK(Accepted("producer_dump", "p").body_as_producer_dump()->paused());
  CHECK(Accepted("consumer_dump", "c").body_as_consumer_dump()->producerPaused());
  auto paused = Notifications(fbs::Event::consumer_producerpause, "c");
  REQUIRE(paused.size() == 1);
  CHECK(paused[0]->body_type() == fbs::NotificationBody::NONE);
  Accepted("producer_pause", "p");  // Idempotent: no second notification.
  CHECK(Notifications(fbs::Event::consumer_producerpause).size() == 1);
  SendVideo(1, false);
  SendVideo(2, true);
  Accepted("producer_resume", "p");
  CHECK(Notifications(fbs::Event::consumer_producerresume, "c").size() == 1);
  SendVideo(3, true);
  size_t rtp = 0;
  for (const auto& d : receiver->inbox)
    rtp += d.data.size() > 1 && d.data[1] == 101 ? 1 : 0;
  CHECK(rtp == 2);  // 0, then 3; nothing while paused.
  // Resumed: a new consumer starts with producerPaused false.
  const auto* c2 =
      Accepted("transport_consume", "out", ConsumeBody("c2", "p")).body_as_transport_consume();
  CHECK_FALSE(c2->producerPaused());
}

TEST_CASE_FIXTURE(MediaRoom,
                  "consumer.pause, resume, requestKeyFrame, setPriority, setPreferredLayers") {
  SendVideo(0, true);
  Accepted("consumer_pause", "c");
  CHECK(Accepted("consumer_dump", "c").body_as_consumer_dump()->paused());
  SendVideo(1, false);
  sender->inbox.clear();
  Accepted("consumer_resume", "c");
  CHECK_FALSE(Accepted("consumer_dump", "c").body_as_consumer_dump()->paused());
  CHECK(sender->inbox.size() == 1);  // Resuming asks the sender for a keyframe.
  SendVideo(2, true);
  sender->inbox.clear();
  Accepted("consumer_requestKeyFrame", "c");
  CHECK(sender->inbox.size() == 1);
  Accepted("consumer_setPriority", "c", R"({"priority": 2})");
  CHECK(Has(Rejected(fbs::ErrorKind::TypeError, "consumer_setPriority", "c", R"({"priority": 0})"),
            "priority"));
  Accepted("consumer_setPreferredLayers", "c", R"({"preferredLayers": {"spatialLayer": 0}})");
  Rejected(fbs::ErrorKind::NotFoundError, "consumer_pause", "nope");
  Rejected(fbs::ErrorKind::TypeError, "consumer_setPriority", "c");
}

TEST_CASE_FIXTURE(MediaRoom,
                  "enableTraceEvent makes producer.trace and consumer.trace notifications") {
  Accepted("producer_enableTraceEvent", "p", R"({"events": ["keyframe", "rtp"]})");
  Accepted("consumer_enableTraceEvent", "c", R"({"events": ["pli"]})");
  CHECK(Accepted("producer_dump", "p").body_as_producer_dump()->traceEventTypes()->size() == 2);
  SendVideo(0, true);
  SendVideo(1, false);
  SendPli();
  auto traces = Notifications(fbs::Event::producer_trace, "p");
  REQUIRE(traces.size() == 2);
  const auto* key = traces[0]->body_as_producer_trace();
  REQUIRE(key != nullptr);
  CHECK(key->type() == fbs::TraceEventType::keyframe);
  CHECK(key->direction() == fbs::TraceDirection::in);
  CHECK(key->timestamp() == static_cast<uint64_t>(base::ToMillis(clock.now)));
  CHECK(key->info()->sequenceNumber() == 0);
  CHECK(key->info()->isKeyFrame() == true);
  CHECK(key->info()->payloadType() == 101);
  CHECK(traces[1]->body_as_producer_trace()->type() == fbs::TraceEventType::rtp);
  auto consumerTraces = Notifications(fbs::Event::consumer_trace, "c");
  REQUIRE(consumerTraces.size() == 1);
  CHECK(consumerTraces[0]->body_as_consumer_trace()->type() == fbs::TraceEventType::pli);
  CHECK(consumerTraces[0]->body_as_consumer_trace()->info()->ssrc() == consumerSsrc);
}

TEST_CASE_FIXTURE(ChannelWorld, "transport.tuple and transport.rtcptuple notifications (comedia)") {
  Accepted("worker_createRouter", "", CreateRouterBody("r"));
  Accepted("router_createPlainTransport", "r", PlainTransportBody("in", R"("comedia": true)"));
  Accepted("transport_produce", "in", Vp8ProduceBody("p", 1000));
  auto& t = static_cast<sfu::PlainTransport&>(*worker.registry().transports.Find("in"));
  auto to = *base::SocketAddress::Parse("127.0.0.1", t.tuple().localPort);
  auto rtpPeer = network.CreatePeer("10.0.0.1", 5000);
  auto rtcpPeer = network.CreatePeer("10.0.0.1", 5001);
  std::vector<uint8_t> rtp{0x80, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0x03, 0xe8, 0x10, 0x11, 0, 0};
  rtpPeer->socket->Send(rtp, to);
  std::vector<uint8_t> rr{0x80, 201, 0, 1, 0, 0, 0, 1};
  rtcpPeer->socket->Send(rr, to);
  network.Pump();
  auto tuples = Notifications(fbs::Event::transport_tuple, "in");
  REQUIRE(tuples.size() == 1);
  const auto* tuple = tuples[0]->body_as_transport_tuple()->tuple();
  CHECK(tuple->localAddress()->str() == "127.0.0.1");
  CHECK(tuple->localPort() == t.tuple().localPort);
  CHECK(tuple->remoteIp()->str() == "10.0.0.1");
  CHECK(tuple->remotePort() == 5000);
  CHECK(tuple->protocol() == fbs::Protocol::udp);
  auto rtcpTuples = Notifications(fbs::Event::transport_rtcptuple, "in");
  REQUIRE(rtcpTuples.size() == 1);
  CHECK(rtcpTuples[0]->body_as_transport_rtcptuple()->tuple()->remotePort() == 5001);
}

TEST_CASE_FIXTURE(MediaRoom, "producer.score and consumer.score notifications") {
  // The sender loses every fourth packet for a few seconds; reports go out on the timer.
  uint16_t seq = 0;
  for (int i = 0; i < 200; ++i, ++seq) {
    if (seq % 4 != 3) SendVideo(seq, seq == 0);
    network.Advance(20ms);
  }
  auto scores = Notifications(fbs::Event::producer_score, "p");
  REQUIRE_FALSE(scores.empty());
  const auto* body = scores.back()->body_as_producer_score();
  REQUIRE(body != nullptr);
  REQUIRE(body->scores()->size() == 1);
  CHECK(body->scores()->Get(0)->ssrc() == 1000);
  CHECK(body->scores()->Get(0)->encodingIdx() == 0);
  CHECK(body->scores()->Get(0)->score() < 10);

  // The receiver reports loss of what the consumer sent.
  std::array<uint8_t, 64> buffer;
  proto::rtcp::CompoundBuilder compound(buffer);
  proto::rtcp::ReportBlock blocks[2];
  blocks[0].ssrc = consumerSsrc;
  blocks[0].extendedHighestSeq = 10;
  blocks[1] = blocks[0];
  blocks[1].extendedHighestSeq = 110;
  blocks[1].cumulativeLost = 50;
  blocks[1].fractionLost = 128;
  for (const auto& block : blocks) {
    compound.Clear();
    compound.Add(proto::rtcp::ReceiverReportBuilder{1, std::span(&block, 1)});
    receiver->socket->Send(compound.data(), AddressOf("out"));
    network.Pump();
  }
  auto consumerScores = Notifications(fbs::Event::consumer_score, "c");
  REQUIRE_FALSE(consumerScores.empty());
  const auto* cs = consumerScores.back()->body_as_consumer_score()->score();
  CHECK(cs->score() < 10);
  CHECK(cs->producerScore() == body->scores()->Get(0)->score());
  REQUIRE(cs->producerScores()->size() == 1);
}
