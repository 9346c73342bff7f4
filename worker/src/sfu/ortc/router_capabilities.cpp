#include "sfu/ortc/router_capabilities.hpp"

#include <array>
#include <string>

#include "absl/strings/str_format.h"
#include "sfu/errors.hpp"
#include "sfu/ortc/codec_parameter.hpp"
#include "sfu/ortc/h264_profile_level_id.hpp"
#include "sfu/ortc/mime_type.hpp"
#include "sfu/ortc/rtp_parameters_validation.hpp"
#include "sfu/ortc/supported_capabilities.hpp"

namespace weir::sfu::ortc {

namespace {

// RFC 3551 6: 96-127 are dynamic. 100 first, as mediasoup does, so 96-99 stay for last.
std::vector<uint8_t> DynamicPayloadTypes() {
  std::vector<uint8_t> types;
  for (uint8_t pt = 100; pt <= 127; ++pt)
    types.push_back(pt);
  for (uint8_t pt = 96; pt <= 99; ++pt)
    types.push_back(pt);
  return types;
}

void ValidateH264Parameters(const CodecParameters& params, const std::string& path) {
  if (const ParameterValue* mode = FindParameter(params, "packetization-mode")) {
    auto value = ParameterAsInteger(*mode);
    // RFC 6184 6.2-6.4: 0 single NAL unit, 1 non-interleaved; 2 (interleaved) is not WebRTC's.
    if (!value || (*value != 0 && *value != 1)) {
      ThrowTypeError("%s.parameters.packetization-mode: invalid %s (0 or 1)", path,
                     ParameterToString(*mode));
    }
  }
  if (const ParameterValue* id = FindParameter(params, "profile-level-id")) {
    auto text = ParameterAsString(*id, 6);
    if (!text || !ParseH264ProfileLevelId(*text)) {
      ThrowTypeError("%s.parameters.profile-level-id: invalid %s", path, ParameterToString(*id));
    }
  }
}

void ValidateVp9Parameters(const CodecParameters& params, const std::string& path) {
  if (const ParameterValue* profile = FindParameter(params, "profile-id")) {
    auto value = ParameterAsInteger(*profile);
    if (!value || *value < 0 || *value > 3) {
      ThrowTypeError("%s.parameters.profile-id: invalid %s (0-3)", path,
                     ParameterToString(*profile));
    }
  }
}

// The checked, normalized router codec for one media codec (payload type not yet assigned).
RtpCodecCapability NormalizeMediaCodec(const RtpCodecCapability& given, const std::string& path) {
  MediaKind kind = ValidateMimeType(given.mimeType, path);
  if (kind != given.kind) {
    ThrowTypeError("%s: kind '%s' does not match mimeType %s", path, MediaKindName(given.kind),
                   given.mimeType);
  }
  if (IsRtxMimeType(given.mimeType)) {
    ThrowTypeError("%s: %s is not a media codec (the router adds RTX itself)", path,
                   given.mimeType);
  }
  const SupportedCodec* supported = FindSupportedCodec(given.mimeType);
  if (supported == nullptr) ThrowTypeError("%s: unsupported codec %s", path, given.mimeType);
  if (given.clockRate != supported->clockRate) {
    ThrowTypeError("%s: %s must have clockRate %u (got %u)", path, supported->mimeType,
                   supported->clockRate, given.clockRate);
  }
  if (kind == MediaKind::kVideo && given.channels) {
    ThrowTypeError("%s: %s must not have channels", path, supported->mimeType);
  }
  if (kind == MediaKind::kAudio && given.channels && *given.channels != *supported->channels) {
    ThrowTypeError("%s: %s must have channels %u (got %u)", path, supported->mimeType,
                   *supported->channels, *given.channels);
  }
  if (given.preferredPayloadType) {
    unsigned pt = *given.preferredPayloadType;
    ValidatePayloadType(pt, path + ".preferredPayloadType");
    // RFC 5761 4: with RTP/RTCP multiplexing, 64-95 would read as RTCP packet types 192-223.
    if (pt >= 64 && pt <= 95) {
      ThrowTypeError("%s.preferredPayloadType: %u collides with RTCP packet types (RFC 5761 4)",
                     path, pt);
    }
  }
  ValidateRtcpFeedback(given.rtcpFeedback, path);

  RtpCodecCapability codec;
  codec.kind = kind;
  codec.mimeType = supported->mimeType;
  codec.clockRate = supported->clockRate;
  codec.channels = supported->channels;
  codec.parameters = supported->parameters;
  for (const auto& [key, value] : given.parameters)
    codec.parameters.insert_or_assign(key, value);
  if (MimeTypeEquals(codec.mimeType, "video/H264")) ValidateH264Parameters(codec.parameters, path);
  if (MimeTypeEquals(codec.mimeType, "video/VP9")) ValidateVp9Parameters(codec.parameters, path);
  if (given.rtcpFeedback.empty()) {
    codec.rtcpFeedback = supported->rtcpFeedback;
  } else {
    for (const auto& fb : given.rtcpFeedback) {
      for (const auto& known : supported->rtcpFeedback) {
        if (known == fb) codec.rtcpFeedback.push_back(fb);
      }
    }
  }
  return codec;
}

// Same codec for a router's purposes: a receiver could not tell which of the two is meant.
bool IsDuplicate(const RtpCodecCapability& a, const RtpCodecCapability& b) {
  if (!MimeTypeEquals(a.mimeType, b.mimeType) || a.clockRate != b.clockRate ||
      a.channels != b.channels) {
    return false;
  }
  if (MimeTypeEquals(a.mimeType, "video/H264")) {
    return IntegerParameterOr(a.parameters, "packetization-mode", 0) ==
               IntegerParameterOr(b.parameters, "packetization-mode", 0) &&
           IsSameH264Profile(a.parameters, b.parameters);
  }
  if (MimeTypeEquals(a.mimeType, "video/VP9")) {
    return IntegerParameterOr(a.parameters, "profile-id", 0) ==
           IntegerParameterOr(b.parameters, "profile-id", 0);
  }
  return true;
}

}  // namespace

RtpCapabilities GenerateRouterRtpCapabilities(const std::vector<RtpCodecCapability>& mediaCodecs) {
  std::vector<RtpCodecCapability> codecs;
  codecs.reserve(mediaCodecs.size());
  for (size_t i = 0; i < mediaCodecs.size(); ++i) {
    std::string path = absl::StrFormat("mediaCodecs[%d]", i);
    RtpCodecCapability codec = NormalizeMediaCodec(mediaCodecs[i], path);
    for (size_t j = 0; j < codecs.size(); ++j) {
      if (IsDuplicate(codecs[j], codec)) {
        ThrowTypeError("%s: duplicated codec %s (same as mediaCodecs[%d])", path, codec.mimeType,
                       j);
      }
    }
    codecs.push_back(std::move(codec));
  }

  // Payload types: given ones first (first come), then static ones, then dynamic in order.
  std::array<bool, 128> taken{};
  for (size_t i = 0; i < codecs.size(); ++i) {
    const auto& pt = mediaCodecs[i].preferredPayloadType;
    if (pt && !taken[*pt]) {
      codecs[i].preferredPayloadType = pt;
      taken[*pt] = true;
    }
  }
  for (auto& codec : codecs) {
    auto staticPt = FindSupportedCodec(codec.mimeType)->staticPayloadType;
    if (!codec.preferredPayloadType && staticPt && !taken[*staticPt]) {
      codec.preferredPayloadType = staticPt;
      taken[*staticPt] = true;
    }
  }
  const std::vector<uint8_t> dynamic = DynamicPayloadTypes();
  size_t next = 0;
  auto nextDynamic = [&](size_t index) -> uint8_t {
    while (next < dynamic.size() && taken[dynamic[next]])
      ++next;
    if (next == dynamic.size()) {
      ThrowTypeError("mediaCodecs[%d]: no dynamic payload type left (too many codecs)", index);
    }
    taken[dynamic[next]] = true;
    return dynamic[next];
  };

  RtpCapabilities caps;
  for (size_t i = 0; i < codecs.size(); ++i) {
    auto& codec = codecs[i];
    if (!codec.preferredPayloadType) codec.preferredPayloadType = nextDynamic(i);
    caps.codecs.push_back(codec);
    if (codec.kind != MediaKind::kVideo) continue;
    // RFC 4588 8.6: one RTX payload type per media payload type, bound by apt.
    RtpCodecCapability rtx;
    rtx.kind = MediaKind::kVideo;
    rtx.mimeType = "video/rtx";
    rtx.preferredPayloadType = nextDynamic(i);
    rtx.clockRate = codec.clockRate;
    rtx.parameters.emplace("apt", int64_t{*codec.preferredPayloadType});
    caps.codecs.push_back(std::move(rtx));
  }
  caps.headerExtensions = SupportedHeaderExtensions();
  return caps;
}

}  // namespace weir::sfu::ortc
