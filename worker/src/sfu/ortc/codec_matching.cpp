#include "sfu/ortc/codec_matching.hpp"

#include "sfu/ortc/codec_parameter.hpp"
#include "sfu/ortc/h264_profile_level_id.hpp"
#include "sfu/ortc/mime_type.hpp"

namespace weir::sfu::ortc {

namespace {

// Both parameter sets give `key` (or omit it, meaning `fallback`) as the same integer.
bool SameIntegerParameter(const CodecParameters& a, const CodecParameters& b, std::string_view key,
                          int64_t fallback) {
  auto va = IntegerParameterOr(a, key, fallback);
  auto vb = IntegerParameterOr(b, key, fallback);
  return va && vb && *va == *vb;
}

bool MatchH264(const CodecView& a, const CodecView& b) {
  // RFC 6184 8.1: packetization-mode absent means 0; streams of different modes are different
  // payload formats.
  if (!SameIntegerParameter(a.parameters, b.parameters, "packetization-mode", 0)) return false;
  if (!IsSameH264Profile(a.parameters, b.parameters)) return false;
  return GenerateH264ProfileLevelIdForAnswer(a.parameters, b.parameters).ok;
}

}  // namespace

bool MatchCodecs(const CodecView& a, const CodecView& b, CodecMatch mode) {
  if (!MimeTypeEquals(a.mimeType, b.mimeType)) return false;
  if (a.clockRate != b.clockRate) return false;
  if (MimeTypeKind(a.mimeType) == MediaKind::kAudio &&
      a.channels.value_or(1) != b.channels.value_or(1)) {
    return false;
  }
  if (mode == CodecMatch::kLoose) return true;

  if (MimeTypeEquals(a.mimeType, "video/H264")) return MatchH264(a, b);
  if (MimeTypeEquals(a.mimeType, "video/VP9")) {
    return SameIntegerParameter(a.parameters, b.parameters, "profile-id", 0);
  }
  return true;
}

std::optional<std::string> H264AnswerProfileLevelId(const CodecView& local,
                                                    const CodecView& remote) {
  return GenerateH264ProfileLevelIdForAnswer(local.parameters, remote.parameters).profileLevelId;
}

}  // namespace weir::sfu::ortc
