#pragma once

// The picture id field shared by the VP8 (RFC 7741 4.2) and VP9 (RFC 9628 4.2) descriptors:
// one octet |0| 7-bit id | or two octets |1| 15-bit id |, the M bit selecting the form.

#include <cstddef>
#include <cstdint>
#include <optional>

#include "base/bytes.hpp"

namespace weir::proto::codecs {

struct PictureIdField {
  uint16_t value = 0;
  uint8_t bits = 0;  // 7 or 15.
  size_t size() const { return bits == 15 ? 2 : 1; }
};

inline std::optional<PictureIdField> ReadPictureId(base::ByteView payload, size_t pos) {
  if (pos >= payload.size()) return std::nullopt;
  if (payload[pos] & 0x80) {
    if (payload.size() - pos < 2) return std::nullopt;
    return PictureIdField{static_cast<uint16_t>(base::LoadBe16(&payload[pos]) & 0x7fff), 15};
  }
  return PictureIdField{static_cast<uint16_t>(payload[pos] & 0x7f), 7};
}

// Writes value (reduced modulo the width) in the given width at pos; returns the value written,
// or nothing when the field does not fit.
inline std::optional<uint16_t> WritePictureId(base::MutableByteView payload, size_t pos,
                                              uint8_t bits, uint16_t value) {
  if (bits == 15) {
    if (pos >= payload.size() || payload.size() - pos < 2) return std::nullopt;
    value &= 0x7fff;
    base::StoreBe16(&payload[pos], static_cast<uint16_t>(0x8000 | value));
    return value;
  }
  if (pos >= payload.size()) return std::nullopt;
  value &= 0x7f;
  payload[pos] = static_cast<uint8_t>(value);
  return value;
}

// The width a serializer uses: the recorded one, or the short form when the value fits.
inline uint8_t PictureIdBitsFor(uint8_t recordedBits, uint16_t value) {
  if (recordedBits == 15 || recordedBits == 7) return recordedBits;
  return value > 0x7f ? 15 : 7;
}

}  // namespace weir::proto::codecs
