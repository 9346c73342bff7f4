#include "proto/stun/stun_message.hpp"

#include <algorithm>
#include <cstring>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "proto/stun/crc32.hpp"

namespace weir::proto::stun {
namespace {

std::string_view AsText(base::ByteView v) {
  return {reinterpret_cast<const char*>(v.data()), v.size()};
}

// Where integrity and fingerprint attributes put the parser (RFC 8489 14.5-14.7).
enum class Stage : uint8_t { kOpen, kAfterIntegrity, kAfterIntegritySha256, kAfterFingerprint };

}  // namespace

std::optional<StunMessage::Known> StunMessage::KnownIndex(uint16_t type) {
  switch (type) {
    case attr::kUsername:
      return Known::kUsername;
    case attr::kMessageIntegrity:
      return Known::kMessageIntegrity;
    case attr::kMessageIntegritySha256:
      return Known::kMessageIntegritySha256;
    case attr::kFingerprint:
      return Known::kFingerprint;
    case attr::kXorMappedAddress:
      return Known::kXorMappedAddress;
    case attr::kPriority:
      return Known::kPriority;
    case attr::kUseCandidate:
      return Known::kUseCandidate;
    case attr::kIceControlling:
      return Known::kIceControlling;
    case attr::kIceControlled:
      return Known::kIceControlled;
    case attr::kErrorCode:
      return Known::kErrorCode;
    case attr::kNomination:
      return Known::kNomination;
    case attr::kSoftware:
      return Known::kSoftware;
    case attr::kRealm:
      return Known::kRealm;
    case attr::kNonce:
      return Known::kNonce;
    case attr::kUnknownAttributes:
      return Known::kUnknownAttributes;
    default:
      return std::nullopt;
  }
}

bool StunMessage::ValidValue(Known known, base::ByteView value) {
  size_t n = value.size();
  switch (known) {
    case Known::kUsername:
      return n <= kMaxUsernameSize;  // RFC 8489 14.3
    case Known::kMessageIntegrity:
      return n == kMessageIntegritySize;
    case Known::kMessageIntegritySha256:
      return n >= 16 && n <= 32 && n % 4 == 0;  // 14.6
    case Known::kFingerprint:
      return n == kFingerprintSize;
    case Known::kXorMappedAddress:
      return n >= 2 && ((value[1] == 0x01 && n == 8) || (value[1] == 0x02 && n == 20));
    case Known::kPriority:
      return n == 4;  // RFC 8445 16.1
    case Known::kUseCandidate:
      return n == 0;
    case Known::kIceControlling:
    case Known::kIceControlled:
      return n == 8;
    case Known::kNomination:
      return n == 4;
    case Known::kErrorCode: {
      // RFC 8489 14.8: 21 reserved bits, a class of 3..6, a number of 0..99, then the reason.
      if (n < 4 || n > 4 + kMaxTextSize) return false;
      uint8_t cls = value[2] & 0x07;
      return cls >= 3 && cls <= 6 && value[3] <= 99;
    }
    case Known::kSoftware:
    case Known::kRealm:
    case Known::kNonce:
      return n <= kMaxTextSize;
    case Known::kUnknownAttributes:
      return n % 2 == 0;  // RFC 8489 14.9
    case Known::kCount:
      break;
  }
  return false;
}

std::optional<StunMessage> StunMessage::Parse(base::ByteView data) {
  // RFC 8489 6: the two most significant bits are 0, the cookie is fixed, and the length
  // counts the attributes, always padded to 4 bytes. Over UDP the datagram is one message.
  if (data.size() < kHeaderSize) return std::nullopt;
  if ((data[0] & 0xC0) != 0) return std::nullopt;
  size_t length = base::LoadBe16(&data[2]);
  if (length % 4 != 0 || kHeaderSize + length != data.size()) return std::nullopt;
  if (base::LoadBe32(&data[4]) != kMagicCookie) return std::nullopt;

  StunMessage msg(data);
  Stage stage = Stage::kOpen;
  size_t pos = kHeaderSize;
  while (pos < data.size()) {
    if (data.size() - pos < kAttributeHeaderSize) return std::nullopt;
    uint16_t type = base::LoadBe16(&data[pos]);
    size_t valueSize = base::LoadBe16(&data[pos + 2]);
    size_t padded = valueSize + base::PadTo4(valueSize);
    if (data.size() - pos - kAttributeHeaderSize < padded) return std::nullopt;
    // RFC 8489 14.7: FINGERPRINT is the last attribute; anything after it is malformed.
    if (stage == Stage::kAfterFingerprint) return std::nullopt;
    base::ByteView value = data.subspan(pos + kAttributeHeaderSize, valueSize);

    bool counts = stage == Stage::kOpen || type == attr::kFingerprint ||
                  (stage == Stage::kAfterIntegrity && type == attr::kMessageIntegritySha256);
    if (counts) {
      auto known = KnownIndex(type);
      if (known) {
        if (!ValidValue(*known, value)) return std::nullopt;
        auto& slot = msg.offsets_[static_cast<size_t>(*known)];
        if (slot == 0) slot = static_cast<uint32_t>(pos);
        if (type == attr::kMessageIntegrity) stage = Stage::kAfterIntegrity;
        if (type == attr::kMessageIntegritySha256) stage = Stage::kAfterIntegritySha256;
        if (type == attr::kFingerprint) stage = Stage::kAfterFingerprint;
      } else if (attr::IsComprehensionRequired(type)) {
        msg.AddUnknown(type);
      }
    }
    pos += kAttributeHeaderSize + padded;
  }
  return msg;
}

void StunMessage::AddUnknown(uint16_t type) {
  auto begin = unknown_.begin();
  if (std::find(begin, begin + unknownCount_, type) != begin + unknownCount_) return;
  if (unknownCount_ < kMaxUnknownAttributes) unknown_[unknownCount_++] = type;
}

TransactionId StunMessage::transaction_id() const {
  TransactionId tid;
  std::memcpy(tid.data(), &data_[8], tid.size());
  return tid;
}

base::ByteView StunMessage::Value(Known k) const {
  uint32_t off = Offset(k);
  return data_.subspan(off + kAttributeHeaderSize, base::LoadBe16(&data_[off + 2]));
}

std::optional<std::string_view> StunMessage::Text(Known k) const {
  if (!Has(k)) return std::nullopt;
  return AsText(Value(k));
}

std::optional<uint32_t> StunMessage::priority() const {
  if (!Has(Known::kPriority)) return std::nullopt;
  return base::LoadBe32(Value(Known::kPriority).data());
}

std::optional<uint64_t> StunMessage::ice_controlling() const {
  if (!Has(Known::kIceControlling)) return std::nullopt;
  return base::LoadBe64(Value(Known::kIceControlling).data());
}

std::optional<uint64_t> StunMessage::ice_controlled() const {
  if (!Has(Known::kIceControlled)) return std::nullopt;
  return base::LoadBe64(Value(Known::kIceControlled).data());
}

std::optional<uint32_t> StunMessage::nomination() const {
  if (!Has(Known::kNomination)) return std::nullopt;
  return base::LoadBe32(Value(Known::kNomination).data()) & 0x00FFFFFF;
}

std::optional<StunErrorCode> StunMessage::error_code() const {
  if (!Has(Known::kErrorCode)) return std::nullopt;
  base::ByteView v = Value(Known::kErrorCode);
  StunErrorCode out;
  out.code = static_cast<uint16_t>((v[2] & 0x07) * 100 + v[3]);
  out.reason = AsText(v.subspan(4));
  return out;
}

std::optional<StunAddress> StunMessage::xor_mapped_address() const {
  if (!Has(Known::kXorMappedAddress)) return std::nullopt;
  return DecodeXorAddress(Value(Known::kXorMappedAddress), transaction_id());
}

size_t StunMessage::ReadUnknownAttributes(std::span<uint16_t> out) const {
  if (!Has(Known::kUnknownAttributes)) return 0;
  base::ByteView v = Value(Known::kUnknownAttributes);
  size_t n = std::min(out.size(), v.size() / 2);
  for (size_t i = 0; i < n; ++i)
    out[i] = base::LoadBe16(&v[2 * i]);
  return n;
}

std::optional<base::ByteView> StunMessage::FindAttribute(uint16_t type) const {
  if (auto known = KnownIndex(type)) {
    if (!Has(*known)) return std::nullopt;
    return Value(*known);
  }
  // Unknown types are not indexed; walk the (already validated) attributes, stopping at
  // MESSAGE-INTEGRITY(-SHA256) like Parse() does, since nothing unknown counts after them.
  size_t pos = kHeaderSize;
  while (pos < data_.size()) {
    uint16_t t = base::LoadBe16(&data_[pos]);
    size_t n = base::LoadBe16(&data_[pos + 2]);
    if (t == type) return data_.subspan(pos + kAttributeHeaderSize, n);
    if (t == attr::kMessageIntegrity || t == attr::kMessageIntegritySha256) break;
    pos += kAttributeHeaderSize + n + base::PadTo4(n);
  }
  return std::nullopt;
}

bool StunMessage::CheckMessageIntegrity(std::string_view key) const {
  if (!has_message_integrity()) return false;
  return CheckMessageIntegrity(HmacSha1Key(key));
}

bool StunMessage::CheckMessageIntegrity(base::ByteView key) const {
  if (!has_message_integrity()) return false;
  return CheckMessageIntegrity(HmacSha1Key(key));
}

bool StunMessage::CheckMessageIntegrity(const HmacSha1Key& key) const {
  if (!has_message_integrity()) return false;
  uint32_t off = Offset(Known::kMessageIntegrity);
  // RFC 8489 14.5: the length field covers everything up to and including MESSAGE-INTEGRITY,
  // as if it were the last attribute; the hash covers the header and what precedes it.
  uint8_t header[kHeaderSize];
  std::memcpy(header, data_.data(), kHeaderSize);
  base::StoreBe16(&header[2], static_cast<uint16_t>(off - kHeaderSize + kAttributeHeaderSize +
                                                    kMessageIntegritySize));
  auto mac = key.Compute(base::ByteView(header, kHeaderSize),
                         data_.subspan(kHeaderSize, off - kHeaderSize));
  base::ByteView expected = Value(Known::kMessageIntegrity);
  return CRYPTO_memcmp(mac.data(), expected.data(), mac.size()) == 0;
}

bool StunMessage::CheckMessageIntegritySha256(std::string_view key) const {
  if (!has_message_integrity_sha256()) return false;
  uint32_t off = Offset(Known::kMessageIntegritySha256);
  base::ByteView expected = Value(Known::kMessageIntegritySha256);
  uint8_t header[kHeaderSize];
  std::memcpy(header, data_.data(), kHeaderSize);
  base::StoreBe16(&header[2], static_cast<uint16_t>(off - kHeaderSize + kAttributeHeaderSize +
                                                    expected.size()));
  uint8_t mac[EVP_MAX_MD_SIZE];
  size_t macSize = 0;
  EVP_MAC* hmac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  if (hmac == nullptr) return false;
  EVP_MAC_CTX* ctx = EVP_MAC_CTX_new(hmac);
  bool ok = false;
  if (ctx != nullptr) {
    char digest[] = "SHA256";
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string("digest", digest, 0),
                           OSSL_PARAM_construct_end()};
    ok = EVP_MAC_init(ctx, reinterpret_cast<const uint8_t*>(key.data()), key.size(), params) &&
         EVP_MAC_update(ctx, header, kHeaderSize) &&
         EVP_MAC_update(ctx, data_.data() + kHeaderSize, off - kHeaderSize) &&
         EVP_MAC_final(ctx, mac, &macSize, sizeof(mac));
  }
  EVP_MAC_CTX_free(ctx);
  EVP_MAC_free(hmac);
  return ok && macSize >= expected.size() &&
         CRYPTO_memcmp(mac, expected.data(), expected.size()) == 0;
}

bool StunMessage::CheckFingerprint() const {
  if (!has_fingerprint()) return false;
  uint32_t off = Offset(Known::kFingerprint);
  // FINGERPRINT is last, so the header length already ends just after it (RFC 8489 14.7).
  uint32_t crc = Crc32(data_.first(off)) ^ kFingerprintXor;
  return crc == base::LoadBe32(Value(Known::kFingerprint).data());
}

std::array<uint8_t, 16> LongTermKey(std::string_view username, std::string_view realm,
                                    std::string_view password) {
  std::array<uint8_t, 16> key{};
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  unsigned int size = 0;
  if (ctx != nullptr && EVP_DigestInit_ex(ctx, EVP_md5(), nullptr) &&
      EVP_DigestUpdate(ctx, username.data(), username.size()) && EVP_DigestUpdate(ctx, ":", 1) &&
      EVP_DigestUpdate(ctx, realm.data(), realm.size()) && EVP_DigestUpdate(ctx, ":", 1) &&
      EVP_DigestUpdate(ctx, password.data(), password.size())) {
    EVP_DigestFinal_ex(ctx, key.data(), &size);
  }
  EVP_MD_CTX_free(ctx);
  return key;
}

}  // namespace weir::proto::stun
