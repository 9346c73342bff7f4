#include "sfu/ortc/h264_profile_level_id.hpp"

#include <array>

#include "absl/strings/str_format.h"
#include "sfu/ortc/codec_parameter.hpp"

namespace weir::sfu::ortc {

namespace {

constexpr uint8_t kConstraintSet3Flag = 0x10;

// One profile_idc/profile-iop pattern: the iop bits under `mask` must equal `value`. Written out
// as 8-character patterns (constraint_set0 first, 'x' = any) in the comments.
struct ProfilePattern {
  uint8_t profileIdc;
  uint8_t mask;
  uint8_t value;
  H264Profile profile;
};

// Order matters only where patterns overlap, and none of these do.
constexpr std::array<ProfilePattern, 9> kProfilePatterns{{
    {0x42, 0b0100'1111, 0b0100'0000, H264Profile::kConstrainedBaseline},  // x1xx0000
    {0x4D, 0b1000'1111, 0b1000'0000, H264Profile::kConstrainedBaseline},  // 1xxx0000
    {0x58, 0b1100'1111, 0b1100'0000, H264Profile::kConstrainedBaseline},  // 11xx0000
    {0x42, 0b0100'1111, 0b0000'0000, H264Profile::kBaseline},             // x0xx0000
    {0x58, 0b1100'1111, 0b1000'0000, H264Profile::kBaseline},             // 10xx0000
    {0x4D, 0b1010'1111, 0b0000'0000, H264Profile::kMain},                 // 0x0x0000
    {0x64, 0b1111'1111, 0b0000'0000, H264Profile::kHigh},                 // 00000000
    {0x64, 0b1111'1111, 0b0000'1100, H264Profile::kConstrainedHigh},      // 00001100
    {0xF4, 0b1111'1111, 0b0000'0000, H264Profile::kPredictiveHigh444},    // 00000000
}};

bool IsKnownLevelIdc(uint8_t levelIdc) {
  switch (levelIdc) {
    case 10:
    case 11:
    case 12:
    case 13:
    case 20:
    case 21:
    case 22:
    case 30:
    case 31:
    case 32:
    case 40:
    case 41:
    case 42:
    case 50:
    case 51:
    case 52:
    case 60:
    case 61:
    case 62:
      return true;
    default:
      return false;
  }
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<H264ProfileLevelId> ParseH264ProfileLevelId(std::string_view text) {
  if (text.size() != 6) return std::nullopt;
  uint8_t bytes[3];
  for (size_t i = 0; i < 3; ++i) {
    int hi = HexDigit(text[2 * i]);
    int lo = HexDigit(text[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    bytes[i] = static_cast<uint8_t>(hi * 16 + lo);
  }
  const uint8_t profileIdc = bytes[0];
  const uint8_t profileIop = bytes[1];
  const uint8_t levelIdc = bytes[2];

  H264Level level;
  if (levelIdc == 11 && (profileIop & kConstraintSet3Flag) != 0) {
    // H.264 A.3.1: level_idc 11 with constraint_set3_flag is level 1b (Baseline, Main, Extended).
    level = H264Level::k1b;
  } else if (IsKnownLevelIdc(levelIdc)) {
    level = static_cast<H264Level>(levelIdc);
  } else {
    return std::nullopt;
  }

  for (const auto& pattern : kProfilePatterns) {
    if (pattern.profileIdc == profileIdc && (profileIop & pattern.mask) == pattern.value) {
      return H264ProfileLevelId{pattern.profile, level};
    }
  }
  return std::nullopt;
}

std::optional<H264ProfileLevelId> ParseSdpH264ProfileLevelId(const CodecParameters& params) {
  const ParameterValue* value = FindParameter(params, "profile-level-id");
  if (value == nullptr) return kDefaultH264ProfileLevelId;
  auto text = ParameterAsString(*value, 6);
  if (!text) return std::nullopt;
  return ParseH264ProfileLevelId(*text);
}

std::optional<std::string> H264ProfileLevelIdToString(const H264ProfileLevelId& id) {
  if (id.level == H264Level::k1b) {
    // Level 1b is level_idc 11 plus constraint_set3, which only these profiles can carry.
    switch (id.profile) {
      case H264Profile::kConstrainedBaseline:
        return "42f00b";
      case H264Profile::kBaseline:
        return "42100b";
      case H264Profile::kMain:
        return "4d100b";
      default:
        return std::nullopt;
    }
  }
  const char* prefix = nullptr;
  switch (id.profile) {
    case H264Profile::kConstrainedBaseline:
      prefix = "42e0";
      break;
    case H264Profile::kBaseline:
      prefix = "4200";
      break;
    case H264Profile::kMain:
      prefix = "4d00";
      break;
    case H264Profile::kConstrainedHigh:
      prefix = "640c";
      break;
    case H264Profile::kHigh:
      prefix = "6400";
      break;
    case H264Profile::kPredictiveHigh444:
      prefix = "f400";
      break;
  }
  return absl::StrFormat("%s%02x", prefix, static_cast<unsigned>(id.level));
}

bool H264LevelLess(H264Level a, H264Level b) {
  // 1b sits between 1 and 1.1 although its enum value is 0.
  if (a == H264Level::k1b) return b != H264Level::k1 && b != H264Level::k1b;
  if (b == H264Level::k1b) return a == H264Level::k1;
  return static_cast<uint8_t>(a) < static_cast<uint8_t>(b);
}

bool IsSameH264Profile(const CodecParameters& a, const CodecParameters& b) {
  auto pa = ParseSdpH264ProfileLevelId(a);
  auto pb = ParseSdpH264ProfileLevelId(b);
  return pa && pb && pa->profile == pb->profile;
}

bool IsH264LevelAsymmetryAllowed(const CodecParameters& params) {
  const ParameterValue* value = FindParameter(params, "level-asymmetry-allowed");
  return value != nullptr && ParameterAsInteger(*value) == 1;
}

H264Answer GenerateH264ProfileLevelIdForAnswer(const CodecParameters& local,
                                               const CodecParameters& remote) {
  // Neither side names one: both mean the default, and the answer says nothing either.
  if (FindParameter(local, "profile-level-id") == nullptr &&
      FindParameter(remote, "profile-level-id") == nullptr) {
    return {true, std::nullopt};
  }
  auto localId = ParseSdpH264ProfileLevelId(local);
  auto remoteId = ParseSdpH264ProfileLevelId(remote);
  if (!localId || !remoteId || localId->profile != remoteId->profile) return {};

  // RFC 6184 8.2.2: without level asymmetry the answer may not exceed the offered level.
  const bool asymmetry = IsH264LevelAsymmetryAllowed(local) && IsH264LevelAsymmetryAllowed(remote);
  H264Level level = localId->level;
  if (!asymmetry && H264LevelLess(remoteId->level, level)) level = remoteId->level;

  auto text = H264ProfileLevelIdToString({localId->profile, level});
  if (!text) return {};
  return {true, std::move(text)};
}

}  // namespace weir::sfu::ortc
