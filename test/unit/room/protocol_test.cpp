#include "protocol.hpp"

#include <string>

#include "doctest/doctest.h"

namespace weir::room {
namespace {

SignalError ErrorOf(std::string_view text) {
  ParsedSignal parsed = ParseSignal(text);
  REQUIRE_FALSE(parsed.signal.has_value());
  return parsed.error;
}

}  // namespace

TEST_CASE("a well-formed request parses into a signal") {
  ParsedSignal parsed = ParseSignal(
      R"({"type":"request","id":7,"method":"join","data":{"roomId":"r","displayName":"A"}})");
  REQUIRE(parsed.signal.has_value());
  CHECK(parsed.signal->id == 7);
  CHECK(parsed.signal->method == Method::kJoin);
  CHECK(parsed.signal->data["roomId"] == "r");
  // data may be left out, or null: an empty object.
  parsed = ParseSignal(R"({"type":"request","id":0,"method":"leave"})");
  REQUIRE(parsed.signal.has_value());
  CHECK(parsed.signal->method == Method::kLeave);
  CHECK(parsed.signal->data == nlohmann::json::object());
  parsed =
      ParseSignal(R"({"type":"request","id":9007199254740991,"method":"leave","data":null,"x":1})");
  REQUIRE(parsed.signal.has_value());
  CHECK(parsed.signal->id == 9007199254740991u);
}

TEST_CASE("every method name maps to its method and back") {
  for (std::string_view name :
       {"join", "createWebRtcTransport", "connectWebRtcTransport", "setRtpCapabilities", "produce",
        "pauseProducer", "resumeProducer", "closeProducer", "pauseConsumer", "resumeConsumer",
        "restartIce", "leave"}) {
    auto method = MethodFromName(name);
    REQUIRE(method.has_value());
    CHECK(MethodName(*method) == name);
  }
  CHECK_FALSE(MethodFromName("Join").has_value());
  CHECK_FALSE(MethodFromName("").has_value());
}

TEST_CASE("garbage is a badRequest naming what was wrong") {
  CHECK(ErrorOf("").reason == "message is not valid JSON");
  CHECK(ErrorOf("{").reason == "message is not valid JSON");
  CHECK(ErrorOf("hello").reason == "message is not valid JSON");
  CHECK(ErrorOf("\xff\xfe").reason == "message is not valid JSON");
  CHECK(ErrorOf(R"("\ud800")").reason == "message is not valid JSON");
  CHECK(ErrorOf("[1,2]").reason == "message must be a JSON object");
  CHECK(ErrorOf("42").reason == "message must be a JSON object");
  CHECK(ErrorOf("{}").reason == "type must be the string \"request\"");
  CHECK(ErrorOf(R"({"type":1,"id":1})").reason == "type must be the string \"request\"");
  CHECK(ErrorOf(R"({"type":"event","id":1})").reason ==
        "type \"event\" is not accepted from clients (only \"request\")");
  CHECK(ErrorOf(R"({"type":"request"})").reason == "id is missing");
  for (const char* id : {"-1", "1.5", "\"1\"", "null", "true", "9007199254740992", "1e3"}) {
    CAPTURE(id);
    CHECK(ErrorOf(std::string(R"({"type":"request","method":"leave","id":)") + id + "}").reason ==
          "id must be an integer from 0 to 2^53-1");
  }
  CHECK(ErrorOf(R"({"type":"request","id":1})").reason == "method must be a string");
  CHECK(ErrorOf(R"({"type":"request","id":1,"method":5})").reason == "method must be a string");
  CHECK(ErrorOf(R"({"type":"request","id":1,"method":"fly"})").reason == "unknown method \"fly\"");
  CHECK(ErrorOf(R"({"type":"request","id":1,"method":")" + std::string(100, 'x') + "\"}").reason ==
        "unknown method");
  for (const char* data : {"[]", "1", "\"x\"", "true"}) {
    CAPTURE(data);
    CHECK(ErrorOf(std::string(R"({"type":"request","id":1,"method":"leave","data":)") + data + "}")
              .reason == "data must be an object");
  }
  CHECK(ErrorOf(std::string(kMaxMessageBytes + 1, ' ')).reason ==
        "message is larger than 262144 bytes");
}

TEST_CASE("an error keeps the request id when it could be read") {
  ParsedSignal parsed = ParseSignal(R"({"type":"request","id":12,"method":"fly"})");
  REQUIRE(parsed.id.has_value());
  CHECK(*parsed.id == 12);
  nlohmann::json reply = MakeErrorResponse(parsed.id, parsed.error);
  CHECK(reply == nlohmann::json::parse(
                     R"({"type":"response","id":12,"ok":false,
                         "error":{"code":"badRequest","reason":"unknown method \"fly\""}})"));
  parsed = ParseSignal(R"({"id":"x"})");
  CHECK_FALSE(parsed.id.has_value());
  CHECK(MakeErrorResponse(parsed.id, parsed.error)["id"].is_null());
}

TEST_CASE("responses and events have their class's shape") {
  CHECK(MakeResponse(3, {{"a", 1}}) ==
        nlohmann::json::parse(R"({"type":"response","id":3,"ok":true,"data":{"a":1}})"));
  CHECK(MakeEvent("peerLeft", {{"peerId", "p"}}) ==
        nlohmann::json::parse(R"({"type":"event","event":"peerLeft","data":{"peerId":"p"}})"));
  CHECK(ErrorCodeName(ErrorCode::kNotJoined) == "notJoined");
  CHECK(ErrorCodeName(ErrorCode::kForbidden) == "forbidden");
  CHECK(ErrorCodeName(ErrorCode::kAlreadyJoined) == "alreadyJoined");
}

TEST_CASE("worker errors: invalid documents are the client's, the rest internal") {
  SignalError bad = FromStatus(absl::InvalidArgumentError("rtpParameters: no codecs"), "produce");
  CHECK(bad.code == ErrorCode::kBadRequest);
  CHECK(bad.reason == "produce: rtpParameters: no codecs");
  CHECK(FromStatus(absl::UnavailableError("worker 1 died"), "x").code == ErrorCode::kInternal);
  CHECK(FromStatus(absl::NotFoundError("no producer"), "x").code == ErrorCode::kInternal);
}

}  // namespace weir::room
