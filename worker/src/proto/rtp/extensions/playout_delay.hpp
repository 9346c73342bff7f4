#pragma once

// Playout delay (http://www.webrtc.org/experiments/rtp-hdrext/playout-delay): the sender's
// bounds on the receiver's playout delay, 3 bytes: MIN (12 bits) then MAX (12 bits), both in
// units of 10 ms, so at most 40.95 s.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "base/bytes.hpp"

namespace weir::proto::rtp::extensions {

struct PlayoutDelay {
  static constexpr size_t kSize = 3;
  static constexpr uint16_t kGranularityMs = 10;
  static constexpr uint16_t kMaxMs = 0xFFF * kGranularityMs;

  uint16_t minMs = 0;
  uint16_t maxMs = 0;

  // Rejects a minimum above the maximum: no receiver can honour it.
  static std::optional<PlayoutDelay> Parse(base::ByteView data) {
    if (data.size() != kSize) return std::nullopt;
    uint32_t raw = base::LoadBe24(data.data());
    PlayoutDelay d{static_cast<uint16_t>((raw >> 12) * kGranularityMs),
                   static_cast<uint16_t>((raw & 0xFFF) * kGranularityMs)};
    if (d.minMs > d.maxMs) return std::nullopt;
    return d;
  }
  // Values are rounded down to 10 ms. Returns kSize, or 0 when `out` is too small or the bounds
  // are out of range or inverted.
  size_t Write(base::MutableByteView out) const {
    if (out.size() < kSize || minMs > maxMs || maxMs > kMaxMs) return 0;
    base::StoreBe24(out.data(),
                    (uint32_t{minMs} / kGranularityMs << 12) | (uint32_t{maxMs} / kGranularityMs));
    return kSize;
  }
  bool operator==(const PlayoutDelay&) const = default;
};

}  // namespace weir::proto::rtp::extensions
