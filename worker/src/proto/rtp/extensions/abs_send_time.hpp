#pragma once

// abs-send-time (http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time): the send time as
// a 24-bit unsigned 6.18 fixed-point number of seconds, i.e. bits 14..37 of the 64-bit NTP
// timestamp. It wraps every 64 s, so it only orders packets close in time (used by REMB).
//
// The Unix-to-NTP epoch offset (2208988800 s) is a multiple of 64 s, so the value computed from
// a base::Timestamp (Unix epoch) is the same as from the NTP time.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "base/bytes.hpp"
#include "base/time.hpp"

namespace weir::proto::rtp::extensions {

struct AbsSendTime {
  static constexpr size_t kSize = 3;
  static constexpr uint32_t kMask = 0xFFFFFF;
  static constexpr int kFractionBits = 18;

  static std::optional<uint32_t> Parse(base::ByteView data);
  // Writes the low 24 bits of `value`; returns kSize, or 0 when `out` is too small.
  static size_t Write(base::MutableByteView out, uint32_t value);
  static std::array<uint8_t, kSize> Serialize(uint32_t value);

  // The value for `t` (rounded down to the 1/2^18 s grid).
  static uint32_t FromTimestamp(base::Timestamp t);
  // The time closest to `reference` (within +-32 s) whose value is `value`, rounded up to the
  // microsecond so that FromTimestamp(ToTimestamp(v, r)) == v.
  static base::Timestamp ToTimestamp(uint32_t value, base::Timestamp reference);
};

}  // namespace weir::proto::rtp::extensions
