#include "proto/codecs/leb128.hpp"

namespace weir::proto::codecs {

namespace {
constexpr size_t kMaxOctets = 8;
}

std::optional<Leb128> ReadLeb128(base::ByteView in) {
  uint64_t value = 0;
  for (size_t i = 0; i < kMaxOctets && i < in.size(); ++i) {
    value |= uint64_t{in[i] & 0x7fu} << (7 * i);
    if ((in[i] & 0x80) == 0) {
      if (value > UINT32_MAX) return std::nullopt;
      return Leb128{static_cast<uint32_t>(value), i + 1};
    }
  }
  return std::nullopt;
}

size_t Leb128Size(uint32_t value) {
  size_t n = 1;
  while (value >= 0x80) {
    value >>= 7;
    ++n;
  }
  return n;
}

size_t WriteLeb128(uint32_t value, base::MutableByteView out) {
  const size_t n = Leb128Size(value);
  if (out.size() < n) return 0;
  for (size_t i = 0; i < n; ++i) {
    out[i] = static_cast<uint8_t>((value & 0x7f) | (i + 1 < n ? 0x80 : 0));
    value >>= 7;
  }
  return n;
}

}  // namespace weir::proto::codecs
