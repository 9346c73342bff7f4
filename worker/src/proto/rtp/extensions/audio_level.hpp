#pragma once

// Client-to-mixer audio level (RFC 6464 3): one byte, V (voice activity, 1 bit) then the level
// as a positive number of -dBov (7 bits, 0 = loudest, 127 = silence).

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "base/bytes.hpp"

namespace weir::proto::rtp::extensions {

struct AudioLevel {
  static constexpr size_t kSize = 1;
  static constexpr uint8_t kMaxLevel = 127;

  bool voiceActivity = false;
  uint8_t level = kMaxLevel;  // -dBov, 0..127.

  static std::optional<AudioLevel> Parse(base::ByteView data) {
    if (data.size() != kSize) return std::nullopt;
    return AudioLevel{(data[0] & 0x80) != 0, static_cast<uint8_t>(data[0] & 0x7F)};
  }
  // Returns kSize, or 0 when `out` is too small or the level is above 127.
  size_t Write(base::MutableByteView out) const {
    if (out.size() < kSize || level > kMaxLevel) return 0;
    out[0] = static_cast<uint8_t>((voiceActivity ? 0x80 : 0) | level);
    return kSize;
  }
  std::array<uint8_t, kSize> Serialize() const {
    return {static_cast<uint8_t>((voiceActivity ? 0x80 : 0) | (level & 0x7F))};
  }
  bool operator==(const AudioLevel&) const = default;
};

}  // namespace weir::proto::rtp::extensions
