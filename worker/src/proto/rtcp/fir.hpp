#pragma once

// Full Intra Request (RFC 5104 4.3.1): payload-specific feedback, FMT 4. The media SSRC field
// is unused (MUST be 0); the FCI lists the streams asked for a decoder refresh:
//
//   |                              SSRC                             |
//   | Seq nr.       |    Reserved                                   |
//
// The sequence number lets the media sender tell a new request from a repeated one (RFC 5104
// 4.3.1.1); the requester increments it per new request, per target SSRC.

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

struct FirEntry {
  static constexpr size_t kSize = 8;
  uint32_t ssrc = 0;
  uint8_t seqNr = 0;

  bool operator==(const FirEntry&) const = default;
};

class Fir {
 public:
  // Fails unless the packet is a PSFB FMT 4 with at least one entry. Trailing bytes short of
  // an entry are ignored.
  static std::optional<Fir> Parse(const Packet& packet);

  uint32_t sender_ssrc() const { return senderSsrc_; }
  uint32_t media_ssrc() const { return mediaSsrc_; }  // Should be 0.
  size_t entry_count() const { return fci_.size() / FirEntry::kSize; }
  // i < entry_count().
  FirEntry entry(size_t i) const {
    return FirEntry{base::LoadBe32(&fci_[FirEntry::kSize * i]), fci_[FirEntry::kSize * i + 4]};
  }
  // The entry addressed to ssrc, if any.
  std::optional<FirEntry> Find(uint32_t ssrc) const;

 private:
  Fir(uint32_t senderSsrc, uint32_t mediaSsrc, base::ByteView fci)
      : senderSsrc_(senderSsrc), mediaSsrc_(mediaSsrc), fci_(fci) {}
  uint32_t senderSsrc_;
  uint32_t mediaSsrc_;
  base::ByteView fci_;
};

struct FirBuilder {
  uint32_t senderSsrc = 0;
  std::span<const FirEntry> entries;  // At least one.

  size_t Size() const;
  size_t Serialize(base::MutableByteView out) const;
  size_t Serialize(base::BufferWriter& writer) const { return SerializeToWriter(*this, writer); }
};

}  // namespace weir::proto::rtcp
