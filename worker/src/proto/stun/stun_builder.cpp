#include "proto/stun/stun_builder.hpp"

#include <cstring>

#include "proto/stun/crc32.hpp"

namespace weir::proto::stun {

StunBuilder::StunBuilder(base::MutableByteView out, StunClass cls, uint16_t method,
                         const TransactionId& tid)
    : writer_(out), tid_(tid) {
  if (method > 0x0FFF) failed_ = true;  // RFC 8489 5: 12 method bits.
  writer_.U16(MessageType(cls, method));
  writer_.U16(0);
  writer_.U32(kMagicCookie);
  writer_.Bytes(tid);
}

uint8_t* StunBuilder::BeginAttribute(uint16_t type, size_t size) {
  if (hasFingerprint_ || size > 0xFFFF) failed_ = true;
  // Only FINGERPRINT may follow MESSAGE-INTEGRITY in what we send (RFC 8489 14.5).
  if (hasIntegrity_ && type != attr::kFingerprint) failed_ = true;
  if (!ok()) return nullptr;
  writer_.U16(type);
  writer_.U16(static_cast<uint16_t>(size));
  size_t pad = base::PadTo4(size);
  size_t at = writer_.Skip(size + pad);
  if (!writer_.ok()) return nullptr;
  std::memset(writer_.At(at + size), padding_, pad);
  // RFC 8489 14.5/14.7: each step sees the length as if this were the last attribute.
  UpdateLength();
  return writer_.At(at);
}

void StunBuilder::UpdateLength() {
  base::StoreBe16(writer_.At(2), static_cast<uint16_t>(writer_.size() - kHeaderSize));
}

void StunBuilder::AddAttribute(uint16_t type, base::ByteView value) {
  uint8_t* p = BeginAttribute(type, value.size());
  if (p != nullptr && !value.empty()) std::memcpy(p, value.data(), value.size());
}

void StunBuilder::AddString(uint16_t type, std::string_view value) {
  AddAttribute(type, base::ByteView(reinterpret_cast<const uint8_t*>(value.data()), value.size()));
}

void StunBuilder::AddUint32(uint16_t type, uint32_t value) {
  if (uint8_t* p = BeginAttribute(type, 4)) base::StoreBe32(p, value);
}

void StunBuilder::AddUint64(uint16_t type, uint64_t value) {
  if (uint8_t* p = BeginAttribute(type, 8)) base::StoreBe64(p, value);
}

void StunBuilder::AddXorAddress(uint16_t type, const StunAddress& address) {
  if (uint8_t* p = BeginAttribute(type, address.value_size())) EncodeXorAddress(address, tid_, p);
}

void StunBuilder::AddErrorCode(uint16_t code, std::string_view reason) {
  if (code < 300 || code > 699 || reason.size() > kMaxTextSize) {
    failed_ = true;
    return;
  }
  if (uint8_t* p = BeginAttribute(attr::kErrorCode, 4 + reason.size())) {
    p[0] = 0;
    p[1] = 0;
    p[2] = static_cast<uint8_t>(code / 100);
    p[3] = static_cast<uint8_t>(code % 100);
    if (!reason.empty()) std::memcpy(p + 4, reason.data(), reason.size());
  }
}

void StunBuilder::AddUnknownAttributes(std::span<const uint16_t> types) {
  if (uint8_t* p = BeginAttribute(attr::kUnknownAttributes, types.size() * 2)) {
    for (size_t i = 0; i < types.size(); ++i)
      base::StoreBe16(p + 2 * i, types[i]);
  }
}

void StunBuilder::AddMessageIntegrity(const HmacSha1Key& key) {
  if (hasIntegrity_) failed_ = true;
  uint8_t* p = BeginAttribute(attr::kMessageIntegrity, kMessageIntegritySize);
  if (p == nullptr) return;
  hasIntegrity_ = true;
  // The header already carries the final length (BeginAttribute updated it); the MAC covers
  // everything before this attribute.
  size_t macOffset = static_cast<size_t>(p - writer_.At(0));
  auto mac = key.Compute(writer_.written().first(macOffset - kAttributeHeaderSize));
  std::memcpy(p, mac.data(), mac.size());
}

void StunBuilder::AddFingerprint() {
  uint8_t* p = BeginAttribute(attr::kFingerprint, kFingerprintSize);
  if (p == nullptr) return;
  hasFingerprint_ = true;
  size_t fpOffset = static_cast<size_t>(p - writer_.At(0)) - kAttributeHeaderSize;
  base::StoreBe32(p, Crc32(writer_.written().first(fpOffset)) ^ kFingerprintXor);
}

}  // namespace weir::proto::stun
