#include "sfu/ortc/rtp_capabilities_validation.hpp"

#include "absl/strings/str_format.h"
#include "sfu/errors.hpp"
#include "sfu/ortc/mime_type.hpp"
#include "sfu/ortc/rtp_parameters_validation.hpp"

namespace weir::sfu::ortc {

void ValidateRtpCodecCapability(RtpCodecCapability& codec, std::string_view path) {
  MediaKind kind = ValidateMimeType(codec.mimeType, path);
  if (kind != codec.kind) {
    ThrowTypeError("%s.kind: '%s' does not match mimeType %s", path, MediaKindName(codec.kind),
                   codec.mimeType);
  }
  if (codec.preferredPayloadType) {
    ValidatePayloadType(*codec.preferredPayloadType,
                        absl::StrFormat("%s.preferredPayloadType", path));
  }
  if (codec.clockRate == 0) ThrowTypeError("%s.clockRate: must be positive", path);
  NormalizeChannels(kind, codec.channels, path);
  if (IsRtxMimeType(codec.mimeType)) ValidateRtxApt(codec.parameters, path);
  ValidateRtcpFeedback(codec.rtcpFeedback, path);
}

void ValidateRtpHeaderExtensionCapability(const RtpHeaderExtensionCapability& ext,
                                          std::string_view path) {
  if (ext.uri.empty()) ThrowTypeError("%s.uri: empty", path);
  // RFC 8285 4.2/4.3: 0 is never an extension id.
  if (ext.preferredId == 0) {
    ThrowTypeError("%s.preferredId: 0 is not a valid extension id (1-255)", path);
  }
}

void ValidateRtpCapabilities(RtpCapabilities& caps, std::string_view path) {
  for (size_t i = 0; i < caps.codecs.size(); ++i) {
    ValidateRtpCodecCapability(caps.codecs[i], absl::StrFormat("%s.codecs[%d]", path, i));
  }
  for (size_t i = 0; i < caps.headerExtensions.size(); ++i) {
    ValidateRtpHeaderExtensionCapability(caps.headerExtensions[i],
                                         absl::StrFormat("%s.headerExtensions[%d]", path, i));
  }
}

}  // namespace weir::sfu::ortc
