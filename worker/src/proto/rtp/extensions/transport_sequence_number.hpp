#pragma once

// Transport-wide sequence number
// (http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01, section 2): a 16-bit
// counter shared by every packet sent on a transport, which transport-cc feedback refers to.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "base/bytes.hpp"

namespace weir::proto::rtp::extensions {

struct TransportSequenceNumber {
  static constexpr size_t kSize = 2;

  static std::optional<uint16_t> Parse(base::ByteView data) {
    if (data.size() != kSize) return std::nullopt;
    return base::LoadBe16(data.data());
  }
  // Returns kSize, or 0 when `out` is too small.
  static size_t Write(base::MutableByteView out, uint16_t value) {
    if (out.size() < kSize) return 0;
    base::StoreBe16(out.data(), value);
    return kSize;
  }
  static std::array<uint8_t, kSize> Serialize(uint16_t value) {
    std::array<uint8_t, kSize> out;
    base::StoreBe16(out.data(), value);
    return out;
  }
};

}  // namespace weir::proto::rtp::extensions
