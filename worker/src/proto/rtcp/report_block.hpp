#pragma once

// A reception report block (RFC 3550 6.4.1), carried by SR and RR:
//
//   +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
//   |                 SSRC_1 (SSRC of first source)                 |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   | fraction lost |       cumulative number of packets lost       |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |           extended highest sequence number received           |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                      interarrival jitter                      |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                         last SR (LSR)                         |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                   delay since last SR (DLSR)                  |
//   +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+

#include <cstddef>
#include <cstdint>
#include <optional>

#include "base/bytes.hpp"

namespace weir::proto::rtcp {

struct ReportBlock {
  static constexpr size_t kSize = 24;
  // The signed 24-bit range of the cumulative-lost field; Write() clamps to it (RFC 3550 A.3:
  // duplicates can make the count negative, and it saturates rather than wraps).
  static constexpr int32_t kMaxCumulativeLost = 0x7fffff;
  static constexpr int32_t kMinCumulativeLost = -0x800000;

  uint32_t ssrc = 0;
  uint8_t fractionLost = 0;  // Fixed point, lost/expected * 256.
  int32_t cumulativeLost = 0;
  uint32_t extendedHighestSeq = 0;
  uint32_t jitter = 0;            // In RTP timestamp units.
  uint32_t lastSr = 0;            // LSR: middle 32 bits of the last SR's NTP timestamp.
  uint32_t delaySinceLastSr = 0;  // DLSR, in units of 1/65536 s.

  // Reads the first kSize bytes of data.
  static std::optional<ReportBlock> Parse(base::ByteView data);
  // Reads kSize bytes at p; the caller has checked the bounds.
  static ReportBlock Read(const uint8_t* p);
  // Writes kSize bytes at p.
  void Write(uint8_t* p) const;

  bool operator==(const ReportBlock&) const = default;
};

}  // namespace weir::proto::rtcp
