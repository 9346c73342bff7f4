#pragma once

// Whether two codec descriptions name the same codec. Capabilities (RtpCodecCapability) and
// parameters (RtpCodecParameters) are compared through one view.
//
// Loose matching compares MIME type, clock rate and (audio) channels: enough to find which
// supported codec a router media codec is. Strict matching also applies the codec-specific rules
// that decide whether two endpoints can exchange the stream: H.264 packetization-mode and profile
// (RFC 6184 8.1, as browsers apply it, see h264_profile_level_id.hpp) and VP9 profile-id
// (draft-ietf-payload-vp9 / RFC 9628 6).

#include <cstdint>
#include <optional>
#include <string_view>

#include "sfu/rtp_parameters.hpp"

namespace weir::sfu::ortc {

struct CodecView {
  std::string_view mimeType;
  uint32_t clockRate = 0;
  std::optional<uint8_t> channels;
  const CodecParameters& parameters;
};

inline CodecView ViewOf(const RtpCodecCapability& codec) {
  return {codec.mimeType, codec.clockRate, codec.channels, codec.parameters};
}
inline CodecView ViewOf(const RtpCodecParameters& codec) {
  return {codec.mimeType, codec.clockRate, codec.channels, codec.parameters};
}

enum class CodecMatch { kLoose, kStrict };

bool MatchCodecs(const CodecView& a, const CodecView& b, CodecMatch mode);

// For strict H.264 matches: the profile-level-id `local` should carry once matched with `remote`
// (RFC 6184 8.2.2). Empty when neither gives one.
std::optional<std::string> H264AnswerProfileLevelId(const CodecView& local,
                                                    const CodecView& remote);

}  // namespace weir::sfu::ortc
