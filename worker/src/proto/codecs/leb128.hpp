#pragma once

// leb128 as AV1 uses it (AV1 spec 4.10.5): little-endian groups of 7 bits, the top bit of each
// octet saying another follows; at most 8 octets and a value below 2^32.

#include <cstddef>
#include <cstdint>
#include <optional>

#include "base/bytes.hpp"

namespace weir::proto::codecs {

struct Leb128 {
  uint32_t value = 0;
  size_t size = 0;  // Octets it took.
};

// Fails when `in` ends before the last octet, after 8 octets that all continue, or on a value
// of 2^32 or more.
std::optional<Leb128> ReadLeb128(base::ByteView in);

// Octets WriteLeb128 takes for value (1 to 5).
size_t Leb128Size(uint32_t value);

// Writes the shortest encoding of value; returns its size, 0 if out is too small.
size_t WriteLeb128(uint32_t value, base::MutableByteView out);

}  // namespace weir::proto::codecs
