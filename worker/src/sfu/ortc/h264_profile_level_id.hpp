#pragma once

// H.264 profile-level-id (RFC 6184 8.1) as browsers interpret it: three bytes in hex, profile_idc,
// profile-iop (the constraint_set flags) and level_idc. WebRTC implementations classify the first
// two into one of a few profiles by bit patterns, and only codecs of the same profile match; the
// level is then negotiated (RFC 6184 8.2.2: the answerer may not raise the offered level unless
// both sides set level-asymmetry-allowed=1).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sfu/rtp_parameters.hpp"

namespace weir::sfu::ortc {

enum class H264Profile : uint8_t {
  kConstrainedBaseline,
  kBaseline,
  kMain,
  kConstrainedHigh,
  kHigh,
  kPredictiveHigh444,
};

// level_idc values (H.264 Table A-1), except 1b, which level_idc 11 with constraint_set3 means.
enum class H264Level : uint8_t {
  k1b = 0,
  k1 = 10,
  k1_1 = 11,
  k1_2 = 12,
  k1_3 = 13,
  k2 = 20,
  k2_1 = 21,
  k2_2 = 22,
  k3 = 30,
  k3_1 = 31,
  k3_2 = 32,
  k4 = 40,
  k4_1 = 41,
  k4_2 = 42,
  k5 = 50,
  k5_1 = 51,
  k5_2 = 52,
  k6 = 60,
  k6_1 = 61,
  k6_2 = 62,
};

struct H264ProfileLevelId {
  H264Profile profile = H264Profile::kConstrainedBaseline;
  H264Level level = H264Level::k3_1;
  bool operator==(const H264ProfileLevelId&) const = default;
};

// What a codec without profile-level-id means (RFC 6184 8.1 says Baseline 1.0; browsers use
// Constrained Baseline 3.1, "42e01f", and so does everyone who interoperates with them).
inline constexpr H264ProfileLevelId kDefaultH264ProfileLevelId{};

// Six hex digits (either case); nothing for another length, a non-hex digit, an unknown level or
// a profile_idc/profile-iop pair that is none of the profiles above.
std::optional<H264ProfileLevelId> ParseH264ProfileLevelId(std::string_view text);

// The codec's profile-level-id parameter (a string, or the number sdp-transform made of it), or
// the default when absent; nothing when present but invalid.
std::optional<H264ProfileLevelId> ParseSdpH264ProfileLevelId(const CodecParameters& params);

// Six lowercase hex digits; nothing when the pair cannot be written (level 1b of a High profile).
std::optional<std::string> H264ProfileLevelIdToString(const H264ProfileLevelId& id);

// a < b in level order (1 < 1b < 1.1 < ...).
bool H264LevelLess(H264Level a, H264Level b);

// Both parameter sets parse and name the same profile (levels may differ).
bool IsSameH264Profile(const CodecParameters& a, const CodecParameters& b);

// "level-asymmetry-allowed" is 1 (RFC 6184 8.1).
bool IsH264LevelAsymmetryAllowed(const CodecParameters& params);

// The profile-level-id to answer with when `local` (what we support) meets `remote` (what the
// other side offered), as RFC 6184 8.2.2 and WebRTC do it. `ok` is false when the two do not
// match (different profiles, an invalid value, an unwritable result); `profileLevelId` is empty
// when neither side gave one (then the answer leaves it out too).
struct H264Answer {
  bool ok = false;
  std::optional<std::string> profileLevelId;
};
H264Answer GenerateH264ProfileLevelIdForAnswer(const CodecParameters& local,
                                               const CodecParameters& remote);

}  // namespace weir::sfu::ortc
