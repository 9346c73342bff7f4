#pragma once

// Writes one STUN message into a caller buffer (RFC 8489 5, 14), without allocating: the
// header first, then attributes in the order they are added, then optionally
// MESSAGE-INTEGRITY and FINGERPRINT, which must come last and in that order. The header length
// is kept current after every attribute, so the integrity and fingerprint computations see
// the length RFC 8489 14.5/14.7 require.
//
// Errors (the buffer is too small, an attribute after FINGERPRINT, an oversized value) are
// sticky and reported once by Finish(), which then returns 0.

#include <cstdint>
#include <span>
#include <string_view>

#include "base/buffer_writer.hpp"
#include "base/bytes.hpp"
#include "proto/stun/hmac_sha1.hpp"
#include "proto/stun/stun_address.hpp"
#include "proto/stun/stun_constants.hpp"

namespace weir::proto::stun {

class StunBuilder {
 public:
  StunBuilder(base::MutableByteView out, StunClass cls, uint16_t method, const TransactionId& tid);

  // The value of padding bytes (RFC 8489 14: any value, ignored by receivers). 0 by default;
  // RFC 5769's vectors use 0x20, which lets tests rebuild them byte for byte.
  void SetPaddingByte(uint8_t value) { padding_ = value; }

  void AddAttribute(uint16_t type, base::ByteView value);
  void AddString(uint16_t type, std::string_view value);
  void AddUint32(uint16_t type, uint32_t value);
  void AddUint64(uint16_t type, uint64_t value);
  void AddEmpty(uint16_t type) { AddAttribute(type, {}); }  // USE-CANDIDATE
  void AddXorAddress(uint16_t type, const StunAddress& address);
  // RFC 8489 14.8: code 300..699.
  void AddErrorCode(uint16_t code, std::string_view reason);
  // RFC 8489 14.9: the list a 420 response carries.
  void AddUnknownAttributes(std::span<const uint16_t> types);

  // RFC 8489 14.5. After it only FINGERPRINT may be added.
  void AddMessageIntegrity(const HmacSha1Key& key);
  // RFC 8489 14.7. Nothing may follow it.
  void AddFingerprint();

  // The size of the finished message, or 0 if anything failed.
  size_t Finish() const { return ok() ? writer_.size() : 0; }
  bool ok() const { return writer_.ok() && !failed_; }
  base::ByteView written() const { return writer_.written(); }

 private:
  // Writes a type/length header and reserves the padded value; returns the value's offset,
  // or nothing (and marks the builder failed).
  uint8_t* BeginAttribute(uint16_t type, size_t size);
  void UpdateLength();

  base::BufferWriter writer_;
  TransactionId tid_;
  uint8_t padding_ = 0;
  bool failed_ = false;
  bool hasIntegrity_ = false;
  bool hasFingerprint_ = false;
};

}  // namespace weir::proto::stun
