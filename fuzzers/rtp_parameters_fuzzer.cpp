// Arbitrary bytes as the ORTC objects a controller sends: FromFbs conversions (FlexBuffers codec
// parameters included) and every sfu/ortc function on what they produce. The first byte picks:
//   bit 0: the rest is an RtpParameters buffer (a producer's, validated, mapped onto a fixed
//          router and consumed by a fixed device) or an RtpCapabilities buffer (used as a router's
//          media codecs and as a remote device consuming fixed producers);
//   bit 1: audio or video producer kind.
// Only sfu::Error may escape a conversion or an ORTC function; whatever converts must survive a
// ToFbs/FromFbs round trip unchanged.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "channel/convert/rtp_capabilities.hpp"
#include "channel/convert/rtp_parameters.hpp"
#include "sfu/errors.hpp"
#include "sfu/ortc/consumer_parameters.hpp"
#include "sfu/ortc/producer_mapping.hpp"
#include "sfu/ortc/router_capabilities.hpp"
#include "sfu/ortc/rtp_capabilities_validation.hpp"
#include "sfu/ortc/rtp_parameters_validation.hpp"

namespace {

using namespace weir;
namespace ortc = weir::sfu::ortc;

sfu::RtpCodecCapability Codec(sfu::MediaKind kind, const char* mimeType, uint32_t clockRate,
                              sfu::CodecParameters params = {}) {
  sfu::RtpCodecCapability c;
  c.kind = kind;
  c.mimeType = mimeType;
  c.clockRate = clockRate;
  c.parameters = std::move(params);
  return c;
}

const sfu::RtpCapabilities& RouterCaps() {
  static const sfu::RtpCapabilities caps = ortc::GenerateRouterRtpCapabilities({
      Codec(sfu::MediaKind::kAudio, "audio/opus", 48000),
      Codec(sfu::MediaKind::kAudio, "audio/PCMU", 8000),
      Codec(sfu::MediaKind::kVideo, "video/VP8", 90000),
      Codec(sfu::MediaKind::kVideo, "video/VP9", 90000, {{"profile-id", int64_t{2}}}),
      Codec(sfu::MediaKind::kVideo, "video/H264", 90000,
            {{"packetization-mode", int64_t{1}}, {"profile-level-id", std::string("42e01f")}}),
      Codec(sfu::MediaKind::kVideo, "video/AV1", 90000),
  });
  return caps;
}

// The router's own capabilities work as a device that supports everything it does.
sfu::RtpParameters FixedConsumable(sfu::MediaKind kind) {
  sfu::RtpParameters p;
  sfu::RtpCodecParameters codec;
  codec.mimeType = kind == sfu::MediaKind::kAudio ? "audio/opus" : "video/H264";
  codec.payloadType = 111;
  codec.clockRate = kind == sfu::MediaKind::kAudio ? 48000 : 90000;
  if (kind == sfu::MediaKind::kAudio) codec.channels = 2;
  if (kind == sfu::MediaKind::kVideo) {
    codec.parameters = {{"packetization-mode", int64_t{1}},
                        {"profile-level-id", std::string("42e01f")}};
  }
  p.codecs = {codec};
  sfu::RtpEncodingParameters e;
  e.rid = "a";
  e.scalabilityMode = "L1T3";
  sfu::RtpEncodingParameters e2 = e;
  e2.rid = "b";
  p.encodings = {e, e2};
  uint32_t next = 1;
  auto mapping = ortc::GetProducerRtpMapping(p, RouterCaps(), [&] { return next++; });
  return ortc::GetConsumableRtpParameters(kind, p, RouterCaps(), mapping);
}

void Consume(const sfu::RtpParameters& consumable, const sfu::RtpCapabilities& remote) {
  uint32_t next = 1000;
  ortc::SsrcSource ssrcs = [&] { return next++; };
  try {
    if (ortc::CanConsume(consumable, remote)) {
      ortc::GetConsumerRtpParameters(consumable, remote, {}, ssrcs);
      ortc::GetConsumerRtpParameters(consumable, remote, {.pipe = true, .enableRtx = false}, ssrcs);
    }
  } catch (const sfu::Error&) {
  }
  ortc::GetPipeConsumerRtpParameters(consumable, true, ssrcs);
}

void FuzzParameters(const uint8_t* data, size_t size, sfu::MediaKind kind) {
  flatbuffers::Verifier verifier(data, size);
  if (!verifier.VerifyBuffer<fbs::RtpParameters>(nullptr)) return;
  const auto& fb = *flatbuffers::GetRoot<fbs::RtpParameters>(data);
  sfu::RtpParameters params;
  try {
    params = channel::FromFbs(fb, "rtpParameters");
  } catch (const sfu::Error&) {
    return;
  }
  {
    flatbuffers::FlatBufferBuilder b;
    b.Finish(channel::ToFbs(b, params));
    flatbuffers::Verifier again(b.GetBufferPointer(), b.GetSize());
    if (!again.VerifyBuffer<fbs::RtpParameters>(nullptr)) __builtin_trap();
    auto back = channel::FromFbs(*flatbuffers::GetRoot<fbs::RtpParameters>(b.GetBufferPointer()),
                                 "rtpParameters");
    if (!(back == params)) __builtin_trap();
  }
  try {
    ortc::ValidateRtpParameters(params, kind);
    uint32_t next = 1;
    auto mapping = ortc::GetProducerRtpMapping(params, RouterCaps(), [&] { return next++; });
    auto consumable = ortc::GetConsumableRtpParameters(kind, params, RouterCaps(), mapping);
    Consume(consumable, RouterCaps());
  } catch (const sfu::Error&) {
  }
}

void FuzzCapabilities(const uint8_t* data, size_t size, sfu::MediaKind kind) {
  flatbuffers::Verifier verifier(data, size);
  if (!verifier.VerifyBuffer<fbs::RtpCapabilities>(nullptr)) return;
  const auto& fb = *flatbuffers::GetRoot<fbs::RtpCapabilities>(data);
  sfu::RtpCapabilities caps;
  try {
    caps = channel::FromFbs(fb, "rtpCapabilities");
  } catch (const sfu::Error&) {
    return;
  }
  {
    flatbuffers::FlatBufferBuilder b;
    b.Finish(channel::ToFbs(b, caps));
    flatbuffers::Verifier again(b.GetBufferPointer(), b.GetSize());
    if (!again.VerifyBuffer<fbs::RtpCapabilities>(nullptr)) __builtin_trap();
    auto back = channel::FromFbs(*flatbuffers::GetRoot<fbs::RtpCapabilities>(b.GetBufferPointer()),
                                 "rtpCapabilities");
    if (!(back == caps)) __builtin_trap();
  }
  try {
    auto routerCaps = ortc::GenerateRouterRtpCapabilities(caps.codecs);
    // A router's capabilities are valid remote capabilities.
    auto copy = routerCaps;
    ortc::ValidateRtpCapabilities(copy);
  } catch (const sfu::Error&) {
  }
  static const sfu::RtpParameters audio = FixedConsumable(sfu::MediaKind::kAudio);
  static const sfu::RtpParameters video = FixedConsumable(sfu::MediaKind::kVideo);
  Consume(kind == sfu::MediaKind::kAudio ? audio : video, caps);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  // FlatBuffers needs its buffer aligned as a real reader's would be.
  std::vector<uint8_t> buffer(data + 1, data + size);
  auto kind = (data[0] & 2) != 0 ? sfu::MediaKind::kVideo : sfu::MediaKind::kAudio;
  if (data[0] & 1) {
    FuzzParameters(buffer.data(), buffer.size(), kind);
  } else {
    FuzzCapabilities(buffer.data(), buffer.size(), kind);
  }
  return 0;
}
