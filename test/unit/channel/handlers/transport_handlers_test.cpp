// transport.* through the ChannelEndpoint: connect, produce, consume, close*, dump, getStats,
// enableTraceEvent; happy paths and rejections with the right kind and a reason naming the field.

#include <doctest/doctest.h>

#include "../channel_test_support.hpp"
#include "channel/convert/transport.hpp"
#include "proto/rtp/rtp_packet_builder.hpp"

using namespace weir;
using namespace weir::test;

namespace {

bool Has(const std::string& text, const std::string& piece) {
  return text.find(piece) != std::string::npos;
}

struct Room : ChannelWorld {
  Room() {
    Accepted("worker_createRouter", "", CreateRouterBody("r"));
    Accepted("router_createPlainTransport", "r", PlainTransportBody("in"));
    Accepted("router_createPlainTransport", "r", PlainTransportBody("out"));
  }
};

std::string SrtpBody(const std::string& suite, size_t keySize) {
  std::vector<uint8_t> key(keySize, 7);
  return R"({"ip": "10.0.0.1", "port": 5000, "srtpParameters": {"cryptoSuite": ")" + suite +
         R"(", "keyBase64": ")" + channel::Base64Encode(key) + R"("}})";
}

}  // namespace

TEST_CASE_FIXTURE(Room,
                  "transport.connect sets the remote; a second connect is an InvalidStateError") {
  const auto& r = Accepted("transport_connect", "out", R"({"ip": "10.0.0.2", "port": 6000})");
  const auto* body = r.body_as_transport_connect();
  REQUIRE(body != nullptr);
  CHECK(body->tuple()->remoteIp()->str() == "10.0.0.2");
  CHECK(body->tuple()->remotePort() == 6000);
  CHECK(body->tuple()->localAddress()->str() == "127.0.0.1");
  CHECK(body->rtcpTuple() == nullptr);
  CHECK(body->srtpParameters() == nullptr);
  CHECK(Has(Rejected(fbs::ErrorKind::InvalidStateError, "transport_connect", "out",
                     R"({"ip": "10.0.0.2", "port": 6000})"),
            "connect"));
  const auto* dump = Accepted("transport_dump", "out").body_as_transport_dump();
  CHECK(dump->plain()->tuple()->remoteIp()->str() == "10.0.0.2");
}

TEST_CASE_FIXTURE(Room, "transport.connect rejections name the field") {
  Rejected(fbs::ErrorKind::NotFoundError, "transport_connect", "nope", R"({"ip": "10.0.0.2"})");
  CHECK(Rejected(fbs::ErrorKind::TypeError, "transport_connect", "in", R"({"port": 5000})") ==
        "missing ip");
  CHECK(Rejected(fbs::ErrorKind::TypeError, "transport_connect", "in", R"({"ip": "10.0.0.1"})") ==
        "missing port");
  CHECK(Has(Rejected(fbs::ErrorKind::TypeError, "transport_connect", "in",
                     R"({"ip": "10.0.0.1.2", "port": 5000})"),
            "ip"));
  CHECK(Has(Rejected(fbs::ErrorKind::TypeError, "transport_connect", "in",
                     SrtpBody("AES_CM_128_HMAC_SHA1_80", 30)),
            "srtpParameters"));  // SRTP was not enabled.
  Accepted("router_createPlainTransport", "r", PlainTransportBody("s", R"("enableSrtp": true)"));
  CHECK(Has(Rejected(fbs::ErrorKind::TypeError, "transport_connect", "s",
                     R"({"ip": "10.0.0.1", "port": 5000})"),
            "srtpParameters"));
  auto reason = Rejected(fbs::ErrorKind::TypeError, "transport_connect", "s",
                         SrtpBody("AES_CM_128_HMAC_SHA1_80", 16));
  CHECK(Has(reason, "srtpParameters.keyBase64"));
  CHECK(Has(reason, "30"));
  CHECK(Has(Rejected(fbs::ErrorKind::TypeError, "transport_connect", "s",
                     SrtpBody("AEAD_AES_256_GCM", 30)),
            "srtpParameters.keyBase64"));
  CHECK(Has(
      Rejected(
          fbs::ErrorKind::TypeError, "transport_connect", "s",
          R"({"ip": "10.0.0.1", "port": 5000, "srtpParameters": {"cryptoSuite": "AES_CM_128_HMAC_SHA1_80", "keyBase64": "***"}})"),
      "srtpParameters.keyBase64"));
  CHECK(Has(
      Rejected(
          fbs::ErrorKind::TypeError, "transport_connect", "s",
          R"({"ip": "10.0.0.1", "port": 5000, "srtpParameters": {"cryptoSuite": "F8_128", "keyBase64": "AAAA"}})"),
      "srtpParameters.cryptoSuite"));
  // Nothing was connected by the rejected attempts.
  const auto& ok = Accepted("transport_connect", "s", SrtpBody("AEAD_AES_256_GCM", 44));
  CHECK(ok.body_as_transport_connect()->srtpParameters()->cryptoSuite()->str() ==
        "AEAD_AES_256_GCM");
}

TEST_CASE_FIXTURE(Room, "transport.produce answers the mapped parameters") {
  const auto& r = Accepted("transport_produce", "in", Vp8ProduceBody("p", 1000));
  const auto* body = r.body_as_transport_produce();
  REQUIRE(body != nullptr);
  CHECK(body->type() == fbs::ProducerType::simple);
  CHECK(body->rtpParameters()->codecs()->Get(0)->payloadType() == 96);
  const auto* consumable = body->consumableRtpParameters();
  REQUIRE(consumable->codecs()->size() == 2);
  CHECK(consumable->codecs()->Get(0)->payloadType() == 101);  // The router's.
  CHECK(consumable->codecs()->Get(1)->mimeType()->str() == "video/rtx");
  CHECK(consumable->codecs()->Get(1)->payloadType() == 102);
  REQUIRE(consumable->encodings()->size() == 1);
  CHECK(consumable->encodings()->Get(0)->ssrc().has_value());
  CHECK(consumable->encodings()->Get(0)->ssrc() != 1000u);  // The router's own SSRC.
  CHECK(consumable->encodings()->Get(0)->rtx() == nullptr);
  CHECK(consumable->rtcp()->cname()->str() == "cam");
  CHECK(worker.registry().producers.Contains("p"));
}

TEST_CASE_FIXTURE(Room, "transport.produce rejections name the field") {
  Accepted("transport_produce", "in", Vp8ProduceBody("p", 1000));
  // Producer ids are unique in the worker, not only in the transport.
  CHECK(Has(Rejected(fbs::ErrorKind::InvalidStateError, "transport_produce", "out",
                     Vp8ProduceBody("p", 2000)),
            "'p'"));
  CHECK(Has(Rejected(fbs::ErrorKind::InvalidStateError, "transport_produce", "in",
                     Vp8ProduceBody("p2", 1000)),
            "ssrc 1000"));
  CHECK(Has(Rejected(fbs::ErrorKind::InvalidStateError, "transport_produce", "in",
                     Vp8ProduceBody("p3", 3000)),
            "MID"));  // The same mid "0".
  std::string h263 = Vp8ProduceBody("p4", 4000);
  h263.replace(h263.find("video/VP8"), 9, "video/H263");
  CHECK(Has(Rejected(fbs::ErrorKind::TypeError, "transport_produce", "out", h263),
            "rtpParameters.codecs[0]"));
  std::string noEncodings = Vp8ProduceBody("p4", 4000);
  auto at = noEncodings.find("\"encodings\"");
  noEncodings.replace(at, noEncodings.find(']', at) - at + 1, "\"encodings\": []");
  CHECK(Has(Rejected(fbs::ErrorKind::TypeError, "transport_produce", "out", noEncodings),
            "rtpParameters.encodings"));
  std::string audio = Vp8ProduceBody("p4", 4000);
  audio.replace(audio.find("\"video\""), 7, "\"audio\"");
  CHECK(
      Has(Rejected(fbs::ErrorKind::TypeError, "transport_produce", "out", audio), "rtpParameters"));
  CHECK(Has(Rejected(fbs::ErrorKind::NotFoundError, "transport_produce", "nope",
                     Vp8ProduceBody("p4", 4000)),
            "nope"));
  CHECK_FALSE(worker.registry().producers.Contains("p4"));
}

TEST_CASE_FIXTURE(Room, "transport.consume answers the consumer's parameters") {
  Accepted("transport_produce", "in", Vp8ProduceBody("p", 1000, R"("paused": true)"));
  const auto& r = Accepted("transport_consume", "out", ConsumeBody("c", "p"));
  const auto* body = r.body_as_transport_consume();
  REQUIRE(body != nullptr);
  CHECK(body->type() == fbs::ConsumerType::simple);
  CHECK(body->kind() == fbs::MediaKind::video);
  CHECK_FALSE(body->paused());
  CHECK(body->producerPaused());
  const auto* params = body->rtpParameters();
  REQUIRE(params->codecs()->size() == 2);
  CHECK(params->codecs()->Get(0)->mimeType()->str() == "video/VP8");
  CHECK(params->codecs()->Get(0)->payloadType() == 101);
  CHECK(params->codecs()->Get(1)->payloadType() == 102);
  REQUIRE(params->encodings()->size() == 1);
  const auto* encoding = params->encodings()->Get(0);
  REQUIRE(encoding->ssrc().has_value());
  REQUIRE(encoding->rtx() != nullptr);
  CHECK(encoding->rtx()->ssrc() != *encoding->ssrc());
  CHECK(params->rtcp()->cname()->str() == "cam");
  REQUIRE(body->score() != nullptr);
  CHECK(body->score()->score() == 10);

  // Without RTX, neither the RTX codec nor an rtx SSRC.
  const auto* noRtx = Accepted("transport_consume", "out",
                               ConsumeBody("c2", "p", kVp8Capabilities, R"("enableRtx": false)"))
                          .body_as_transport_consume();
  CHECK(noRtx->rtpParameters()->codecs()->size() == 1);
  CHECK(noRtx->rtpParameters()->encodings()->Get(0)->rtx() == nullptr);
  // Paused from the start.
  const auto* paused = Accepted("transport_consume", "out",
                                ConsumeBody("c3", "p", kVp8Capabilities, R"("paused": true)"))
                           .body_as_transport_consume();
  CHECK(paused->paused());
}

TEST_CASE_FIXTURE(Room, "transport.consume rejections") {
  Accepted("transport_produce", "in", Vp8ProduceBody("p", 1000));
  CHECK(Has(
      Rejected(fbs::ErrorKind::NotFoundError, "transport_consume", "out", ConsumeBody("c", "nope")),
      "nope"));
  // A producer of another router is not found from this one.
  Accepted("worker_createRouter", "", CreateRouterBody("r2"));
  Accepted("router_createPlainTransport", "r2", PlainTransportBody("other"));
  CHECK(Has(
      Rejected(fbs::ErrorKind::NotFoundError, "transport_consume", "other", ConsumeBody("c", "p")),
      "'p'"));
  const std::string opus = R"({"codecs": [
      {"kind": "audio", "mimeType": "audio/opus", "clockRate": 48000, "channels": 2}]})";
  CHECK(Has(
      Rejected(fbs::ErrorKind::TypeError, "transport_consume", "out", ConsumeBody("c", "p", opus)),
      "rtpCapabilities"));
  CHECK(Has(Rejected(fbs::ErrorKind::TypeError, "transport_consume", "out",
                     ConsumeBody("c", "p", R"({"codecs": [{"kind": "video"}]})")),
            "rtpCapabilities.codecs[0]"));
  Accepted("transport_consume", "out", ConsumeBody("c", "p"));
  // Consumer ids are unique in the worker.
  CHECK(Has(
      Rejected(fbs::ErrorKind::InvalidStateError, "transport_consume", "in", ConsumeBody("c", "p")),
      "'c'"));
  CHECK(worker.registry().consumers.size() == 1);
}

TEST_CASE_FIXTURE(Room, "closeProducer emits consumer.producerclose; closeConsumer does not") {
  Accepted("transport_produce", "in", Vp8ProduceBody("p", 1000));
  Accepted("transport_consume", "out", ConsumeBody("c1", "p"));
  Accepted("transport_consume", "out", ConsumeBody("c2", "p"));
  Accepted("transport_closeConsumer", "out", R"({"consumerId": "c2"})");
  CHECK(Notifications(fbs::Event::consumer_producerclose).empty());
  Rejected(fbs::ErrorKind::NotFoundError, "transport_closeConsumer", "out",
           R"({"consumerId": "c2"})");
  // The consumer's transport must be named, not another one.
  Rejected(fbs::ErrorKind::NotFoundError, "transport_closeConsumer", "in",
           R"({"consumerId": "c1"})");
  Accepted("transport_closeProducer", "in", R"({"producerId": "p"})");
  auto closes = Notifications(fbs::Event::consumer_producerclose);
  REQUIRE(closes.size() == 1);
  CHECK(closes[0]->handlerId()->str() == "c1");
  CHECK(closes[0]->body_type() == fbs::NotificationBody::NONE);
  Rejected(fbs::ErrorKind::NotFoundError, "consumer_dump", "c1");
  Rejected(fbs::ErrorKind::NotFoundError, "transport_closeProducer", "in",
           R"({"producerId": "p"})");
}

TEST_CASE_FIXTURE(Room, "transport.dump lists producers, consumers and the SSRC tables") {
  Accepted("transport_produce", "in", Vp8ProduceBody("p", 1000));
  const auto* consumed =
      Accepted("transport_consume", "out", ConsumeBody("c", "p")).body_as_transport_consume();
  const uint32_t cssrc = *consumed->rtpParameters()->encodings()->Get(0)->ssrc();
  const uint32_t crtx = consumed->rtpParameters()->encodings()->Get(0)->rtx()->ssrc();
  Accepted("transport_enableTraceEvent", "in", R"({"events": ["rtp", "pli"]})");
  const auto* in = Accepted("transport_dump", "in").body_as_transport_dump();
  REQUIRE(in != nullptr);
  CHECK(in->id()->str() == "in");
  REQUIRE(in->producerIds()->size() == 1);
  CHECK(in->producerIds()->Get(0)->str() == "p");
  REQUIRE(in->mapSsrcProducerId()->size() == 2);  // Media and RTX.
  CHECK(in->mapSsrcProducerId()->Get(0)->key()->str() == "1000");
  CHECK(in->mapSsrcProducerId()->Get(1)->key()->str() == "1001");
  CHECK(in->mapSsrcProducerId()->Get(0)->value()->str() == "p");
  REQUIRE(in->mapMidProducerId()->size() == 1);
  CHECK(in->mapMidProducerId()->Get(0)->key()->str() == "0");
  REQUIRE(in->traceEventTypes()->size() == 2);
  CHECK(in->traceEventTypes()->Get(0) == fbs::TraceEventType::rtp);
  CHECK(in->traceEventTypes()->Get(1) == fbs::TraceEventType::pli);
  const auto* out = Accepted("transport_dump", "out").body_as_transport_dump();
  REQUIRE(out->consumerIds()->size() == 1);
  REQUIRE(out->mapSsrcConsumerId()->size() == 2);
  CHECK(out->mapSsrcConsumerId()->Get(0)->key()->str() == std::to_string(cssrc));
  CHECK(out->mapSsrcConsumerId()->Get(1)->key()->str() == std::to_string(crtx));
  CHECK(out->mapSsrcConsumerId()->Get(1)->value()->str() == "c");
  Rejected(fbs::ErrorKind::TypeError, "transport_enableTraceEvent", "in", R"({"events": [200]})");
}

TEST_CASE_FIXTURE(Room, "transport.getStats counts traffic and drops") {
  Accepted("transport_connect", "in", R"({"ip": "10.0.0.1", "port": 5000})");
  Accepted("transport_produce", "in", Vp8ProduceBody("p", 1000));
  auto peer = network.CreatePeer("10.0.0.1", 5000);
  auto* t = worker.registry().transports.Find("in");
  auto& plain = static_cast<sfu::PlainTransport&>(*t);
  auto to = *base::SocketAddress::Parse("127.0.0.1", plain.tuple().localPort);
  std::vector<uint8_t> payload{0x10, 0x10, 0, 0, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0xe0, 0x01, 1};
  for (uint16_t seq = 0; seq < 3; ++seq) {
    proto::rtp::RtpPacketBuilder b;
    b.SetPayloadType(96).SetSequenceNumber(seq).SetSsrc(seq == 2 ? 999 : 1000).SetPayload(payload);
    std::vector<uint8_t> bytes(b.SerializedSize());
    b.Serialize(bytes);
    peer->socket->Send(bytes, to);
  }
  peer->socket->Send(std::vector<uint8_t>{1, 2, 3}, to);
  network.Pump();
  const auto* stats = Accepted("transport_getStats", "in").body_as_transport_getStats();
  REQUIRE(stats != nullptr);
  CHECK(stats->transportId()->str() == "in");
  CHECK(stats->kind() == fbs::TransportKind::plain);
  CHECK(stats->timestamp() == static_cast<uint64_t>(base::ToMillis(clock.now)));
  CHECK(stats->rtpPacketsReceived() == 3);
  CHECK(stats->unknownSsrcPackets() == 1);
  CHECK(stats->unknownPackets() == 1);
  CHECK(stats->bytesReceived() == 3 * (12 + payload.size()) + 3);
  CHECK(stats->recvBitrate() > 0);
  REQUIRE(stats->plain() != nullptr);
  CHECK(stats->plain()->tuple()->remotePort() == 5000);
}
