#include "sfu/ortc/consumer_parameters.hpp"

#include <doctest/doctest.h>

#include "ortc_test_support.hpp"
#include "sfu/ortc/header_extension_uris.hpp"
#include "sfu/ortc/producer_mapping.hpp"
#include "sfu/ortc/router_capabilities.hpp"

using namespace weir::sfu;
using namespace weir::sfu::ortc;
using namespace weir::sfu::ortc::test;

namespace {

using D = RtpHeaderExtensionDirection;

RtpCapabilities RouterCaps() {
  return GenerateRouterRtpCapabilities(
      {OpusCapability(), VideoCapability("video/VP8"),
       VideoCapability("video/H264", {{"packetization-mode", int64_t{1}},
                                      {"profile-level-id", std::string("42e01f")}})});
}

// The consumable parameters of a producer, through the real mapping.
RtpParameters Consumable(const RtpParameters& producer, MediaKind kind) {
  auto caps = RouterCaps();
  auto mapping = GetProducerRtpMapping(producer, caps, Counter(500));
  return GetConsumableRtpParameters(kind, producer, caps, mapping);
}

RtpParameters Vp8Simulcast() {
  RtpParameters p;
  p.codecs = {Codec("video/VP8", 96, 90000), Rtx(97, 96)};
  p.encodings = {RidEncoding("r0"), RidEncoding("r1"), RidEncoding("r2")};
  p.encodings[0].maxBitrate = 100000;
  p.encodings[1].maxBitrate = 2000000;
  p.encodings[2].maxBitrate = 900000;
  p.rtcp.cname = "c";
  return p;
}

RtpParameters H264Single() {
  RtpParameters p;
  p.codecs = {Codec("video/H264", 102, 90000, H264Params(1, "42e01f")), Rtx(103, 102)};
  p.encodings = {SsrcEncoding(1, 2)};
  return p;
}

// What a Chrome device reports through mediasoup-client for this router: the router's payload
// types, Chrome's feedback (in Chrome's order), and header extensions with the router's ids.
RtpCapabilities Browser() {
  RtpCapabilities caps;
  auto opus = OpusCapability();
  opus.preferredPayloadType = 100;
  opus.rtcpFeedback = {{"transport-cc", ""}};
  auto vp8 = VideoCapability("video/VP8");
  vp8.preferredPayloadType = 101;
  vp8.rtcpFeedback = {{"goog-remb", ""}, {"transport-cc", ""}, {"ccm", "fir"},
                      {"nack", ""},      {"nack", "pli"},      {"rrtr", ""}};
  auto rtx = VideoCapability("video/rtx", {{"apt", int64_t{101}}});
  rtx.preferredPayloadType = 102;
  auto h264 = VideoCapability("video/H264", H264Params(1, "42e01f"));
  h264.preferredPayloadType = 103;
  h264.rtcpFeedback = vp8.rtcpFeedback;
  caps.codecs = {opus, vp8, rtx, h264};
  auto v = MediaKind::kVideo;
  caps.headerExtensions = {
      {MediaKind::kAudio, kMidUri, 1, false, D::kSendRecv},
      {v, kMidUri, 1, false, D::kSendRecv},
      {v, kAbsSendTimeUri, 4, false, D::kSendRecv},
      {v, kTransportWideCcUri, 5, false, D::kSendRecv},
      {v, kVideoOrientationUri, 11, false, D::kSendRecv},
      {v, kTimeOffsetUri, 12, false, D::kRecvOnly},
      {v, kAbsCaptureTimeUri, 13, false, D::kSendOnly},  // may not receive it
      {v, kPlayoutDelayUri, 6, false, D::kSendRecv},     // another id
  };
  return caps;
}

std::vector<std::string> Uris(const RtpParameters& p) {
  std::vector<std::string> uris;
  for (const auto& ext : p.headerExtensions)
    uris.push_back(ext.uri);
  return uris;
}

}  // namespace

TEST_CASE("canConsume: at least one media codec in common") {
  auto vp8 = Consumable(Vp8Simulcast(), MediaKind::kVideo);
  CHECK(CanConsume(vp8, Browser()));
  auto onlyH264 = Browser();
  onlyH264.codecs.erase(onlyH264.codecs.begin() + 1, onlyH264.codecs.begin() + 3);
  CHECK_FALSE(CanConsume(vp8, onlyH264));
  auto onlyRtx = Browser();
  onlyRtx.codecs = {onlyRtx.codecs[2]};
  CHECK_FALSE(CanConsume(vp8, onlyRtx));
  CHECK_FALSE(CanConsume(vp8, RtpCapabilities{}));
  auto bad = Browser();
  bad.codecs[1].mimeType = "nonsense";
  CHECK(TypeErrorOf([&] { CanConsume(vp8, bad); }) ==
        "rtpCapabilities.codecs[1].mimeType: invalid 'nonsense' (expected audio/<codec> or "
        "video/<codec>)");
  // H.264 profile rules apply: a Baseline-only device cannot take Constrained Baseline.
  auto h264 = Consumable(H264Single(), MediaKind::kVideo);
  CHECK(CanConsume(h264, Browser()));
  auto baseline = Browser();
  baseline.codecs[3].parameters["profile-level-id"] = std::string("42001f");
  CHECK_FALSE(CanConsume(h264, baseline));
  auto mode0 = Browser();
  mode0.codecs[3].parameters["packetization-mode"] = int64_t{0};
  CHECK_FALSE(CanConsume(h264, mode0));
}

TEST_CASE("consumer parameters: simulcast VP8 to a browser") {
  auto consumable = Consumable(Vp8Simulcast(), MediaKind::kVideo);
  auto p = GetConsumerRtpParameters(consumable, Browser(), {}, Counter(7000));
  REQUIRE(p.codecs.size() == 2);
  CHECK(p.codecs[0].mimeType == "video/VP8");
  CHECK(p.codecs[0].payloadType == 101);
  // Both sides' feedback, in the router's order; REMB dropped since transport-cc is in use.
  CHECK(p.codecs[0].rtcpFeedback ==
        std::vector<RtcpFeedback>{
            {"nack", ""}, {"nack", "pli"}, {"ccm", "fir"}, {"transport-cc", ""}});
  CHECK(p.codecs[1].mimeType == "video/rtx");
  CHECK(p.codecs[1].payloadType == 102);
  // Same URI and id on both sides, and the remote may receive it.
  CHECK(Uris(p) == std::vector<std::string>{kMidUri, kAbsSendTimeUri, kTransportWideCcUri,
                                            kVideoOrientationUri, kTimeOffsetUri});
  REQUIRE(p.encodings.size() == 1);
  CHECK(p.encodings[0].ssrc == 7000u);
  REQUIRE(p.encodings[0].rtx.has_value());
  CHECK(p.encodings[0].rtx->ssrc == 7001u);
  CHECK(p.encodings[0].scalabilityMode == "S3T3");  // 3 simulcast encodings of L1T3.
  CHECK(p.encodings[0].maxBitrate == 2000000u);
  CHECK(p.rtcp.cname == "c");
}

TEST_CASE("consumer parameters: RTX only when enabled and supported by both sides") {
  auto consumable = Consumable(Vp8Simulcast(), MediaKind::kVideo);
  auto noRtx = GetConsumerRtpParameters(consumable, Browser(), {.enableRtx = false}, Counter());
  REQUIRE(noRtx.codecs.size() == 1);
  CHECK_FALSE(noRtx.encodings[0].rtx.has_value());
  // Without retransmissions there is nothing to answer a generic NACK with.
  CHECK(noRtx.codecs[0].rtcpFeedback ==
        std::vector<RtcpFeedback>{{"nack", "pli"}, {"ccm", "fir"}, {"transport-cc", ""}});

  auto remoteNoRtx = Browser();
  remoteNoRtx.codecs.erase(remoteNoRtx.codecs.begin() + 2);
  auto p = GetConsumerRtpParameters(consumable, remoteNoRtx, {}, Counter());
  REQUIRE(p.codecs.size() == 1);
  CHECK_FALSE(p.encodings[0].rtx.has_value());
  CHECK(p.codecs[0].rtcpFeedback.front() == RtcpFeedback{"nack", ""});

  // The remote has RTX but not for a codec the consumer keeps: dropped.
  auto h264 = Consumable(H264Single(), MediaKind::kVideo);
  auto vp8Only = Browser();
  vp8Only.codecs[3].parameters["packetization-mode"] = int64_t{0};
  CHECK(TypeErrorOf([&] { GetConsumerRtpParameters(h264, vp8Only, {}, Counter()); }) ==
        "rtpCapabilities: no media codec in common with the producer");
}

TEST_CASE("consumer parameters: one congestion controller, by the extensions kept") {
  auto consumable = Consumable(Vp8Simulcast(), MediaKind::kVideo);
  auto remb = Browser();
  std::erase_if(remb.headerExtensions,
                [](const auto& ext) { return ext.uri == kTransportWideCcUri; });
  auto p = GetConsumerRtpParameters(consumable, remb, {}, Counter());
  CHECK(
      p.codecs[0].rtcpFeedback ==
      std::vector<RtcpFeedback>{{"nack", ""}, {"nack", "pli"}, {"ccm", "fir"}, {"goog-remb", ""}});
  std::erase_if(remb.headerExtensions, [](const auto& ext) { return ext.uri == kAbsSendTimeUri; });
  p = GetConsumerRtpParameters(consumable, remb, {}, Counter());
  CHECK(p.codecs[0].rtcpFeedback ==
        std::vector<RtcpFeedback>{{"nack", ""}, {"nack", "pli"}, {"ccm", "fir"}});
  // Feedback the remote lacks is not used.
  auto noFir = Browser();
  std::erase(noFir.codecs[1].rtcpFeedback, RtcpFeedback{"ccm", "fir"});
  p = GetConsumerRtpParameters(consumable, noFir, {}, Counter());
  CHECK(p.codecs[0].rtcpFeedback ==
        std::vector<RtcpFeedback>{{"nack", ""}, {"nack", "pli"}, {"transport-cc", ""}});
}

TEST_CASE("consumer parameters: scalabilityMode and maxBitrate") {
  auto svc = Vp8Simulcast();
  svc.encodings = {RidEncoding("q", "L3T3_KEY")};
  auto p = GetConsumerRtpParameters(Consumable(svc, MediaKind::kVideo), Browser(), {}, Counter());
  CHECK(p.encodings[0].scalabilityMode == "L3T3_KEY");
  CHECK_FALSE(p.encodings[0].maxBitrate.has_value());

  auto plain = H264Single();
  p = GetConsumerRtpParameters(Consumable(plain, MediaKind::kVideo), Browser(), {}, Counter());
  CHECK_FALSE(p.encodings[0].scalabilityMode.has_value());
  CHECK(p.codecs[0].payloadType == 103);

  auto simulcastNoMode = Vp8Simulcast();
  for (auto& e : simulcastNoMode.encodings)
    e.scalabilityMode.reset();
  p = GetConsumerRtpParameters(Consumable(simulcastNoMode, MediaKind::kVideo), Browser(), {},
                               Counter());
  CHECK(p.encodings[0].scalabilityMode == "S3T1");
}

TEST_CASE("consumer parameters: audio") {
  RtpParameters opus;
  opus.codecs = {Codec("audio/opus", 111, 48000)};
  opus.codecs[0].channels = 2;
  opus.encodings = {SsrcEncoding(3)};
  auto consumable = Consumable(opus, MediaKind::kAudio);
  // mediasoup's default for audio: no RTX, so opus loses generic NACK.
  auto p = GetConsumerRtpParameters(consumable, Browser(), {.enableRtx = false}, Counter(10));
  REQUIRE(p.codecs.size() == 1);
  CHECK(p.codecs[0].rtcpFeedback.empty());  // Browser lists transport-cc but no twcc extension
  CHECK(Uris(p) == std::vector<std::string>{kMidUri});  // audio extensions of the browser
  CHECK(p.encodings[0].ssrc == 10u);
  CHECK_FALSE(p.encodings[0].rtx.has_value());
}

TEST_CASE("consumer parameters: pipe consumes every encoding") {
  auto consumable = Consumable(Vp8Simulcast(), MediaKind::kVideo);
  auto p = GetConsumerRtpParameters(consumable, Browser(), {.pipe = true}, Counter(100));
  REQUIRE(p.encodings.size() == 3);
  CHECK(p.encodings[0].ssrc == 100u);
  CHECK(p.encodings[0].rtx->ssrc == 101u);
  CHECK(p.encodings[2].ssrc == 104u);
  CHECK(p.encodings[2].rtx->ssrc == 105u);
  CHECK(p.encodings[1].scalabilityMode == "L1T3");
  CHECK(p.encodings[1].maxBitrate == 2000000u);
}

TEST_CASE("pipe consumer parameters") {
  auto consumable = Consumable(Vp8Simulcast(), MediaKind::kVideo);
  auto p = GetPipeConsumerRtpParameters(consumable, true, Counter(1));
  REQUIRE(p.codecs.size() == 2);
  CHECK(p.codecs[0].rtcpFeedback ==
        std::vector<RtcpFeedback>{{"nack", ""}, {"nack", "pli"}, {"ccm", "fir"}});
  CHECK(Uris(p) == std::vector<std::string>{kVideoOrientationUri, kTimeOffsetUri,
                                            kAbsCaptureTimeUri, kPlayoutDelayUri});
  REQUIRE(p.encodings.size() == 3);
  CHECK(p.encodings[0].ssrc == 1u);
  CHECK(p.encodings[0].rtx->ssrc == 2u);
  CHECK(p.encodings[1].ssrc == 3u);
  CHECK(p.encodings[2].rtx->ssrc == 6u);

  auto noRtx = GetPipeConsumerRtpParameters(consumable, false, Counter(1));
  REQUIRE(noRtx.codecs.size() == 1);
  CHECK(noRtx.codecs[0].rtcpFeedback == std::vector<RtcpFeedback>{{"nack", "pli"}, {"ccm", "fir"}});
  CHECK(noRtx.encodings[1].ssrc == 2u);
  CHECK_FALSE(noRtx.encodings[1].rtx.has_value());
}
