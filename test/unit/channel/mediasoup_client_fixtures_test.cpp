// mediasoup-client's own JSON, end to end: parsed by FlatBuffers' JSON parser against the schema
// of the source tree (unknown fields skipped, as a controller's JSON view does), converted with
// FromFbs, and negotiated by sfu/ortc. Fixtures: test/data/mediasoup-client/README.md.

#include <doctest/doctest.h>
#include "support/fake_environment.hpp"

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "channel/channel_endpoint.hpp"
#include "channel/convert/rtp_capabilities.hpp"
#include "channel/convert/rtp_parameters.hpp"
#include "channel/framing/frame_decoder.hpp"
#include "channel/framing/frame_encoder.hpp"
#include "flatbuffers/idl.h"
#include "sfu/ortc/consumer_parameters.hpp"
#include "sfu/ortc/header_extension_uris.hpp"
#include "sfu/ortc/producer_mapping.hpp"
#include "sfu/ortc/rtp_capabilities_validation.hpp"
#include "sfu/ortc/rtp_parameters_validation.hpp"

using namespace weir;
namespace ortc = weir::sfu::ortc;

namespace {

const std::string kDataDir = WEIR_TEST_DATA_DIR;
const std::string kSchemaDir = kDataDir + "/../../channel-schema";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "cannot read " << path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// A parser loaded with the channel schema from the source tree.
struct SchemaParser {
  explicit SchemaParser(const char* rootType = nullptr) {
    parser.opts.skip_unexpected_fields_in_json = true;
    parser.opts.strict_json = true;
    std::string schema = ReadFile(kSchemaDir + "/message.fbs");
    const char* includes[] = {kSchemaDir.c_str(), nullptr};
    std::string file = kSchemaDir + "/message.fbs";
    REQUIRE_MESSAGE(parser.Parse(schema.c_str(), includes, file.c_str()), parser.error_);
    if (rootType != nullptr) REQUIRE(parser.SetRootType(rootType));
  }

  // The JSON as a verified buffer of the root type.
  template <typename T>
  const T& ParseJson(const std::string& json) {
    REQUIRE_MESSAGE(parser.Parse(json.c_str()), parser.error_);
    buffer.assign(parser.builder_.GetBufferPointer(),
                  parser.builder_.GetBufferPointer() + parser.builder_.GetSize());
    flatbuffers::Verifier verifier(buffer.data(), buffer.size());
    REQUIRE(verifier.VerifyBuffer<T>(nullptr));
    return *flatbuffers::GetRoot<T>(buffer.data());
  }

  std::string ToJson(const uint8_t* buf) {
    std::string json;
    REQUIRE(flatbuffers::GenerateText(parser, buf, &json));
    return json;
  }

  flatbuffers::Parser parser;
  std::vector<uint8_t> buffer;
};

class Sink : public channel::FrameSink {
 public:
  bool WriteFrame(base::ByteView payload, channel::FrameClass) override {
    frames.emplace_back(payload.begin(), payload.end());
    return true;
  }
  std::vector<std::vector<uint8_t>> frames;
};

struct Router {
  test::FakeEnvironment fakeEnv;
  sfu::Worker worker{sfu::WorkerSettings{}, fakeEnv.env};
  Sink sink;
  channel::ChannelEndpoint endpoint{worker, sink};
  SchemaParser json;

  // Sends a request written in JSON; returns the response frame.
  const fbs::Response& Request(const std::string& requestJson) {
    json.ParseJson<fbs::Message>(requestJson);
    std::vector<uint8_t> frame;
    channel::AppendFrame(base::ByteView(json.buffer.data(), json.buffer.size()), &frame);
    sink.frames.clear();
    endpoint.HandleBytes(frame);
    REQUIRE(sink.frames.size() == 1);
    flatbuffers::Verifier verifier(sink.frames[0].data(), sink.frames[0].size());
    REQUIRE(fbs::VerifyMessageBuffer(verifier));
    const auto* response = fbs::GetMessage(sink.frames[0].data())->data_as_Response();
    REQUIRE(response != nullptr);
    return *response;
  }

  sfu::RtpCapabilities Create() {
    const auto& response =
        Request(ReadFile(kDataDir + "/mediasoup-client/create_router_request.json"));
    REQUIRE_MESSAGE(response.accepted(), (response.reason() ? response.reason()->str() : ""));
    REQUIRE(response.body_as_worker_createRouter() != nullptr);
    return channel::FromFbs(*response.body_as_worker_createRouter()->rtpCapabilities(),
                            "rtpCapabilities");
  }
};

sfu::RtpParameters ProducerParameters(const char* fixture) {
  SchemaParser json("weir.fbs.RtpParameters");
  const auto& fb =
      json.ParseJson<fbs::RtpParameters>(ReadFile(kDataDir + "/mediasoup-client/" + fixture));
  return channel::FromFbs(fb, "rtpParameters");
}

sfu::RtpCapabilities DeviceCapabilities() {
  SchemaParser json("weir.fbs.RtpCapabilities");
  const auto& fb = json.ParseJson<fbs::RtpCapabilities>(
      ReadFile(kDataDir + "/mediasoup-client/chrome_device_rtp_capabilities.json"));
  auto caps = channel::FromFbs(fb, "rtpCapabilities");
  ortc::ValidateRtpCapabilities(caps);
  return caps;
}

std::vector<std::string> Uris(const sfu::RtpParameters& p) {
  std::vector<std::string> uris;
  for (const auto& ext : p.headerExtensions)
    uris.push_back(ext.uri);
  return uris;
}

}  // namespace

TEST_CASE("mediasoup-client fixtures: createRouter with mediasoup-demo's mediaCodecs") {
  Router router;
  auto caps = router.Create();
  REQUIRE(caps.codecs.size() == 9);
  struct Expect {
    const char* mimeType;
    uint8_t pt;
  };
  std::vector<Expect> expected{{"audio/opus", 100}, {"video/VP8", 101},  {"video/rtx", 102},
                               {"video/VP9", 103},  {"video/rtx", 104},  {"video/H264", 105},
                               {"video/rtx", 106},  {"video/H264", 107}, {"video/rtx", 108}};
  for (size_t i = 0; i < expected.size(); ++i) {
    CAPTURE(i);
    CHECK(caps.codecs[i].mimeType == expected[i].mimeType);
    CHECK(caps.codecs[i].preferredPayloadType == expected[i].pt);
  }
  CHECK(caps.codecs[0].channels == 2);
  // JSON numbers stay numbers, strings strings.
  CHECK(caps.codecs[1].parameters ==
        sfu::CodecParameters{{"x-google-start-bitrate", int64_t{1000}}});
  CHECK(caps.codecs[5].parameters.at("profile-level-id") ==
        sfu::ParameterValue(std::string("4d0032")));
  CHECK(caps.codecs[5].parameters.at("packetization-mode") == sfu::ParameterValue(int64_t{1}));
  CHECK(caps.codecs[8].parameters == sfu::CodecParameters{{"apt", int64_t{107}}});
  CHECK(caps.headerExtensions.size() == 16);

  // The response prints as mediasoup-client-shaped JSON.
  std::string json = router.json.ToJson(router.sink.frames[0].data());
  for (const char* piece :
       {"\"mimeType\": \"video/VP8\"", "\"kind\": \"video\"", "\"preferredPayloadType\": 101",
        "\"apt\": 101", "\"direction\": \"recvonly\"", "\"type\": \"nack\"",
        "\"parameter\": \"pli\"", "\"profile-level-id\": \"42e01f\"", "\"channels\": 2"}) {
    CAPTURE(piece);
    CHECK(json.find(piece) != std::string::npos);
  }
}

TEST_CASE("mediasoup-client fixtures: an invalid media codec is a TypeError naming it") {
  Router router;
  std::string request = ReadFile(kDataDir + "/mediasoup-client/create_router_request.json");
  auto at = request.find("video/VP9");
  REQUIRE(at != std::string::npos);
  request.replace(at, 9, "video/H263");
  const auto& response = router.Request(request);
  CHECK_FALSE(response.accepted());
  CHECK(response.error() == fbs::ErrorKind::TypeError);
  CHECK(response.reason()->str() == "mediaCodecs[2]: unsupported codec video/H263");
  CHECK(router.worker.router_count() == 0);
}

TEST_CASE("mediasoup-client fixtures: Chrome's VP8 simulcast producer to a Chrome consumer") {
  Router router;
  auto routerCaps = router.Create();
  auto producer = ProducerParameters("chrome_produce_vp8_simulcast.json");
  ortc::ValidateRtpParameters(producer, sfu::MediaKind::kVideo);
  CHECK(producer.mid == "0");
  CHECK(producer.rtcp.cname == "fSwB2KqX1bH2Tn4v");
  REQUIRE(producer.encodings.size() == 3);
  CHECK(producer.encodings[2].rid == "r2");
  CHECK(producer.encodings[2].maxBitrate == 1500000u);
  CHECK(producer.encodings[0].scalabilityMode == "L1T3");

  uint32_t next = 0x10000;
  ortc::SsrcSource ssrcs = [&] { return next++; };
  auto mapping = ortc::GetProducerRtpMapping(producer, routerCaps, ssrcs);
  REQUIRE(mapping.codecs.size() == 2);
  CHECK(mapping.codecs[0].payloadType == 96);
  CHECK(mapping.codecs[0].mappedPayloadType == 101);
  CHECK(mapping.codecs[1].payloadType == 97);
  CHECK(mapping.codecs[1].mappedPayloadType == 102);
  CHECK(mapping.encodings[1].rid == "r1");

  auto consumable =
      ortc::GetConsumableRtpParameters(sfu::MediaKind::kVideo, producer, routerCaps, mapping);
  auto device = DeviceCapabilities();
  CHECK(ortc::CanConsume(consumable, device));
  auto consumer = ortc::GetConsumerRtpParameters(consumable, device, {}, ssrcs);

  REQUIRE(consumer.codecs.size() == 2);
  CHECK(consumer.codecs[0].mimeType == "video/VP8");
  CHECK(consumer.codecs[0].payloadType == 101);
  CHECK(consumer.codecs[0].rtcpFeedback ==
        std::vector<sfu::RtcpFeedback>{
            {"nack", ""}, {"nack", "pli"}, {"ccm", "fir"}, {"transport-cc", ""}});
  CHECK(consumer.codecs[1].payloadType == 102);
  CHECK(Uris(consumer) == std::vector<std::string>{ortc::kMidUri, ortc::kAbsSendTimeUri,
                                                   ortc::kTransportWideCcUri,
                                                   ortc::kVideoOrientationUri, ortc::kTimeOffsetUri,
                                                   ortc::kPlayoutDelayUri});
  REQUIRE(consumer.encodings.size() == 1);
  CHECK(consumer.encodings[0].ssrc == 0x10003u);
  CHECK(consumer.encodings[0].rtx->ssrc == 0x10004u);
  CHECK(consumer.encodings[0].scalabilityMode == "S3T3");
  CHECK(consumer.encodings[0].maxBitrate == 1500000u);
  CHECK(consumer.rtcp.cname == "fSwB2KqX1bH2Tn4v");

  // What mediasoup-client's transport.consume() receives, through JSON and back.
  SchemaParser json("weir.fbs.RtpParameters");
  flatbuffers::FlatBufferBuilder b;
  b.Finish(channel::ToFbs(b, consumer));
  std::string text = json.ToJson(b.GetBufferPointer());
  CHECK(text.find("\"scalabilityMode\": \"S3T3\"") != std::string::npos);
  CHECK(text.find("\"rtx\": {") != std::string::npos);
  CHECK(channel::FromFbs(json.ParseJson<fbs::RtpParameters>(text), "rtpParameters") == consumer);
}

TEST_CASE("mediasoup-client fixtures: Chrome's Opus producer to a Chrome consumer") {
  Router router;
  auto routerCaps = router.Create();
  auto producer = ProducerParameters("chrome_produce_opus.json");
  ortc::ValidateRtpParameters(producer, sfu::MediaKind::kAudio);
  CHECK(producer.codecs[0].channels == 2);
  CHECK(producer.codecs[0].parameters == sfu::CodecParameters{{"minptime", int64_t{10}},
                                                              {"useinbandfec", int64_t{1}},
                                                              {"usedtx", int64_t{1}}});
  CHECK(producer.encodings[0].ssrc == 2746917415u);

  uint32_t next = 1;
  ortc::SsrcSource ssrcs = [&] { return next++; };
  auto mapping = ortc::GetProducerRtpMapping(producer, routerCaps, ssrcs);
  REQUIRE(mapping.codecs.size() == 1);
  CHECK(mapping.codecs[0].payloadType == 111);
  CHECK(mapping.codecs[0].mappedPayloadType == 100);
  CHECK(mapping.encodings[0].ssrc == 2746917415u);

  auto consumable =
      ortc::GetConsumableRtpParameters(sfu::MediaKind::kAudio, producer, routerCaps, mapping);
  auto device = DeviceCapabilities();
  CHECK(ortc::CanConsume(consumable, device));
  auto consumer = ortc::GetConsumerRtpParameters(consumable, device, {.enableRtx = false}, ssrcs);
  REQUIRE(consumer.codecs.size() == 1);
  CHECK(consumer.codecs[0].mimeType == "audio/opus");
  CHECK(consumer.codecs[0].payloadType == 100);
  CHECK(consumer.codecs[0].channels == 2);
  CHECK(consumer.codecs[0].parameters.at("usedtx") == sfu::ParameterValue(int64_t{1}));
  // No transport-cc: Chrome does not take the transport-wide-cc extension on received audio.
  CHECK(consumer.codecs[0].rtcpFeedback.empty());
  CHECK(Uris(consumer) ==
        std::vector<std::string>{ortc::kMidUri, ortc::kAbsSendTimeUri, ortc::kAudioLevelUri});
  CHECK(consumer.encodings[0].ssrc == 2u);
  CHECK_FALSE(consumer.encodings[0].rtx.has_value());
}

TEST_CASE("mediasoup-client fixtures: H.264 profiles across producer, router and device") {
  Router router;
  auto routerCaps = router.Create();
  auto producer = ProducerParameters("chrome_produce_vp8_simulcast.json");
  // Chrome's H.264 Main at 3.1 goes to the router's Main codec (4d0032).
  producer.codecs[0].mimeType = "video/H264";
  producer.codecs[0].parameters = {{"level-asymmetry-allowed", int64_t{1}},
                                   {"packetization-mode", int64_t{1}},
                                   {"profile-level-id", std::string("4d001f")}};
  ortc::ValidateRtpParameters(producer, sfu::MediaKind::kVideo);
  auto mapping = ortc::GetProducerRtpMapping(producer, routerCaps, [] { return 5u; });
  CHECK(mapping.codecs[0].mappedPayloadType == 105);
  CHECK(mapping.codecs[1].mappedPayloadType == 106);
  auto consumable =
      ortc::GetConsumableRtpParameters(sfu::MediaKind::kVideo, producer, routerCaps, mapping);
  auto device = DeviceCapabilities();
  CHECK(ortc::CanConsume(consumable, device));
  // A device that only has Constrained Baseline cannot.
  std::erase_if(device.codecs,
                [](const sfu::RtpCodecCapability& c) { return c.preferredPayloadType == 105; });
  CHECK_FALSE(ortc::CanConsume(consumable, device));

  // High profile matches no router codec at all.
  producer.codecs[0].parameters["profile-level-id"] = int64_t{640032};  // as sdp-transform gives it
  std::string reason;
  try {
    ortc::GetProducerRtpMapping(producer, routerCaps, [] { return 5u; });
  } catch (const sfu::Error& e) {
    reason = e.what();
  }
  CHECK(reason == "rtpParameters.codecs[0]: unsupported codec video/H264 (payloadType 96)");
}
