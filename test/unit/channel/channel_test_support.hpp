#pragma once

// A worker behind a ChannelEndpoint on the fake network, driven with requests written in the
// channel's JSON view (FlatBuffers' JSON against the schema of the source tree, as
// mediasoup_client_fixtures_test.cpp does). Notifications go through a real ChannelNotifier, so
// they come out as Notification messages on the same sink as the responses.

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "channel/channel_endpoint.hpp"
#include "channel/channel_notifier.hpp"
#include "channel/framing/frame_encoder.hpp"
#include "deps/deps.hpp"
#include "flatbuffers/idl.h"
#include "support/fake_environment.hpp"

namespace weir::test {

inline std::string ReadSchemaFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "cannot read " << path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

class ChannelWorld : public channel::FrameSink {
 public:
  ChannelWorld() {
    deps::InitializeLibraries();
    const std::string dir = std::string(WEIR_TEST_DATA_DIR) + "/../../channel-schema";
    parser.opts.strict_json = true;
    const std::string file = dir + "/message.fbs";
    const char* includes[] = {dir.c_str(), nullptr};
    REQUIRE_MESSAGE(parser.Parse(ReadSchemaFile(file).c_str(), includes, file.c_str()),
                    parser.error_);
    notifier.Attach(&endpoint);
  }
  ~ChannelWorld() override {
    worker.Close();
    notifier.Attach(nullptr);
  }

  bool WriteFrame(base::ByteView payload, channel::FrameClass) override {
    frames.emplace_back(payload.begin(), payload.end());
    return true;
  }

  // Sends one request; `body` is the JSON of the body table ("" for none). Returns its response.
  const fbs::Response& Request(const std::string& method, const std::string& handlerId,
                               const std::string& body = "") {
    std::string json =
        "{\"data_type\": \"Request\", \"data\": {\"id\": " + std::to_string(++lastId) +
        ", \"method\": \"" + method + "\", \"handlerId\": \"" + handlerId + "\"";
    if (!body.empty()) json += ", \"body_type\": \"" + method + "\", \"body\": " + body;
    json += "}}";
    REQUIRE_MESSAGE(parser.Parse(json.c_str()), parser.error_ << " in " << json);
    std::vector<uint8_t> frame;
    channel::AppendFrame(
        base::ByteView(parser.builder_.GetBufferPointer(), parser.builder_.GetSize()), &frame);
    const size_t before = frames.size();
    endpoint.HandleBytes(frame);
    network.Pump();  // What the request sent (a keyframe request, ...) reaches the peers.
    for (size_t i = before; i < frames.size(); ++i) {
      const fbs::Message* message = At(i);
      if (const auto* response = message->data_as_Response()) {
        REQUIRE(response->id() == lastId);
        return *response;
      }
    }
    FAIL("no response to " << json);
    throw std::logic_error("unreachable");
  }

  // Requires acceptance (showing the reason otherwise).
  const fbs::Response& Accepted(const std::string& method, const std::string& handlerId,
                                const std::string& body = "") {
    const fbs::Response& r = Request(method, handlerId, body);
    REQUIRE_MESSAGE(r.accepted(), method << ": " << (r.reason() ? r.reason()->str() : ""));
    return r;
  }

  // The reason of a rejection of the expected kind ("" and a failed check otherwise).
  std::string Rejected(fbs::ErrorKind kind, const std::string& method, const std::string& handlerId,
                       const std::string& body = "") {
    const fbs::Response& r = Request(method, handlerId, body);
    CHECK_FALSE(r.accepted());
    CHECK_MESSAGE(r.error() == kind, method << ": " << fbs::EnumNameErrorKind(r.error()) << " "
                                            << (r.reason() ? r.reason()->str() : ""));
    return r.reason() ? r.reason()->str() : "";
  }

  const fbs::Message* At(size_t i) {
    flatbuffers::Verifier verifier(frames.at(i).data(), frames.at(i).size());
    REQUIRE(fbs::VerifyMessageBuffer(verifier));
    return fbs::GetMessage(frames.at(i).data());
  }

  // Every Notification so far with that event (and handler id, if given).
  std::vector<const fbs::Notification*> Notifications(fbs::Event event,
                                                      const std::string& handlerId = "") {
    std::vector<const fbs::Notification*> out;
    for (size_t i = 0; i < frames.size(); ++i) {
      const auto* n = At(i)->data_as_Notification();
      if (n == nullptr || n->event() != event) continue;
      if (!handlerId.empty() && (!n->handlerId() || n->handlerId()->str() != handlerId)) continue;
      out.push_back(n);
    }
    return out;
  }

  // The last response printed in the JSON view.
  std::string LastAsJson() {
    for (size_t i = frames.size(); i-- > 0;) {
      if (At(i)->data_as_Response()) {
        std::string json;
        REQUIRE(flatbuffers::GenerateText(parser, frames[i].data(), &json));
        return json;
      }
    }
    return "";
  }

  FakeClock clock;
  FakeNetwork network{clock};
  channel::ChannelNotifier notifier;
  sfu::Environment env{clock, network, notifier};
  sfu::Worker worker{sfu::WorkerSettings{}, env};
  channel::ChannelEndpoint endpoint{worker, *this};
  flatbuffers::Parser parser;
  std::vector<std::vector<uint8_t>> frames;
  uint32_t lastId = 0;
};

// Bodies in the JSON view, mediasoup-client shaped.
inline std::string CreateRouterBody(const std::string& routerId) {
  return R"({"routerId": ")" + routerId + R"(", "mediaCodecs": [
      {"kind": "audio", "mimeType": "audio/opus", "clockRate": 48000, "channels": 2},
      {"kind": "video", "mimeType": "video/VP8", "clockRate": 90000}]})";
}

inline std::string PlainTransportBody(const std::string& id, const std::string& extra = "") {
  return R"({"transportId": ")" + id + R"(", "listenInfo": {"ip": "127.0.0.1"})" +
         (extra.empty() ? "" : ", " + extra) + "}";
}

// VP8 at payload type 96 (RTX 97) on `ssrc` (RTX ssrc + 1).
inline std::string Vp8ProduceBody(const std::string& producerId, uint32_t ssrc,
                                  const std::string& extra = "") {
  return R"({"producerId": ")" + producerId + R"(", "kind": "video", "rtpParameters": {
      "mid": "0",
      "codecs": [
        {"mimeType": "video/VP8", "payloadType": 96, "clockRate": 90000,
         "rtcpFeedback": [{"type": "nack"}, {"type": "nack", "parameter": "pli"},
                          {"type": "ccm", "parameter": "fir"}]},
        {"mimeType": "video/rtx", "payloadType": 97, "clockRate": 90000,
         "parameters": {"apt": 96}}],
      "headerExtensions": [
        {"uri": "urn:ietf:params:rtp-hdrext:sdes:mid", "id": 1}],
      "encodings": [{"ssrc": )" +
         std::to_string(ssrc) + R"(, "rtx": {"ssrc": )" + std::to_string(ssrc + 1) + R"(}}],
      "rtcp": {"cname": "cam"}})" +
         (extra.empty() ? "" : ", " + extra) + "}";
}

// What a VP8 receiver with RTX can receive.
inline const char* kVp8Capabilities = R"({
    "codecs": [
      {"kind": "video", "mimeType": "video/VP8", "clockRate": 90000, "preferredPayloadType": 101,
       "rtcpFeedback": [{"type": "nack"}, {"type": "nack", "parameter": "pli"},
                        {"type": "ccm", "parameter": "fir"}]},
      {"kind": "video", "mimeType": "video/rtx", "clockRate": 90000, "preferredPayloadType": 102,
       "parameters": {"apt": 101}}],
    "headerExtensions": []})";

inline std::string ConsumeBody(const std::string& consumerId, const std::string& producerId,
                               const std::string& caps = kVp8Capabilities,
                               const std::string& extra = "") {
  return R"({"consumerId": ")" + consumerId + R"(", "producerId": ")" + producerId +
         R"(", "rtpCapabilities": )" + caps + (extra.empty() ? "" : ", " + extra) + "}";
}

}  // namespace weir::test
