// The pure conversions under the typed objects: options -> request bodies (the schema's field
// names) and answers/events -> typed values (tolerant of missing and mistyped fields).

#include "detail/options_json.hpp"
#include "detail/response_json.hpp"
#include "doctest/doctest.h"

namespace weir::detail {

using nlohmann::json;

TEST_CASE("options: listen infos leave defaults out") {
  CHECK(ListenInfoJson({.ip = "127.0.0.1"}) == json{{"protocol", "udp"}, {"ip", "127.0.0.1"}});
  CHECK(ListenInfoJson({.protocol = Protocol::kTcp,
                        .ip = "0.0.0.0",
                        .announcedAddress = "example.com",
                        .port = 443,
                        .portRange = PortRange{1000, 2000}}) ==
        json{{"protocol", "tcp"},
             {"ip", "0.0.0.0"},
             {"announcedAddress", "example.com"},
             {"port", 443},
             {"portRange", {{"min", 1000}, {"max", 2000}}}});
}

TEST_CASE("options: transports, server, produce, consume") {
  WebRtcTransportOptions webRtc;
  webRtc.listenInfos.push_back({.ip = "127.0.0.1"});
  json body = WebRtcTransportRequest(webRtc, "t1", "");
  CHECK(body["transportId"] == "t1");
  CHECK(body["listenInfos"].size() == 1);
  CHECK(body["enableUdp"] == true);
  CHECK(body["initialAvailableOutgoingBitrate"] == 600000);
  CHECK_FALSE(body.contains("webRtcServerId"));
  body = WebRtcTransportRequest({}, "t2", "s1");
  CHECK(body["webRtcServerId"] == "s1");
  CHECK_FALSE(body.contains("listenInfos"));

  PlainTransportOptions plain;
  plain.listenInfo.ip = "127.0.0.1";
  body = PlainTransportRequest(plain, "p");
  CHECK(body["rtcpMux"] == true);
  CHECK_FALSE(body.contains("rtcpListenInfo"));
  CHECK_FALSE(body.contains("srtpCryptoSuite"));
  plain.rtcpListenInfo = ListenInfo{.ip = "127.0.0.1", .port = 5001};
  plain.srtpCryptoSuite = "AEAD_AES_128_GCM";
  body = PlainTransportRequest(plain, "p");
  CHECK(body["rtcpListenInfo"]["port"] == 5001);
  CHECK(body["srtpCryptoSuite"] == "AEAD_AES_128_GCM");

  CHECK(WebRtcServerRequest({}, "s")["listenInfos"] == json::array());

  json params = {{"codecs", json::array()}};
  body = ProduceRequest({.kind = MediaKind::kVideo, .rtpParameters = params, .paused = true}, "x");
  CHECK(body == json{{"producerId", "x"},
                     {"kind", "video"},
                     {"rtpParameters", params},
                     {"paused", true},
                     {"keyFrameRequestDelay", 0}});
  // Null documents are left out: the schema then names the missing required field.
  CHECK_FALSE(ProduceRequest({}, "x").contains("rtpParameters"));
  CHECK_FALSE(ConsumeRequest({}, "c").contains("rtpCapabilities"));
  body = ConsumeRequest({.producerId = "p",
                         .rtpCapabilities = json::object(),
                         .preferredLayers = ConsumerLayers{.spatialLayer = 1}},
                        "c");
  CHECK(body["consumerId"] == "c");
  CHECK(body["enableRtx"] == true);
  CHECK(body["preferredLayers"] == json{{"spatialLayer", 1}});
  CHECK(LayersJson({2, 0}) == json{{"spatialLayer", 2}, {"temporalLayer", 0}});
  CHECK(TraceEventTypesJson({TraceEventType::kRtp, TraceEventType::kBwe}) ==
        json{{"events", {"rtp", "bwe"}}});
  CHECK(TraceEventTypesJson({}) == json{{"events", json::array()}});
}

TEST_CASE("answers: members of anything, never a throw") {
  CHECK(Member(json(3), "a").is_null());
  CHECK(Member(json::array(), "a").is_null());
  CHECK(Member(json{{"a", 1}}, "b").is_null());
  CHECK(StringOf(json{{"a", 1}}, "a").empty());
  CHECK(UintOf(json{{"a", "1"}}, "a") == 0);
  CHECK(UintOf(json{{"a", -1}}, "a") == 0);
  CHECK(BoolOf(json{{"a", 1}}, "a", true));
  CHECK_FALSE(BoolOf(json{{"a", false}}, "a", true));
}

TEST_CASE("answers: tuples, SRTP, types, kinds") {
  TransportTuple tuple = TupleFromJson({{"localAddress", "127.0.0.1"},
                                        {"localPort", 4000},
                                        {"remoteIp", "10.0.0.1"},
                                        {"remotePort", 5000},
                                        {"protocol", "tcp"}});
  CHECK(tuple == TransportTuple{"127.0.0.1", 4000, "10.0.0.1", 5000, Protocol::kTcp});
  CHECK(TupleFromJson({{"localPort", 70000}}).localPort == 65535);  // saturates, never wraps
  CHECK(TupleFromJson(nullptr) == TransportTuple{});
  CHECK_FALSE(OptionalTupleFromJson(nullptr).has_value());
  CHECK(OptionalTupleFromJson(json::object()).has_value());
  CHECK_FALSE(SrtpFromJson("x").has_value());
  CHECK(SrtpFromJson({{"cryptoSuite", "A"}, {"keyBase64", "K"}}) == SrtpParameters{"A", "K"});
  CHECK(ProducerTypeFromJson("simulcast") == ProducerType::kSimulcast);
  CHECK(ProducerTypeFromJson(7) == ProducerType::kSimple);
  CHECK(ConsumerTypeFromJson("pipe") == ConsumerType::kPipe);
  CHECK(ConsumerTypeFromJson("svc") == ConsumerType::kSvc);
  CHECK(MediaKindFromJson("video", MediaKind::kAudio) == MediaKind::kVideo);
  CHECK(MediaKindFromJson("data", MediaKind::kAudio) == MediaKind::kAudio);
}

TEST_CASE("answers: scores and layers") {
  CHECK(ConsumerScoreFromJson(
            {{"score", 10}, {"producerScore", 8}, {"producerScores", {8, "x", 300}}}) ==
        ConsumerScore{10, 8, {8, 255}});
  CHECK(ConsumerScoreFromJson(nullptr) == ConsumerScore{});
  auto scores = ProducerScoresFromJson(
      {{"scores", {{{"encodingIdx", 1}, {"ssrc", 22}, {"rid", "h"}, {"score", 9}}, "junk"}}});
  REQUIRE(scores.size() == 2);
  CHECK(scores[0] == ProducerScore{1, 22, "h", 9});
  CHECK(scores[1] == ProducerScore{});
  CHECK(ProducerScoresFromJson({{"scores", 1}}).empty());
  CHECK_FALSE(LayersFromJson(nullptr).has_value());
  CHECK(LayersFromJson({{"spatialLayer", 2}}) == ConsumerLayers{2, std::nullopt});
  CHECK(LayersFromJson({{"spatialLayer", 2}, {"temporalLayer", 1}}) == ConsumerLayers{2, 1});
}

TEST_CASE("names: states and kinds round trip") {
  for (IceState s : {IceState::kNew, IceState::kConnected, IceState::kCompleted,
                     IceState::kDisconnected, IceState::kClosed}) {
    CHECK(ParseIceState(IceStateName(s)) == s);
  }
  for (DtlsState s : {DtlsState::kNew, DtlsState::kConnecting, DtlsState::kConnected,
                      DtlsState::kFailed, DtlsState::kClosed}) {
    CHECK(ParseDtlsState(DtlsStateName(s)) == s);
  }
  CHECK_FALSE(ParseIceState("checking").has_value());
  CHECK_FALSE(ParseDtlsState("").has_value());
  CHECK(ParseMediaKind(MediaKindName(MediaKind::kVideo)) == MediaKind::kVideo);
  CHECK(TraceEventTypeName(TraceEventType::kKeyFrame) == "keyframe");
  CHECK(ProducerTypeName(ProducerType::kSvc) == "svc");
  CHECK(ConsumerTypeName(ConsumerType::kPipe) == "pipe");
  CHECK(CloseReasonName(CloseReason::kProducerClosed) == "producer closed");
}

}  // namespace weir::detail
