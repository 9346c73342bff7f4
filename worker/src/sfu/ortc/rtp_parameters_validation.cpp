#include "sfu/ortc/rtp_parameters_validation.hpp"

#include <set>
#include <string>

#include "absl/strings/str_format.h"
#include "sfu/errors.hpp"
#include "sfu/ortc/codec_parameter.hpp"
#include "sfu/ortc/mime_type.hpp"
#include "sfu/ortc/scalability_mode.hpp"

namespace weir::sfu::ortc {

namespace {

// RFC 8851 10: rid-id = 1*(alpha-numeric / "-" / "_"); RFC 8852 3.1 carries it in an RTP header
// extension, at most 255 bytes long.
bool IsValidRid(std::string_view rid) {
  if (rid.empty() || rid.size() > 255) return false;
  for (char c : rid) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

MediaKind ValidateMimeType(std::string_view mimeType, std::string_view path) {
  auto kind = MimeTypeKind(mimeType);
  if (!kind) {
    ThrowTypeError("%s.mimeType: invalid '%s' (expected audio/<codec> or video/<codec>)", path,
                   mimeType);
  }
  return *kind;
}

void NormalizeChannels(MediaKind kind, std::optional<uint8_t>& channels, std::string_view path) {
  if (kind == MediaKind::kVideo) {
    channels.reset();  // mediasoup drops it too; video has no channels.
    return;
  }
  if (!channels) channels = 1;
  if (*channels == 0) ThrowTypeError("%s.channels: must be at least 1", path);
}

void ValidatePayloadType(unsigned payloadType, std::string_view path) {
  // RFC 3550 5.1: PT is 7 bits.
  if (payloadType > 127) ThrowTypeError("%s: %u is not a payload type (0-127)", path, payloadType);
}

void ValidateRtcpFeedback(const std::vector<RtcpFeedback>& feedback, std::string_view path) {
  for (size_t i = 0; i < feedback.size(); ++i) {
    if (feedback[i].type.empty()) ThrowTypeError("%s.rtcpFeedback[%d].type: empty", path, i);
  }
}

uint8_t ValidateRtxApt(const CodecParameters& params, std::string_view path) {
  const ParameterValue* apt = FindParameter(params, "apt");
  if (apt == nullptr) ThrowTypeError("%s.parameters.apt: missing in an RTX codec", path);
  auto value = ParameterAsInteger(*apt);
  if (!value || *value < 0 || *value > 127) {
    ThrowTypeError("%s.parameters.apt: invalid %s (a payload type, 0-127)", path,
                   ParameterToString(*apt));
  }
  return static_cast<uint8_t>(*value);
}

void ValidateRtpCodecParameters(RtpCodecParameters& codec, std::string_view path) {
  MediaKind kind = ValidateMimeType(codec.mimeType, path);
  ValidatePayloadType(codec.payloadType, absl::StrFormat("%s.payloadType", path));
  if (codec.clockRate == 0) ThrowTypeError("%s.clockRate: must be positive", path);
  NormalizeChannels(kind, codec.channels, path);
  if (IsRtxMimeType(codec.mimeType)) ValidateRtxApt(codec.parameters, path);
  ValidateRtcpFeedback(codec.rtcpFeedback, path);
}

void ValidateRtpHeaderExtensionParameters(const RtpHeaderExtensionParameters& ext,
                                          std::string_view path) {
  if (ext.uri.empty()) ThrowTypeError("%s.uri: empty", path);
  // RFC 8285 4.2/4.3: id 0 is padding in both header forms; 1-14 one-byte, up to 255 two-byte.
  if (ext.id == 0) ThrowTypeError("%s.id: 0 is not a valid extension id (1-255)", path);
}

void ValidateRtpEncodingParameters(const RtpEncodingParameters& encoding, std::string_view path) {
  if (!encoding.ssrc && !encoding.rid) ThrowTypeError("%s: needs an ssrc or a rid", path);
  if (encoding.rid && !IsValidRid(*encoding.rid)) {
    ThrowTypeError("%s.rid: invalid '%s' (1-255 of letters, digits, '-', '_'; RFC 8851 10)", path,
                   *encoding.rid);
  }
  if (encoding.codecPayloadType) {
    ValidatePayloadType(*encoding.codecPayloadType, absl::StrFormat("%s.codecPayloadType", path));
  }
  if (encoding.scalabilityMode && !ParseScalabilityMode(*encoding.scalabilityMode)) {
    ThrowTypeError("%s.scalabilityMode: invalid '%s'", path, *encoding.scalabilityMode);
  }
  if (encoding.maxBitrate && *encoding.maxBitrate == 0) {
    ThrowTypeError("%s.maxBitrate: must be positive", path);
  }
}

void ValidateRtcpParameters(const RtcpParameters& rtcp, std::string_view path) {
  // RFC 3550 6.5: an SDES item is at most 255 bytes.
  if (rtcp.cname.size() > 255) ThrowTypeError("%s.cname: longer than 255 bytes", path);
}

namespace {

void ValidateCodecs(std::vector<RtpCodecParameters>& codecs, MediaKind kind,
                    const std::string& path) {
  if (codecs.empty()) ThrowTypeError("%s.codecs: empty", path);
  std::set<uint8_t> payloadTypes;
  for (size_t i = 0; i < codecs.size(); ++i) {
    auto& codec = codecs[i];
    std::string codecPath = absl::StrFormat("%s.codecs[%d]", path, i);
    ValidateRtpCodecParameters(codec, codecPath);
    if (MimeTypeKind(codec.mimeType) != kind) {
      ThrowTypeError("%s: %s in %s parameters", codecPath, codec.mimeType, MediaKindName(kind));
    }
    if (!payloadTypes.insert(codec.payloadType).second) {
      ThrowTypeError("%s.payloadType: duplicated payloadType %u", codecPath, codec.payloadType);
    }
  }
  if (IsRtxMimeType(codecs[0].mimeType)) {
    ThrowTypeError("%s.codecs[0]: the first codec must be a media codec, not %s", path,
                   codecs[0].mimeType);
  }
  // RFC 4588 8.6: apt names the original stream's payload type, a media codec of this list.
  for (size_t i = 0; i < codecs.size(); ++i) {
    if (!IsRtxMimeType(codecs[i].mimeType)) continue;
    std::string codecPath = absl::StrFormat("%s.codecs[%d]", path, i);
    uint8_t apt = ValidateRtxApt(codecs[i].parameters, codecPath);
    bool found = false;
    for (const auto& media : codecs) {
      if (media.payloadType == apt && !IsRtxMimeType(media.mimeType)) found = true;
    }
    if (!found) {
      ThrowTypeError("%s.parameters.apt: no media codec with payloadType %u", codecPath, apt);
    }
  }
}

void ValidateHeaderExtensions(const std::vector<RtpHeaderExtensionParameters>& extensions,
                              const std::string& path) {
  std::set<uint8_t> ids;
  for (size_t i = 0; i < extensions.size(); ++i) {
    std::string extPath = absl::StrFormat("%s.headerExtensions[%d]", path, i);
    ValidateRtpHeaderExtensionParameters(extensions[i], extPath);
    // RFC 8285 6: one id maps one extension.
    if (!ids.insert(extensions[i].id).second) {
      ThrowTypeError("%s.id: duplicated id %u", extPath, extensions[i].id);
    }
  }
}

void ValidateEncodings(const RtpParameters& params, const std::string& path) {
  const auto& encodings = params.encodings;
  if (encodings.empty()) ThrowTypeError("%s.encodings: empty", path);
  std::set<uint32_t> ssrcs;
  std::set<std::string> rids;
  for (size_t i = 0; i < encodings.size(); ++i) {
    const auto& encoding = encodings[i];
    std::string encPath = absl::StrFormat("%s.encodings[%d]", path, i);
    ValidateRtpEncodingParameters(encoding, encPath);
    if (encoding.ssrc && !ssrcs.insert(*encoding.ssrc).second) {
      ThrowTypeError("%s.ssrc: duplicated ssrc %u", encPath, *encoding.ssrc);
    }
    if (encoding.rtx && !ssrcs.insert(encoding.rtx->ssrc).second) {
      ThrowTypeError("%s.rtx.ssrc: duplicated ssrc %u", encPath, encoding.rtx->ssrc);
    }
    if (encoding.rid && !rids.insert(*encoding.rid).second) {
      ThrowTypeError("%s.rid: duplicated rid '%s'", encPath, *encoding.rid);
    }
    if (encoding.codecPayloadType) {
      bool found = false;
      for (const auto& codec : params.codecs) {
        if (codec.payloadType == *encoding.codecPayloadType && !IsRtxMimeType(codec.mimeType)) {
          found = true;
        }
      }
      if (!found) {
        ThrowTypeError("%s.codecPayloadType: no media codec with payloadType %u", encPath,
                       *encoding.codecPayloadType);
      }
    }
    // Several encodings are simulcast streams; each is one spatial layer (its scalabilityMode
    // only says how many temporal layers it has).
    if (encodings.size() > 1 && encoding.scalabilityMode) {
      auto mode = ParseScalabilityMode(*encoding.scalabilityMode);
      if (mode->spatialLayers > 1) {
        ThrowTypeError("%s.scalabilityMode: '%s' has %u spatial layers in a simulcast encoding",
                       encPath, *encoding.scalabilityMode, mode->spatialLayers);
      }
    }
  }
}

}  // namespace

void ValidateRtpParameters(RtpParameters& params, MediaKind kind, std::string_view path) {
  std::string base(path);
  ValidateCodecs(params.codecs, kind, base);
  ValidateHeaderExtensions(params.headerExtensions, base);
  ValidateEncodings(params, base);
  ValidateRtcpParameters(params.rtcp, absl::StrFormat("%s.rtcp", base));
}

}  // namespace weir::sfu::ortc
