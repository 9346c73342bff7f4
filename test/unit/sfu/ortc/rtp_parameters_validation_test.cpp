#include "sfu/ortc/rtp_parameters_validation.hpp"

#include <doctest/doctest.h>

#include "ortc_test_support.hpp"

using namespace weir::sfu;
using namespace weir::sfu::ortc;
using namespace weir::sfu::ortc::test;

namespace {

// A valid VP8 simulcast producer as mediasoup-client sends it.
RtpParameters Vp8Simulcast() {
  RtpParameters p;
  p.mid = "0";
  p.codecs = {Codec("video/VP8", 96, 90000), Rtx(97, 96)};
  p.codecs[0].rtcpFeedback = VideoFeedback();
  p.headerExtensions = {{"urn:ietf:params:rtp-hdrext:sdes:mid", 4, false, {}},
                        {"urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id", 10, false, {}}};
  p.encodings = {RidEncoding("r0"), RidEncoding("r1"), RidEncoding("r2")};
  p.rtcp.cname = "abc";
  return p;
}

RtpParameters Opus() {
  RtpParameters p;
  p.codecs = {Codec("audio/opus", 111, 48000)};
  p.codecs[0].channels = 2;
  p.encodings = {SsrcEncoding(1111)};
  return p;
}

template <typename Mutate>
std::string Reject(Mutate mutate, MediaKind kind = MediaKind::kVideo) {
  RtpParameters p = kind == MediaKind::kVideo ? Vp8Simulcast() : Opus();
  mutate(p);
  return TypeErrorOf([&] { ValidateRtpParameters(p, kind); });
}

}  // namespace

TEST_CASE("valid producer parameters pass and are normalized") {
  auto p = Vp8Simulcast();
  ValidateRtpParameters(p, MediaKind::kVideo);
  CHECK(p == Vp8Simulcast());

  auto pcmu = Opus();
  pcmu.codecs = {Codec("audio/PCMU", 0, 8000)};
  ValidateRtpParameters(pcmu, MediaKind::kAudio);
  CHECK(pcmu.codecs[0].channels == 1);  // Audio without channels: 1.

  auto vp8 = Vp8Simulcast();
  vp8.codecs[0].channels = 2;
  ValidateRtpParameters(vp8, MediaKind::kVideo);
  CHECK_FALSE(vp8.codecs[0].channels.has_value());  // Video: dropped.
}

TEST_CASE("codec rejections name the field") {
  CHECK(Reject([](auto& p) { p.codecs.clear(); }) == "rtpParameters.codecs: empty");
  CHECK(Reject([](auto& p) { p.codecs[0].mimeType = "vp8"; }) ==
        "rtpParameters.codecs[0].mimeType: invalid 'vp8' (expected audio/<codec> or "
        "video/<codec>)");
  CHECK(Reject([](auto& p) { p.codecs[0].payloadType = 128; }) ==
        "rtpParameters.codecs[0].payloadType: 128 is not a payload type (0-127)");
  CHECK(Reject([](auto& p) { p.codecs[0].clockRate = 0; }) ==
        "rtpParameters.codecs[0].clockRate: must be positive");
  CHECK(Reject([](auto& p) { p.codecs[0].channels = 0; }, MediaKind::kAudio) ==
        "rtpParameters.codecs[0].channels: must be at least 1");
  CHECK(Reject([](auto& p) { p.codecs[0].rtcpFeedback[2].type = ""; }) ==
        "rtpParameters.codecs[0].rtcpFeedback[2].type: empty");
  CHECK(Reject([](auto&) {}, MediaKind::kAudio) == "no error");
  CHECK(TypeErrorOf([] {
          auto p = Opus();
          ValidateRtpParameters(p, MediaKind::kVideo);
        }) == "rtpParameters.codecs[0]: audio/opus in video parameters");
  CHECK(Reject([](auto& p) { p.codecs[1].payloadType = 96; }) ==
        "rtpParameters.codecs[1].payloadType: duplicated payloadType 96");
  CHECK(Reject([](auto& p) { std::swap(p.codecs[0], p.codecs[1]); }) ==
        "rtpParameters.codecs[0]: the first codec must be a media codec, not video/rtx");
}

TEST_CASE("RTX codecs: apt must name a media codec of the list") {
  CHECK(Reject([](auto& p) { p.codecs[1].parameters.clear(); }) ==
        "rtpParameters.codecs[1].parameters.apt: missing in an RTX codec");
  CHECK(Reject([](auto& p) { p.codecs[1].parameters["apt"] = std::string("x"); }) ==
        "rtpParameters.codecs[1].parameters.apt: invalid 'x' (a payload type, 0-127)");
  CHECK(Reject([](auto& p) { p.codecs[1].parameters["apt"] = int64_t{300}; }) ==
        "rtpParameters.codecs[1].parameters.apt: invalid 300 (a payload type, 0-127)");
  CHECK(Reject([](auto& p) { p.codecs[1].parameters["apt"] = int64_t{98}; }) ==
        "rtpParameters.codecs[1].parameters.apt: no media codec with payloadType 98");
  CHECK(Reject([](auto& p) {
          p.codecs.push_back(Rtx(98, 97));  // Points at the other RTX codec.
        }) == "rtpParameters.codecs[2].parameters.apt: no media codec with payloadType 97");
  // apt as a string of digits (what a hand-written controller might send) is fine.
  CHECK(Reject([](auto& p) { p.codecs[1].parameters["apt"] = std::string("96"); }) == "no error");
}

TEST_CASE("header extension rejections") {
  CHECK(Reject([](auto& p) { p.headerExtensions[0].uri = ""; }) ==
        "rtpParameters.headerExtensions[0].uri: empty");
  CHECK(Reject([](auto& p) { p.headerExtensions[1].id = 0; }) ==
        "rtpParameters.headerExtensions[1].id: 0 is not a valid extension id (1-255)");
  CHECK(Reject([](auto& p) { p.headerExtensions[1].id = 4; }) ==
        "rtpParameters.headerExtensions[1].id: duplicated id 4");
}

TEST_CASE("encoding rejections") {
  CHECK(Reject([](auto& p) { p.encodings.clear(); }) == "rtpParameters.encodings: empty");
  CHECK(Reject([](auto& p) { p.encodings[1].rid.reset(); }) ==
        "rtpParameters.encodings[1]: needs an ssrc or a rid");
  CHECK(Reject([](auto& p) { p.encodings[2].rid = "r0"; }) ==
        "rtpParameters.encodings[2].rid: duplicated rid 'r0'");
  CHECK(Reject([](auto& p) { p.encodings[0].rid = "h i"; }) ==
        "rtpParameters.encodings[0].rid: invalid 'h i' (1-255 of letters, digits, '-', '_'; "
        "RFC 8851 10)");
  CHECK(Reject([](auto& p) { p.encodings[0].rid = ""; }).find("invalid ''") != std::string::npos);
  CHECK(Reject([](auto& p) {
          p.encodings = {SsrcEncoding(1, 2), SsrcEncoding(1)};
        }) == "rtpParameters.encodings[1].ssrc: duplicated ssrc 1");
  CHECK(Reject([](auto& p) {
          p.encodings = {SsrcEncoding(1, 2), SsrcEncoding(3, 2)};
        }) == "rtpParameters.encodings[1].rtx.ssrc: duplicated ssrc 2");
  CHECK(Reject([](auto& p) { p.encodings = {SsrcEncoding(1, 1)}; }) ==
        "rtpParameters.encodings[0].rtx.ssrc: duplicated ssrc 1");
  CHECK(Reject([](auto& p) { p.encodings[0].codecPayloadType = 97; }) ==
        "rtpParameters.encodings[0].codecPayloadType: no media codec with payloadType 97");
  CHECK(Reject([](auto& p) { p.encodings[0].codecPayloadType = 200; }) ==
        "rtpParameters.encodings[0].codecPayloadType: 200 is not a payload type (0-127)");
  CHECK(Reject([](auto& p) { p.encodings[0].codecPayloadType = 96; }) == "no error");
  CHECK(Reject([](auto& p) { p.encodings[1].scalabilityMode = "L1T"; }) ==
        "rtpParameters.encodings[1].scalabilityMode: invalid 'L1T'");
  CHECK(Reject([](auto& p) { p.encodings[1].scalabilityMode = "L3T3"; }) ==
        "rtpParameters.encodings[1].scalabilityMode: 'L3T3' has 3 spatial layers in a simulcast "
        "encoding");
  CHECK(Reject([](auto& p) {
          p.encodings = {RidEncoding("q", "L3T3_KEY")};  // One SVC encoding: fine.
        }) == "no error");
  CHECK(Reject([](auto& p) { p.encodings[0].maxBitrate = 0; }) ==
        "rtpParameters.encodings[0].maxBitrate: must be positive");
  CHECK(Reject([](auto& p) { p.rtcp.cname = std::string(256, 'c'); }) ==
        "rtpParameters.rtcp.cname: longer than 255 bytes");
}

TEST_CASE("the path prefix is the caller's") {
  auto p = Vp8Simulcast();
  p.codecs.clear();
  CHECK(TypeErrorOf([&] { ValidateRtpParameters(p, MediaKind::kVideo, "body.rtpParameters"); }) ==
        "body.rtpParameters.codecs: empty");
}
