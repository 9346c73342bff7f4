#include "sfu/ortc/router_capabilities.hpp"

#include <doctest/doctest.h>

#include "ortc_test_support.hpp"
#include "sfu/ortc/header_extension_uris.hpp"

using namespace weir::sfu;
using namespace weir::sfu::ortc;
using namespace weir::sfu::ortc::test;

namespace {

std::string Reject(const std::vector<RtpCodecCapability>& codecs) {
  return TypeErrorOf([&] { GenerateRouterRtpCapabilities(codecs); });
}

const RtpHeaderExtensionCapability* FindExt(const RtpCapabilities& caps, MediaKind kind,
                                            std::string_view uri) {
  for (const auto& ext : caps.headerExtensions) {
    if (ext.kind == kind && ext.uri == uri) return &ext;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("router capabilities: payload types, RTX after each video codec, feedback") {
  auto caps = GenerateRouterRtpCapabilities(
      {OpusCapability(), VideoCapability("video/VP8"),
       VideoCapability("video/H264", {{"packetization-mode", int64_t{1}},
                                      {"profile-level-id", std::string("42e01f")}})});
  REQUIRE(caps.codecs.size() == 5);
  const auto& opus = caps.codecs[0];
  CHECK(opus.mimeType == "audio/opus");
  CHECK(opus.kind == MediaKind::kAudio);
  CHECK(opus.preferredPayloadType == 100);
  CHECK(opus.clockRate == 48000);
  CHECK(opus.channels == 2);
  CHECK(opus.rtcpFeedback == std::vector<RtcpFeedback>{{"nack", ""}, {"transport-cc", ""}});

  const auto& vp8 = caps.codecs[1];
  CHECK(vp8.mimeType == "video/VP8");
  CHECK(vp8.preferredPayloadType == 101);
  CHECK_FALSE(vp8.channels.has_value());
  CHECK(vp8.rtcpFeedback == VideoFeedback());

  const auto& vp8Rtx = caps.codecs[2];
  CHECK(vp8Rtx.mimeType == "video/rtx");
  CHECK(vp8Rtx.kind == MediaKind::kVideo);
  CHECK(vp8Rtx.preferredPayloadType == 102);
  CHECK(vp8Rtx.clockRate == 90000);
  CHECK(vp8Rtx.parameters == CodecParameters{{"apt", int64_t{101}}});
  CHECK(vp8Rtx.rtcpFeedback.empty());

  const auto& h264 = caps.codecs[3];
  CHECK(h264.preferredPayloadType == 103);
  // The supported default (level-asymmetry-allowed) merged under the given parameters.
  CHECK(h264.parameters == H264Params(1, "42e01f"));
  CHECK(caps.codecs[4].parameters == CodecParameters{{"apt", int64_t{103}}});
}

TEST_CASE("router capabilities: static payload types, given ones, the 96-99 tail") {
  auto pcmu = Capability(MediaKind::kAudio, "audio/PCMU", 8000);
  auto pcma = Capability(MediaKind::kAudio, "audio/pcma", 8000);
  auto g722 = Capability(MediaKind::kAudio, "audio/G722", 8000);
  auto vp9 = VideoCapability("video/VP9");
  vp9.preferredPayloadType = 100;  // Given: kept, and skipped by the dynamic allocation.
  auto caps = GenerateRouterRtpCapabilities({pcmu, OpusCapability(), pcma, g722, vp9});
  REQUIRE(caps.codecs.size() == 6);
  CHECK(caps.codecs[0].preferredPayloadType == 0);
  CHECK(caps.codecs[0].channels == 1);
  CHECK(caps.codecs[0].rtcpFeedback == std::vector<RtcpFeedback>{{"transport-cc", ""}});
  CHECK(caps.codecs[1].preferredPayloadType == 101);
  CHECK(caps.codecs[2].mimeType == "audio/PCMA");  // The canonical spelling.
  CHECK(caps.codecs[2].preferredPayloadType == 8);
  CHECK(caps.codecs[3].preferredPayloadType == 9);
  CHECK(caps.codecs[4].preferredPayloadType == 100);
  CHECK(caps.codecs[5].preferredPayloadType == 102);

  // A given payload type already claimed by an earlier codec is not honoured twice.
  auto vp8 = VideoCapability("video/VP8");
  vp8.preferredPayloadType = 100;
  auto caps2 = GenerateRouterRtpCapabilities({vp9, vp8});
  CHECK(caps2.codecs[0].preferredPayloadType == 100);
  CHECK(caps2.codecs[2].preferredPayloadType == 102);  // VP8: next free (after VP9's RTX)

  // A given payload type wins over a static one.
  auto opus0 = OpusCapability();
  opus0.preferredPayloadType = 0;
  auto caps3 = GenerateRouterRtpCapabilities({pcmu, opus0});
  CHECK(caps3.codecs[1].preferredPayloadType == 0);
  CHECK(caps3.codecs[0].preferredPayloadType == 100);

  // 28 dynamic payload types in 100-127, then 96-99.
  auto h264 = [](int mode, const char* plid) {
    return VideoCapability("video/H264", {{"packetization-mode", int64_t{mode}},
                                          {"profile-level-id", std::string(plid)}});
  };
  std::vector<RtpCodecCapability> sixteen{
      VideoCapability("video/VP8"),
      VideoCapability("video/VP9"),
      VideoCapability("video/VP9", {{"profile-id", int64_t{1}}}),
      VideoCapability("video/VP9", {{"profile-id", int64_t{2}}}),
      VideoCapability("video/VP9", {{"profile-id", int64_t{3}}}),
      VideoCapability("video/H265"),
      VideoCapability("video/AV1"),
      h264(0, "42e01f"),
      h264(1, "42e01f"),
      h264(0, "42001f"),
      h264(1, "42001f"),
      h264(0, "4d001f"),
      h264(1, "4d001f"),
      h264(0, "640032"),
      h264(1, "640032"),
      h264(1, "640c1f")};
  auto full = GenerateRouterRtpCapabilities(sixteen);
  REQUIRE(full.codecs.size() == 32);
  CHECK(full.codecs[27].preferredPayloadType == 127);
  CHECK(full.codecs[28].preferredPayloadType == 96);
  CHECK(full.codecs[31].preferredPayloadType == 99);
  sixteen.push_back(h264(0, "640c1f"));
  CHECK(Reject(sixteen) == "mediaCodecs[16]: no dynamic payload type left (too many codecs)");
}

TEST_CASE("router capabilities: header extensions with preferred ids and directions") {
  auto caps = GenerateRouterRtpCapabilities({OpusCapability()});
  CHECK(caps.headerExtensions.size() == 16);
  using D = RtpHeaderExtensionDirection;
  struct Expect {
    MediaKind kind;
    const char* uri;
    uint8_t id;
    D direction;
  };
  for (const auto& e : std::vector<Expect>{
           {MediaKind::kAudio, kMidUri, 1, D::kSendRecv},
           {MediaKind::kVideo, kMidUri, 1, D::kSendRecv},
           {MediaKind::kVideo, kRtpStreamIdUri, 2, D::kRecvOnly},
           {MediaKind::kVideo, kRepairedRtpStreamIdUri, 3, D::kRecvOnly},
           {MediaKind::kAudio, kAbsSendTimeUri, 4, D::kSendRecv},
           {MediaKind::kVideo, kAbsSendTimeUri, 4, D::kSendRecv},
           {MediaKind::kAudio, kTransportWideCcUri, 5, D::kRecvOnly},
           {MediaKind::kVideo, kTransportWideCcUri, 5, D::kSendRecv},
           {MediaKind::kVideo, kDependencyDescriptorUri, 8, D::kRecvOnly},
           {MediaKind::kAudio, kAudioLevelUri, 10, D::kSendRecv},
           {MediaKind::kVideo, kVideoOrientationUri, 11, D::kSendRecv},
           {MediaKind::kVideo, kTimeOffsetUri, 12, D::kSendRecv},
           {MediaKind::kAudio, kAbsCaptureTimeUri, 13, D::kSendRecv},
           {MediaKind::kVideo, kAbsCaptureTimeUri, 13, D::kSendRecv},
           {MediaKind::kAudio, kPlayoutDelayUri, 14, D::kSendRecv},
           {MediaKind::kVideo, kPlayoutDelayUri, 14, D::kSendRecv},
       }) {
    CAPTURE(e.uri);
    const auto* ext = FindExt(caps, e.kind, e.uri);
    REQUIRE(ext != nullptr);
    CHECK(ext->preferredId == e.id);
    CHECK(ext->direction == e.direction);
    CHECK_FALSE(ext->preferredEncrypt);
  }
  CHECK(FindExt(caps, MediaKind::kAudio, kRtpStreamIdUri) == nullptr);
}

TEST_CASE("router capabilities: given rtcpFeedback narrows the codec's feedback") {
  auto vp8 = VideoCapability("video/VP8");
  vp8.rtcpFeedback = {{"nack", "pli"}, {"transport-cc", ""}, {"nack", "sli"}};
  auto caps = GenerateRouterRtpCapabilities({vp8});
  CHECK(caps.codecs[0].rtcpFeedback ==
        std::vector<RtcpFeedback>{{"nack", "pli"}, {"transport-cc", ""}});
  CHECK(GenerateRouterRtpCapabilities({}).codecs.empty());
}

TEST_CASE("router capabilities: each rejection names the codec") {
  CHECK(Reject({OpusCapability(), VideoCapability("video/VP8"), VideoCapability("video/H263")}) ==
        "mediaCodecs[2]: unsupported codec video/H263");
  CHECK(Reject({Capability(MediaKind::kAudio, "audio/ISAC", 16000)}) ==
        "mediaCodecs[0]: unsupported codec audio/ISAC");
  CHECK(Reject({Capability(MediaKind::kAudio, "opus", 48000)}) ==
        "mediaCodecs[0].mimeType: invalid 'opus' (expected audio/<codec> or video/<codec>)");
  auto wrongKind = OpusCapability();
  wrongKind.kind = MediaKind::kVideo;
  CHECK(Reject({wrongKind}) == "mediaCodecs[0]: kind 'video' does not match mimeType audio/opus");
  CHECK(Reject({VideoCapability("video/rtx")}) ==
        "mediaCodecs[0]: video/rtx is not a media codec (the router adds RTX itself)");
  auto opus44 = OpusCapability();
  opus44.clockRate = 44100;
  CHECK(Reject({opus44}) == "mediaCodecs[0]: audio/opus must have clockRate 48000 (got 44100)");
  CHECK(Reject({Capability(MediaKind::kVideo, "video/VP8", 8000)}) ==
        "mediaCodecs[0]: video/VP8 must have clockRate 90000 (got 8000)");
  auto opusMono = OpusCapability();
  opusMono.channels = 1;
  CHECK(Reject({opusMono}) == "mediaCodecs[0]: audio/opus must have channels 2 (got 1)");
  auto pcmuStereo = Capability(MediaKind::kAudio, "audio/PCMU", 8000);
  pcmuStereo.channels = 2;
  CHECK(Reject({pcmuStereo}) == "mediaCodecs[0]: audio/PCMU must have channels 1 (got 2)");
  auto vp8Channels = VideoCapability("video/VP8");
  vp8Channels.channels = 1;
  CHECK(Reject({vp8Channels}) == "mediaCodecs[0]: video/VP8 must not have channels");
  auto pt200 = OpusCapability();
  pt200.preferredPayloadType = 200;
  CHECK(Reject({pt200}) ==
        "mediaCodecs[0].preferredPayloadType: 200 is not a payload type (0-127)");
  auto pt72 = OpusCapability();
  pt72.preferredPayloadType = 72;
  CHECK(Reject({pt72}) ==
        "mediaCodecs[0].preferredPayloadType: 72 collides with RTCP packet types (RFC 5761 4)");
  CHECK(Reject({VideoCapability("video/H264", {{"packetization-mode", int64_t{2}}})}) ==
        "mediaCodecs[0].parameters.packetization-mode: invalid 2 (0 or 1)");
  CHECK(Reject({VideoCapability("video/H264", {{"profile-level-id", std::string("42e0zz")}})}) ==
        "mediaCodecs[0].parameters.profile-level-id: invalid '42e0zz'");
  CHECK(Reject({VideoCapability("video/VP9", {{"profile-id", int64_t{4}}})}) ==
        "mediaCodecs[0].parameters.profile-id: invalid 4 (0-3)");
  auto emptyFeedback = VideoCapability("video/VP8");
  emptyFeedback.rtcpFeedback = {{"", ""}};
  CHECK(Reject({emptyFeedback}) == "mediaCodecs[0].rtcpFeedback[0].type: empty");
}

TEST_CASE("router capabilities: duplicated codecs") {
  CHECK(Reject({VideoCapability("video/VP8"), OpusCapability(), VideoCapability("video/vp8")}) ==
        "mediaCodecs[2]: duplicated codec video/VP8 (same as mediaCodecs[0])");
  CHECK(Reject({OpusCapability(), OpusCapability()}) ==
        "mediaCodecs[1]: duplicated codec audio/opus (same as mediaCodecs[0])");
  // H.264: same packetization-mode and profile is a duplicate whatever the level...
  CHECK(Reject({VideoCapability("video/H264", H264Params(1, "42e01f")),
                VideoCapability("video/H264", H264Params(1, "42e034"))}) ==
        "mediaCodecs[1]: duplicated codec video/H264 (same as mediaCodecs[0])");
  // ... and absent profile-level-id is 42e01f.
  CHECK(Reject({VideoCapability("video/H264", {{"packetization-mode", int64_t{1}}}),
                VideoCapability("video/H264", H264Params(1, "42e01f"))}) ==
        "mediaCodecs[1]: duplicated codec video/H264 (same as mediaCodecs[0])");
  // Different mode or profile is another codec.
  CHECK(GenerateRouterRtpCapabilities({VideoCapability("video/H264", H264Params(1, "42e01f")),
                                       VideoCapability("video/H264", H264Params(0, "42e01f")),
                                       VideoCapability("video/H264", H264Params(1, "42001f")),
                                       VideoCapability("video/H264", H264Params(1, "640032"))})
            .codecs.size() == 8);
  // VP9: profile-id decides (absent is 0).
  CHECK(Reject({VideoCapability("video/VP9"),
                VideoCapability("video/VP9", {{"profile-id", int64_t{0}}})}) ==
        "mediaCodecs[1]: duplicated codec video/VP9 (same as mediaCodecs[0])");
  CHECK(GenerateRouterRtpCapabilities({VideoCapability("video/VP9"),
                                       VideoCapability("video/VP9", {{"profile-id", int64_t{2}}})})
            .codecs.size() == 4);
}
