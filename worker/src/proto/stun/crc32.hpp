#pragma once

// CRC-32 as used by the STUN FINGERPRINT attribute (RFC 8489 14.7: "the CRC-32 of the STUN
// message ... as defined in ITU V.42", the same reflected 0x04C11DB7 polynomial as zlib and
// Ethernet). Table-driven, no allocation, no dependency.

#include <cstdint>

#include "base/bytes.hpp"

namespace weir::proto::stun {

// Continues a CRC over more data: start with crc = 0, feed the previous result back in.
uint32_t Crc32Update(uint32_t crc, base::ByteView data);
inline uint32_t Crc32(base::ByteView data) {
  return Crc32Update(0, data);
}

}  // namespace weir::proto::stun
