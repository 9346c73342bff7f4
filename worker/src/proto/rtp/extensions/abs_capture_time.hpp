#pragma once

// Absolute capture time (http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time): when
// the first sample of the frame was captured, on the capturer's NTP clock (64-bit UQ32.32), and
// optionally the capturer's estimate of its clock offset to the sender's (64-bit signed Q32.32).
// 8 bytes without the offset, 16 with it.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "base/bytes.hpp"

namespace weir::proto::rtp::extensions {

struct AbsCaptureTime {
  static constexpr size_t kSizeWithoutOffset = 8;
  static constexpr size_t kSizeWithOffset = 16;

  uint64_t absoluteCaptureTimestamp = 0;               // NTP, UQ32.32.
  std::optional<int64_t> estimatedCaptureClockOffset;  // Q32.32.

  size_t size() const { return estimatedCaptureClockOffset ? kSizeWithOffset : kSizeWithoutOffset; }

  static std::optional<AbsCaptureTime> Parse(base::ByteView data) {
    if (data.size() != kSizeWithoutOffset && data.size() != kSizeWithOffset) return std::nullopt;
    AbsCaptureTime t;
    t.absoluteCaptureTimestamp = base::LoadBe64(data.data());
    if (data.size() == kSizeWithOffset) {
      t.estimatedCaptureClockOffset = static_cast<int64_t>(base::LoadBe64(data.data() + 8));
    }
    return t;
  }
  // Returns size(), or 0 when `out` is too small.
  size_t Write(base::MutableByteView out) const {
    if (out.size() < size()) return 0;
    base::StoreBe64(out.data(), absoluteCaptureTimestamp);
    if (estimatedCaptureClockOffset) {
      base::StoreBe64(out.data() + 8, static_cast<uint64_t>(*estimatedCaptureClockOffset));
    }
    return size();
  }
  bool operator==(const AbsCaptureTime&) const = default;
};

}  // namespace weir::proto::rtp::extensions
