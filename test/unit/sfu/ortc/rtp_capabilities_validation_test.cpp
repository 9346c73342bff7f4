#include "sfu/ortc/rtp_capabilities_validation.hpp"

#include <doctest/doctest.h>

#include "ortc_test_support.hpp"

using namespace weir::sfu;
using namespace weir::sfu::ortc;
using namespace weir::sfu::ortc::test;

namespace {

RtpCapabilities Remote() {
  RtpCapabilities caps;
  auto opus = OpusCapability();
  opus.preferredPayloadType = 100;
  auto vp8 = VideoCapability("video/VP8");
  vp8.preferredPayloadType = 101;
  auto rtx = VideoCapability("video/rtx", {{"apt", int64_t{101}}});
  rtx.preferredPayloadType = 102;
  caps.codecs = {opus, vp8, rtx};
  caps.headerExtensions = {{MediaKind::kAudio, "urn:ietf:params:rtp-hdrext:sdes:mid", 1, false,
                            RtpHeaderExtensionDirection::kSendRecv}};
  return caps;
}

template <typename Mutate>
std::string Reject(Mutate mutate) {
  auto caps = Remote();
  mutate(caps);
  return TypeErrorOf([&] { ValidateRtpCapabilities(caps); });
}

}  // namespace

TEST_CASE("remote capabilities: valid ones pass, unknown codecs included") {
  CHECK(Reject([](auto&) {}) == "no error");
  CHECK(Reject([](auto& c) {
          c.codecs.push_back(Capability(MediaKind::kVideo, "video/H263", 90000));
        }) == "no error");
  auto caps = Remote();
  caps.codecs[1].channels = 3;
  caps.codecs.push_back(Capability(MediaKind::kAudio, "audio/PCMU", 8000));
  ValidateRtpCapabilities(caps);
  CHECK_FALSE(caps.codecs[1].channels.has_value());
  CHECK(caps.codecs[3].channels == 1);
}

TEST_CASE("remote capabilities: rejections name the field") {
  CHECK(Reject([](auto& c) { c.codecs[1].mimeType = "VP8"; }) ==
        "rtpCapabilities.codecs[1].mimeType: invalid 'VP8' (expected audio/<codec> or "
        "video/<codec>)");
  CHECK(Reject([](auto& c) { c.codecs[1].kind = MediaKind::kAudio; }) ==
        "rtpCapabilities.codecs[1].kind: 'audio' does not match mimeType video/VP8");
  CHECK(Reject([](auto& c) { c.codecs[0].preferredPayloadType = 130; }) ==
        "rtpCapabilities.codecs[0].preferredPayloadType: 130 is not a payload type (0-127)");
  CHECK(Reject([](auto& c) { c.codecs[0].clockRate = 0; }) ==
        "rtpCapabilities.codecs[0].clockRate: must be positive");
  CHECK(Reject([](auto& c) { c.codecs[2].parameters.clear(); }) ==
        "rtpCapabilities.codecs[2].parameters.apt: missing in an RTX codec");
  CHECK(Reject([](auto& c) {
          c.codecs[1].rtcpFeedback = {{"", "pli"}};
        }) == "rtpCapabilities.codecs[1].rtcpFeedback[0].type: empty");
  CHECK(Reject([](auto& c) { c.headerExtensions[0].uri.clear(); }) ==
        "rtpCapabilities.headerExtensions[0].uri: empty");
  CHECK(Reject([](auto& c) { c.headerExtensions[0].preferredId = 0; }) ==
        "rtpCapabilities.headerExtensions[0].preferredId: 0 is not a valid extension id (1-255)");
}
