#include "sfu/ortc/producer_mapping.hpp"

#include <doctest/doctest.h>

#include "ortc_test_support.hpp"
#include "sfu/ortc/header_extension_uris.hpp"
#include "sfu/ortc/router_capabilities.hpp"

using namespace weir::sfu;
using namespace weir::sfu::ortc;
using namespace weir::sfu::ortc::test;

namespace {

// opus 100; VP8 101 (RTX 102); H264 pm1 42e01f 103 (104); H264 pm1 Main 105 (106).
RtpCapabilities RouterCaps() {
  return GenerateRouterRtpCapabilities(
      {OpusCapability(), VideoCapability("video/VP8"),
       VideoCapability("video/H264", {{"packetization-mode", int64_t{1}},
                                      {"profile-level-id", std::string("42e01f")}}),
       VideoCapability("video/H264", {{"packetization-mode", int64_t{1}},
                                      {"profile-level-id", std::string("4d0032")}})});
}

RtpParameters Vp8Simulcast() {
  RtpParameters p;
  p.mid = "0";
  p.codecs = {Codec("video/VP8", 96, 90000, {{"x-google-start-bitrate", int64_t{1000}}}),
              Rtx(97, 96)};
  p.encodings = {RidEncoding("r0"), RidEncoding("r1"), RidEncoding("r2")};
  p.encodings[0].maxBitrate = 100000;
  p.encodings[2].maxBitrate = 900000;
  p.rtcp.cname = "cname-1";
  p.rtcp.reducedSize = false;
  return p;
}

RtpParameters H264Producer(std::string plid, bool asymmetry) {
  RtpParameters p;
  CodecParameters params{{"packetization-mode", int64_t{1}}, {"profile-level-id", std::move(plid)}};
  if (asymmetry) params["level-asymmetry-allowed"] = int64_t{1};
  p.codecs = {Codec("video/H264", 125, 90000, params), Rtx(107, 125)};
  p.encodings = {SsrcEncoding(5555, 5556)};
  return p;
}

std::string MappingError(const RtpParameters& p, const RtpCapabilities& caps) {
  return TypeErrorOf([&] { GetProducerRtpMapping(p, caps, Counter()); });
}

}  // namespace

TEST_CASE("mapping: producer payload types onto the router's, RTX through apt, fresh SSRCs") {
  auto mapping = GetProducerRtpMapping(Vp8Simulcast(), RouterCaps(), Counter(1000));
  REQUIRE(mapping.codecs.size() == 2);
  CHECK(mapping.codecs[0].payloadType == 96);
  CHECK(mapping.codecs[0].mappedPayloadType == 101);
  CHECK(mapping.codecs[1].payloadType == 97);
  CHECK(mapping.codecs[1].mappedPayloadType == 102);
  REQUIRE(mapping.encodings.size() == 3);
  for (size_t i = 0; i < 3; ++i) {
    CHECK(mapping.encodings[i].mappedSsrc == 1000 + i);
    CHECK(mapping.encodings[i].rid == "r" + std::to_string(i));
    CHECK_FALSE(mapping.encodings[i].ssrc.has_value());
    CHECK(mapping.encodings[i].scalabilityMode == "L1T3");
  }

  auto h264 = GetProducerRtpMapping(H264Producer("42e01f", true), RouterCaps(), Counter(7));
  CHECK(h264.codecs[0].mappedPayloadType == 103);
  CHECK(h264.codecs[1].mappedPayloadType == 104);
  CHECK(h264.encodings[0].ssrc == 5555u);
  CHECK(h264.encodings[0].mappedSsrc == 7);

  // Main profile goes to the Main codec whatever the levels; 4de01f is Constrained Baseline.
  CHECK(GetProducerRtpMapping(H264Producer("4d001f", false), RouterCaps(), Counter())
            .codecs[0]
            .mappedPayloadType == 105);
  CHECK(GetProducerRtpMapping(H264Producer("4de01f", false), RouterCaps(), Counter())
            .codecs[0]
            .mappedPayloadType == 103);
}

TEST_CASE("mapping: rejections name the producer's codec") {
  CHECK(MappingError(H264Producer("640032", true), RouterCaps()) ==
        "rtpParameters.codecs[0]: unsupported codec video/H264 (payloadType 125)");
  CHECK(MappingError(H264Producer("42001f", true), RouterCaps()) ==
        "rtpParameters.codecs[0]: unsupported codec video/H264 (payloadType 125)");
  auto mode0 = H264Producer("42e01f", true);
  mode0.codecs[0].parameters["packetization-mode"] = int64_t{0};
  CHECK(MappingError(mode0, RouterCaps()) ==
        "rtpParameters.codecs[0]: unsupported codec video/H264 (payloadType 125)");
  auto vp9 = Vp8Simulcast();
  vp9.codecs[0].mimeType = "video/VP9";
  CHECK(MappingError(vp9, RouterCaps()) ==
        "rtpParameters.codecs[0]: unsupported codec video/VP9 (payloadType 96)");

  auto noRtx = RouterCaps();
  noRtx.codecs.erase(noRtx.codecs.begin() + 2);  // VP8's RTX.
  CHECK(MappingError(Vp8Simulcast(), noRtx) ==
        "rtpParameters.codecs[1]: the router has no RTX for payloadType 101");
  auto orphan = Vp8Simulcast();
  orphan.codecs[1].parameters["apt"] = int64_t{99};
  CHECK(MappingError(orphan, RouterCaps()) ==
        "rtpParameters.codecs[1].parameters.apt: no media codec for RTX 97");
}

TEST_CASE("consumable parameters: the router's codecs with the producer's parameters") {
  auto caps = RouterCaps();
  auto producer = Vp8Simulcast();
  auto mapping = GetProducerRtpMapping(producer, caps, Counter(1000));
  auto c = GetConsumableRtpParameters(MediaKind::kVideo, producer, caps, mapping);

  REQUIRE(c.codecs.size() == 2);
  CHECK(c.codecs[0].mimeType == "video/VP8");
  CHECK(c.codecs[0].payloadType == 101);
  CHECK(c.codecs[0].clockRate == 90000);
  CHECK(c.codecs[0].parameters == producer.codecs[0].parameters);
  CHECK(c.codecs[0].rtcpFeedback == VideoFeedback());
  CHECK(c.codecs[1].mimeType == "video/rtx");
  CHECK(c.codecs[1].payloadType == 102);
  CHECK(c.codecs[1].parameters == CodecParameters{{"apt", int64_t{101}}});

  // Video extensions the router may send: not RID, repaired RID, dependency descriptor.
  std::vector<std::string> uris;
  for (const auto& ext : c.headerExtensions)
    uris.push_back(ext.uri);
  CHECK(uris == std::vector<std::string>{kMidUri, kAbsSendTimeUri, kTransportWideCcUri,
                                         kVideoOrientationUri, kTimeOffsetUri, kAbsCaptureTimeUri,
                                         kPlayoutDelayUri});
  CHECK(c.headerExtensions[0].id == 1);
  CHECK(c.headerExtensions[6].id == 14);

  REQUIRE(c.encodings.size() == 3);
  CHECK(c.encodings[0].ssrc == 1000u);
  CHECK(c.encodings[2].ssrc == 1002u);
  CHECK_FALSE(c.encodings[0].rid.has_value());
  CHECK(c.encodings[1].scalabilityMode == "L1T3");
  CHECK(c.encodings[2].maxBitrate == 900000u);
  CHECK(c.rtcp.cname == "cname-1");
  CHECK(c.rtcp.reducedSize);
  CHECK(c.mid.empty());
}

TEST_CASE("consumable parameters: audio extensions, no RTX, rtx/codecPayloadType dropped") {
  auto caps = RouterCaps();
  RtpParameters opus;
  opus.codecs = {Codec("audio/opus", 111, 48000, {{"useinbandfec", int64_t{1}}})};
  opus.codecs[0].channels = 2;
  opus.encodings = {SsrcEncoding(42)};
  opus.encodings[0].codecPayloadType = 111;
  opus.encodings[0].dtx = true;
  auto mapping = GetProducerRtpMapping(opus, caps, Counter(9));
  auto c = GetConsumableRtpParameters(MediaKind::kAudio, opus, caps, mapping);
  REQUIRE(c.codecs.size() == 1);
  CHECK(c.codecs[0].payloadType == 100);
  CHECK(c.codecs[0].channels == 2);
  CHECK(c.codecs[0].parameters == CodecParameters{{"useinbandfec", int64_t{1}}});
  std::vector<std::string> uris;
  for (const auto& ext : c.headerExtensions)
    uris.push_back(ext.uri);
  CHECK(uris == std::vector<std::string>{kMidUri, kAbsSendTimeUri, kAudioLevelUri,
                                         kAbsCaptureTimeUri, kPlayoutDelayUri});
  REQUIRE(c.encodings.size() == 1);
  CHECK(c.encodings[0].ssrc == 9u);
  CHECK_FALSE(c.encodings[0].codecPayloadType.has_value());
  CHECK(c.encodings[0].dtx);
}

TEST_CASE("consumable parameters: H.264 profile-level-id as answered (RFC 6184 8.2.2)") {
  auto caps = RouterCaps();  // 42e01f with level-asymmetry-allowed=1.
  struct Case {
    bool asymmetry;
    const char* expected;
  };
  for (const Case& test : {Case{true, "42e034"}, Case{false, "42e01f"}}) {
    const bool asymmetry = test.asymmetry;
    const char* expected = test.expected;
    auto producer = H264Producer("42e034", asymmetry);
    auto mapping = GetProducerRtpMapping(producer, caps, Counter());
    auto c = GetConsumableRtpParameters(MediaKind::kVideo, producer, caps, mapping);
    CAPTURE(asymmetry);
    CHECK(c.codecs[0].payloadType == 103);
    CHECK(c.codecs[0].parameters.at("profile-level-id") == ParameterValue(std::string(expected)));
    CHECK(c.codecs[1].payloadType == 104);
    CHECK_FALSE(c.encodings[0].rtx.has_value());
  }
}
