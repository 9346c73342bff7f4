#pragma once

// Receiver Estimated Maximum Bitrate (draft-alvestrand-rmcat-remb-03): an application-layer
// feedback message (PSFB, FMT 15, RFC 4585 6.4) whose FCI starts with the ASCII 'REMB':
//
//   |V=2|P| FMT=15  |   PT=206      |             length            |
//   |                  SSRC of packet sender                        |
//   |                  SSRC of media source (unused, 0)             |
//   |  Unique identifier 'R' 'E' 'M' 'B'                            |
//   |  Num SSRC     | BR Exp    |  BR Mantissa                      |
//   |   SSRC feedback                                               |
//   |  ...                                                          |
//
// The bitrate in bits per second is mantissa (18 bits) * 2^exp (6 bits).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "base/buffer_writer.hpp"
#include "base/bytes.hpp"
#include "proto/rtcp/feedback.hpp"
#include "proto/rtcp/packet.hpp"
#include "proto/rtcp/packet_builder.hpp"

namespace weir::proto::rtcp {

inline constexpr uint32_t kRembIdentifier = 0x52454d42;  // 'R' 'E' 'M' 'B'
inline constexpr uint32_t kRembMaxMantissa = (1u << 18) - 1;
inline constexpr uint8_t kRembMaxExponent = 63;
inline constexpr size_t kRembMaxSsrcs = 255;

struct RembBitrate {
  uint8_t exponent = 0;   // 6 bits.
  uint32_t mantissa = 0;  // 18 bits.

  // mantissa << exponent, clamped to UINT64_MAX when it does not fit in 64 bits (the field can
  // express up to (2^18 - 1) * 2^63).
  uint64_t Bps() const;
  // The smallest exponent whose mantissa holds bps, truncating the bits shifted out, as every
  // implementation does (the estimate errs low, never high).
  static RembBitrate FromBps(uint64_t bps);

  bool operator==(const RembBitrate&) const = default;
};

class Remb {
 public:
  // Fails unless the packet is a PSFB FMT 15 whose FCI starts with 'REMB' and holds Num SSRC
  // SSRCs. Any other application-layer feedback does not match (the caller skips it).
  static std::optional<Remb> Parse(const Packet& packet);

  uint32_t sender_ssrc() const { return senderSsrc_; }
  uint32_t media_ssrc() const { return mediaSsrc_; }
  RembBitrate encoded_bitrate() const;
  uint64_t bitrate_bps() const { return encoded_bitrate().Bps(); }
  size_t ssrc_count() const { return fci_[4]; }
  // i < ssrc_count().
  uint32_t ssrc(size_t i) const { return base::LoadBe32(&fci_[8 + 4 * i]); }

 private:
  Remb(uint32_t senderSsrc, uint32_t mediaSsrc, base::ByteView fci)
      : senderSsrc_(senderSsrc), mediaSsrc_(mediaSsrc), fci_(fci) {}
  uint32_t senderSsrc_;
  uint32_t mediaSsrc_;
  base::ByteView fci_;
};

struct RembBuilder {
  uint32_t senderSsrc = 0;
  uint64_t bitrateBps = 0;
  std::span<const uint32_t> ssrcs;  // At most 255.

  size_t Size() const;
  size_t Serialize(base::MutableByteView out) const;
  size_t Serialize(base::BufferWriter& writer) const { return SerializeToWriter(*this, writer); }
};

}  // namespace weir::proto::rtcp
