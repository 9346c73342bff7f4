#include "channel/convert/rtp_parameters.hpp"

#include <doctest/doctest.h>

#include "sfu/errors.hpp"

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

sfu::RtpParameters Full() {
  sfu::RtpParameters p;
  p.mid = "3";
  sfu::RtpCodecParameters vp9;
  vp9.mimeType = "video/VP9";
  vp9.payloadType = 98;
  vp9.clockRate = 90000;
  vp9.parameters = {{"profile-id", int64_t{2}}};
  vp9.rtcpFeedback = {{"nack", ""}, {"nack", "pli"}};
  sfu::RtpCodecParameters rtx;
  rtx.mimeType = "video/rtx";
  rtx.payloadType = 99;
  rtx.clockRate = 90000;
  rtx.parameters = {{"apt", int64_t{98}}};
  p.codecs = {vp9, rtx};
  p.headerExtensions = {{"urn:ietf:params:rtp-hdrext:sdes:mid", 4, false, {}},
                        {"urn:ietf:params:rtp-hdrext:toffset", 14, true, {{"x", int64_t{1}}}}};
  sfu::RtpEncodingParameters e1;
  e1.ssrc = 0;  // Present and zero is not absent.
  e1.rtx = sfu::RtxParameters{4294967295u};
  e1.codecPayloadType = 98;
  e1.dtx = true;
  e1.scalabilityMode = "L3T3_KEY";
  e1.maxBitrate = 3000000;
  sfu::RtpEncodingParameters e2;
  e2.rid = "h";
  p.encodings = {e1, e2};
  p.rtcp = {"cname!", false};
  return p;
}

}  // namespace

TEST_CASE("RTP parameters round trip, optional fields and all") {
  auto params = Full();
  flatbuffers::FlatBufferBuilder b;
  const auto& fb = Finish(b, channel::ToFbs(b, params));
  CHECK(fb.encodings()->Get(0)->ssrc() == flatbuffers::Optional<uint32_t>(0));
  CHECK_FALSE(fb.encodings()->Get(1)->ssrc().has_value());
  CHECK(fb.encodings()->Get(1)->rtx() == nullptr);
  CHECK(channel::FromFbs(fb, "rtpParameters") == params);

  sfu::RtpParameters minimal;
  flatbuffers::FlatBufferBuilder b2;
  const auto& fb2 = Finish(b2, channel::ToFbs(b2, minimal));
  CHECK(fb2.mid() == nullptr);
  CHECK(channel::FromFbs(fb2, "rtpParameters") == minimal);
}

TEST_CASE("RTP parameters: absent rtcp reads as the defaults") {
  flatbuffers::FlatBufferBuilder b;
  const auto& fb = Finish(b, fbs::CreateRtpParametersDirect(b, "0"));
  auto params = channel::FromFbs(fb, "rtpParameters");
  CHECK(params.mid == "0");
  CHECK(params.rtcp.reducedSize);
  CHECK(params.rtcp.cname.empty());
}

TEST_CASE("RTP parameters: errors name the field") {
  {
    flatbuffers::FlatBufferBuilder b;
    std::vector<flatbuffers::Offset<fbs::RtpCodecParameters>> codecs{
        fbs::CreateRtpCodecParametersDirect(b, "video/VP8", 96, 90000),
        fbs::CreateRtpCodecParametersDirect(b, "video/rtx", 200, 90000)};
    const auto& fb = Finish(b, fbs::CreateRtpParametersDirect(b, nullptr, &codecs));
    CHECK(ErrorOf([&] { channel::FromFbs(fb, "rtpParameters"); }) ==
          "rtpParameters.codecs[1].payloadType: 200 is not a payload type (0-127)");
  }
  {
    flatbuffers::FlatBufferBuilder b;
    std::vector<flatbuffers::Offset<fbs::RtpCodecParameters>> codecs{
        fbs::CreateRtpCodecParametersDirect(b, nullptr, 96, 90000)};
    const auto& fb = Finish(b, fbs::CreateRtpParametersDirect(b, nullptr, &codecs));
    CHECK(ErrorOf([&] { channel::FromFbs(fb, "rtpParameters"); }) ==
          "rtpParameters.codecs[0].mimeType: missing");
  }
  {
    flatbuffers::FlatBufferBuilder b;
    std::vector<flatbuffers::Offset<fbs::RtpEncodingParameters>> encodings{
        fbs::CreateRtpEncodingParametersDirect(b, 1),
        fbs::CreateRtpEncodingParametersDirect(b, 2, nullptr, 128)};
    const auto& fb =
        Finish(b, fbs::CreateRtpParametersDirect(b, nullptr, nullptr, nullptr, &encodings));
    CHECK(ErrorOf([&] { channel::FromFbs(fb, "rtpParameters"); }) ==
          "rtpParameters.encodings[1].codecPayloadType: 128 is not a payload type (0-127)");
  }
  {
    flatbuffers::FlatBufferBuilder b;
    std::vector<flatbuffers::Offset<fbs::RtpHeaderExtensionParameters>> exts{
        fbs::CreateRtpHeaderExtensionParametersDirect(b, nullptr, 3)};
    const auto& fb = Finish(b, fbs::CreateRtpParametersDirect(b, nullptr, nullptr, &exts));
    CHECK(ErrorOf([&] { channel::FromFbs(fb, "rtpParameters"); }) ==
          "rtpParameters.headerExtensions[0].uri: missing");
  }
}
