#include "channel/convert/rtp_capabilities.hpp"

#include <doctest/doctest.h>

#include "sfu/errors.hpp"
#include "sfu/ortc/router_capabilities.hpp"

using namespace weir;

namespace {

template <typename T>
const T& Finish(flatbuffers::FlatBufferBuilder& b, flatbuffers::Offset<T> offset) {
  b.Finish(offset);
  flatbuffers::Verifier verifier(b.GetBufferPointer(), b.GetSize());
  REQUIRE(verifier.VerifyBuffer<T>(nullptr));
  return *flatbuffers::GetRoot<T>(b.GetBufferPointer());
}

template <typename F>
std::string ErrorOf(F&& f) {
  try {
    f();
  } catch (const sfu::Error& e) {
    return e.kind() == sfu::ErrorKind::kTypeError ? e.what() : "wrong kind";
  }
  return "no error";
}

sfu::RtpCodecCapability Video(const char* mimeType) {
  sfu::RtpCodecCapability c;
  c.kind = sfu::MediaKind::kVideo;
  c.mimeType = mimeType;
  c.clockRate = 90000;
  return c;
}

}  // namespace

TEST_CASE("router capabilities round trip through FlatBuffers") {
  sfu::RtpCodecCapability opus;
  opus.kind = sfu::MediaKind::kAudio;
  opus.mimeType = "audio/opus";
  opus.clockRate = 48000;
  opus.channels = 2;
  auto h264 = Video("video/H264");
  h264.parameters = {{"packetization-mode", int64_t{1}},
                     {"profile-level-id", std::string("42e01f")}};
  auto caps = sfu::ortc::GenerateRouterRtpCapabilities({opus, Video("video/VP8"), h264});
  caps.headerExtensions[0].preferredEncrypt = true;  // Non-default values survive too.

  flatbuffers::FlatBufferBuilder b;
  const auto& fb = Finish(b, channel::ToFbs(b, caps));
  CHECK(fb.codecs()->Get(0)->kind() == fbs::MediaKind::audio);
  CHECK(fb.codecs()->Get(1)->channels().has_value() == false);
  CHECK(fb.headerExtensions()->Get(2)->direction() == fbs::RtpHeaderExtensionDirection::recvonly);
  CHECK(channel::FromFbs(fb, "rtpCapabilities") == caps);
}

TEST_CASE("codec capability: kind from mimeType when absent; errors name the field") {
  flatbuffers::FlatBufferBuilder b;
  const auto& noKind =
      Finish(b, fbs::CreateRtpCodecCapabilityDirect(b, flatbuffers::nullopt, "video/VP8",
                                                    flatbuffers::nullopt, 90000));
  auto codec = channel::FromFbs(noKind, "mediaCodecs[0]");
  CHECK(codec.kind == sfu::MediaKind::kVideo);
  CHECK_FALSE(codec.preferredPayloadType.has_value());
  CHECK(codec.parameters.empty());

  flatbuffers::FlatBufferBuilder b2;
  const auto& noMime = Finish(b2, fbs::CreateRtpCodecCapabilityDirect(b2));
  CHECK(ErrorOf([&] { channel::FromFbs(noMime, "mediaCodecs[1]"); }) ==
        "mediaCodecs[1].mimeType: missing");

  flatbuffers::FlatBufferBuilder b3;
  const auto& opaque = Finish(b3, fbs::CreateRtpCodecCapabilityDirect(b3, flatbuffers::nullopt,
                                                                      "foo", flatbuffers::nullopt));
  CHECK(ErrorOf([&] { channel::FromFbs(opaque, "mediaCodecs[1]"); }) ==
        "mediaCodecs[1].kind: missing (and mimeType 'foo' does not tell)");

  flatbuffers::FlatBufferBuilder b4;
  const auto& pt =
      Finish(b4, fbs::CreateRtpCodecCapabilityDirect(b4, fbs::MediaKind::audio, "audio/opus", 200));
  CHECK(ErrorOf([&] { channel::FromFbs(pt, "mediaCodecs[2]"); }) ==
        "mediaCodecs[2].preferredPayloadType: 200 is not a payload type (0-127)");

  flatbuffers::FlatBufferBuilder b5;
  const auto& kind = Finish(
      b5, fbs::CreateRtpCodecCapabilityDirect(b5, static_cast<fbs::MediaKind>(7), "audio/opus"));
  CHECK(ErrorOf([&] { channel::FromFbs(kind, "mediaCodecs[0]"); }) ==
        "mediaCodecs[0].kind: invalid value 7");

  flatbuffers::FlatBufferBuilder b6;
  std::vector<flatbuffers::Offset<fbs::RtcpFeedback>> feedbackList{
      fbs::CreateRtcpFeedbackDirect(b6)};
  const auto& feedback =
      Finish(b6, fbs::CreateRtpCodecCapabilityDirect(b6, fbs::MediaKind::video, "video/VP8",
                                                     flatbuffers::nullopt, 90000,
                                                     flatbuffers::nullopt, nullptr, &feedbackList));
  CHECK(ErrorOf([&] { channel::FromFbs(feedback, "mediaCodecs[0]"); }) ==
        "mediaCodecs[0].rtcpFeedback[0].type: missing");
}

TEST_CASE("header extension capability: kind required, enums checked") {
  flatbuffers::FlatBufferBuilder b;
  const auto& noKind =
      Finish(b, fbs::CreateRtpHeaderExtensionCapabilityDirect(b, flatbuffers::nullopt, "urn:x", 3));
  CHECK(ErrorOf([&] { channel::FromFbs(noKind, "rtpCapabilities.headerExtensions[0]"); }) ==
        "rtpCapabilities.headerExtensions[0].kind: missing");

  flatbuffers::FlatBufferBuilder b2;
  const auto& badDirection = Finish(b2, fbs::CreateRtpHeaderExtensionCapabilityDirect(
                                            b2, fbs::MediaKind::video, "urn:x", 3, false,
                                            static_cast<fbs::RtpHeaderExtensionDirection>(9)));
  CHECK(ErrorOf([&] { channel::FromFbs(badDirection, "e"); }) == "e.direction: invalid value 9");

  flatbuffers::FlatBufferBuilder b3;
  const auto& noUri =
      Finish(b3, fbs::CreateRtpHeaderExtensionCapabilityDirect(b3, fbs::MediaKind::video));
  CHECK(ErrorOf([&] { channel::FromFbs(noUri, "e"); }) == "e.uri: missing");

  flatbuffers::FlatBufferBuilder b4;
  const auto& ok = Finish(
      b4, fbs::CreateRtpHeaderExtensionCapabilityDirect(b4, fbs::MediaKind::audio, "urn:x", 3));
  auto ext = channel::FromFbs(ok, "e");
  CHECK(ext.direction == sfu::RtpHeaderExtensionDirection::kSendRecv);  // The default.
  CHECK_FALSE(ext.preferredEncrypt);
}

TEST_CASE("media codec lists name each element") {
  flatbuffers::FlatBufferBuilder b;
  std::vector<flatbuffers::Offset<fbs::RtpCodecCapability>> codecs{
      fbs::CreateRtpCodecCapabilityDirect(b, fbs::MediaKind::audio, "audio/opus"),
      fbs::CreateRtpCodecCapabilityDirect(b)};
  auto vector = b.CreateVector(codecs);
  b.Finish(vector);
  auto* fb =
      flatbuffers::GetRoot<flatbuffers::Vector<flatbuffers::Offset<fbs::RtpCodecCapability>>>(
          b.GetBufferPointer());
  CHECK(ErrorOf([&] { channel::FromFbs(fb, "mediaCodecs"); }) ==
        "mediaCodecs[1].mimeType: missing");
  CHECK(channel::FromFbs(
            static_cast<const flatbuffers::Vector<flatbuffers::Offset<fbs::RtpCodecCapability>>*>(
                nullptr),
            "mediaCodecs")
            .empty());
}
