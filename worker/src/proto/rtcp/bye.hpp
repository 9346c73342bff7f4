#pragma once

// Goodbye, BYE (RFC 3550 6.6):
//
//   |V=2|P|    SC   |   PT=BYE=203  |             length            |
//   |                           SSRC/CSRC                           |
//   :                              ...                              :
//   |     length    |               reason for leaving             ...  (opt)
//
// The reason, if present, is padded with null octets to the next 32-bit boundary.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "base/buffer_writer.hpp"
#include "base/bytes.hpp"
#include "proto/rtcp/packet.hpp"
#include "proto/rtcp/packet_builder.hpp"

namespace weir::proto::rtcp {

class Bye {
 public:
  // Fails unless the packet is a BYE holding SC SSRCs and, if more bytes follow, a reason whose
  // length octet does not run past the packet.
  static std::optional<Bye> Parse(const Packet& packet);

  size_t ssrc_count() const { return count_; }
  // i < ssrc_count().
  uint32_t ssrc(size_t i) const { return base::LoadBe32(body_.data() + 4 * i); }
  // Present (possibly empty) when the packet carries the optional reason.
  std::optional<std::string_view> reason() const;

 private:
  Bye(base::ByteView body, uint8_t count) : body_(body), count_(count) {}
  base::ByteView body_;
  uint8_t count_;
};

struct ByeBuilder {
  std::span<const uint32_t> ssrcs;         // At most 31.
  std::optional<std::string_view> reason;  // At most 255 bytes.

  size_t Size() const;
  size_t Serialize(base::MutableByteView out) const;
  size_t Serialize(base::BufferWriter& writer) const { return SerializeToWriter(*this, writer); }
};

}  // namespace weir::proto::rtcp
