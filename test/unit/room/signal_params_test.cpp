#include "signal_params.hpp"

#include "doctest/doctest.h"

namespace weir::room {
namespace {

using json = nlohmann::json;

template <typename T>
std::string ReasonOf(const absl::StatusOr<T>& result) {
  REQUIRE_FALSE(result.ok());
  CHECK(result.status().code() == absl::StatusCode::kInvalidArgument);
  return std::string(result.status().message());
}

}  // namespace

TEST_CASE("join: room id, display name, optional token") {
  auto ok = ParseJoinParams(json{{"roomId", "room-1_A"}, {"displayName", "Zoë"}});
  REQUIRE(ok.ok());
  CHECK(ok->roomId == "room-1_A");
  CHECK(ok->displayName == "Zoë");
  CHECK_FALSE(ok->token.has_value());
  auto withToken = ParseJoinParams(json{{"roomId", "r"}, {"displayName", "A"}, {"token", "t"}});
  REQUIRE(withToken.ok());
  CHECK(*withToken->token == "t");

  CHECK(ReasonOf(ParseJoinParams(json::object())) == "data.roomId is missing");
  CHECK(ReasonOf(ParseJoinParams(json{{"roomId", 5}, {"displayName", "A"}})) ==
        "data.roomId must be a string");
  CHECK(ReasonOf(ParseJoinParams(json{{"roomId", ""}, {"displayName", "A"}})) ==
        "data.roomId must not be empty");
  CHECK(ReasonOf(ParseJoinParams(json{{"roomId", "a/b"}, {"displayName", "A"}})) ==
        "data.roomId must be 1-64 characters of [A-Za-z0-9_-]");
  CHECK(ReasonOf(ParseJoinParams(json{{"roomId", std::string(65, 'a')}, {"displayName", "A"}})) ==
        "data.roomId is longer than 64");
  CHECK(ReasonOf(ParseJoinParams(json{{"roomId", "r"}})) == "data.displayName is missing");
  CHECK(ReasonOf(ParseJoinParams(json{{"roomId", "r"}, {"displayName", json::array()}})) ==
        "data.displayName must be a string");
  CHECK(ReasonOf(ParseJoinParams(json{{"roomId", "r"}, {"displayName", std::string(65, 'n')}})) ==
        "data.displayName is longer than 64");
  CHECK(ReasonOf(ParseJoinParams(json{{"roomId", "r"}, {"displayName", "A"}, {"token", 1}})) ==
        "data.token must be a string");
}

TEST_CASE("createWebRtcTransport: direction send or recv") {
  CHECK(ParseCreateTransportParams(json{{"direction", "send"}})->direction == Direction::kSend);
  CHECK(ParseCreateTransportParams(json{{"direction", "recv"}})->direction == Direction::kRecv);
  CHECK(ReasonOf(ParseCreateTransportParams(json::object())) == "data.direction is missing");
  for (const json& bad : {json("both"), json(1), json(nullptr), json("SEND")}) {
    CHECK(ReasonOf(ParseCreateTransportParams(json{{"direction", bad}})) ==
          "data.direction must be \"send\" or \"recv\"");
  }
}

TEST_CASE("connectWebRtcTransport: transport id and DTLS fingerprints") {
  json dtls = {{"role", "client"},
               {"fingerprints", json::array({{{"algorithm", "sha-256"}, {"value", "AB:CD"}}})}};
  auto ok = ParseConnectTransportParams(json{{"transportId", "t1"}, {"dtlsParameters", dtls}});
  REQUIRE(ok.ok());
  CHECK(ok->transportId == "t1");
  CHECK(ok->dtlsParameters == dtls);
  CHECK(ReasonOf(ParseConnectTransportParams(json{{"dtlsParameters", dtls}})) ==
        "data.transportId is missing");
  CHECK(ReasonOf(ParseConnectTransportParams(
            json{{"transportId", std::string(129, 'x')}, {"dtlsParameters", dtls}})) ==
        "data.transportId is longer than 128");
  CHECK(ReasonOf(ParseConnectTransportParams(json{{"transportId", "t1"}})) ==
        "data.dtlsParameters is missing");
  CHECK(
      ReasonOf(ParseConnectTransportParams(json{{"transportId", "t1"}, {"dtlsParameters", "x"}})) ==
      "data.dtlsParameters must be an object");
  CHECK(ReasonOf(ParseConnectTransportParams(
            json{{"transportId", "t1"}, {"dtlsParameters", {{"fingerprints", json::array()}}}})) ==
        "data.dtlsParameters.fingerprints must be a non-empty array");
}

TEST_CASE("setRtpCapabilities: an object with a codecs array") {
  CHECK(ParseRtpCapabilitiesParams(json{{"rtpCapabilities", {{"codecs", json::array()}}}}).ok());
  CHECK(ReasonOf(ParseRtpCapabilitiesParams(json::object())) == "data.rtpCapabilities is missing");
  CHECK(ReasonOf(ParseRtpCapabilitiesParams(json{{"rtpCapabilities", json::array()}})) ==
        "data.rtpCapabilities must be an object");
  CHECK(ReasonOf(ParseRtpCapabilitiesParams(json{{"rtpCapabilities", {{"codecs", 1}}}})) ==
        "data.rtpCapabilities.codecs must be an array");
}

TEST_CASE("produce: transport, kind, rtpParameters, small appData") {
  json base = {
      {"transportId", "t"}, {"kind", "video"}, {"rtpParameters", {{"codecs", json::array()}}}};
  auto ok = ParseProduceParams(base);
  REQUIRE(ok.ok());
  CHECK(ok->kind == MediaKind::kVideo);
  CHECK(ok->appData == json::object());
  json withApp = base;
  withApp["appData"] = {{"source", "camera"}};
  CHECK(ParseProduceParams(withApp)->appData["source"] == "camera");

  json bad = base;
  bad["kind"] = "data";
  CHECK(ReasonOf(ParseProduceParams(bad)) == "data.kind must be \"audio\" or \"video\"");
  bad = base;
  bad.erase("kind");
  CHECK(ReasonOf(ParseProduceParams(bad)) == "data.kind is missing");
  bad = base;
  bad["rtpParameters"] = json::array();
  CHECK(ReasonOf(ParseProduceParams(bad)) == "data.rtpParameters must be an object");
  bad = base;
  bad["appData"] = "camera";
  CHECK(ReasonOf(ParseProduceParams(bad)) == "data.appData must be an object");
  bad = base;
  bad["appData"] = {{"source", 3}};
  CHECK(ReasonOf(ParseProduceParams(bad)) == "data.appData.source must be a string");
  bad = base;
  bad["appData"] = {{"x", std::string(kMaxAppDataBytes, 'x')}};
  CHECK(ReasonOf(ParseProduceParams(bad)) == "data.appData is larger than 1024 bytes");
}

TEST_CASE("ids of producers, consumers, transports") {
  CHECK(ParseProducerIdParams(json{{"producerId", "p"}})->producerId == "p");
  CHECK(ParseConsumerIdParams(json{{"consumerId", "c"}})->consumerId == "c");
  CHECK(ParseTransportIdParams(json{{"transportId", "t"}})->transportId == "t");
  CHECK(ReasonOf(ParseProducerIdParams(json{{"producerId", 1}})) ==
        "data.producerId must be a string");
  CHECK(ReasonOf(ParseConsumerIdParams(json::object())) == "data.consumerId is missing");
  CHECK(ReasonOf(ParseTransportIdParams(json{{"transportId", ""}})) ==
        "data.transportId must not be empty");
}

}  // namespace weir::room
