#pragma once

// A zero-copy view of one STUN message (RFC 8489 5-6, 14; ICE attributes RFC 8445 16.1).
//
// Parse() validates the framing once: header (top two bits zero, magic cookie, length a
// multiple of 4 that matches the datagram exactly), every attribute inside the message with
// its padding, the value sizes of the attributes it knows, and FINGERPRINT last. It records
// where each known attribute sits (first occurrence wins, RFC 8489 14) so the accessors are
// cheap, and collects unknown comprehension-required types (up to a fixed count) for a 420
// answer. Nothing is copied and nothing is allocated: the view borrows the caller's buffer.
//
// Attributes after MESSAGE-INTEGRITY are ignored except MESSAGE-INTEGRITY-SHA256 and
// FINGERPRINT (RFC 8489 14.5/14.6); after MESSAGE-INTEGRITY-SHA256 only FINGERPRINT counts.

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "base/bytes.hpp"
#include "proto/stun/hmac_sha1.hpp"
#include "proto/stun/stun_address.hpp"
#include "proto/stun/stun_constants.hpp"

namespace weir::proto::stun {

// RFC 8489 14.8: the code is class * 100 + number, class 3..6, number 0..99.
struct StunErrorCode {
  uint16_t code = 0;
  std::string_view reason;  // UTF-8, borrowed from the message.
};

class StunMessage {
 public:
  static constexpr size_t kMaxUnknownAttributes = 8;

  static std::optional<StunMessage> Parse(base::ByteView data);

  base::ByteView data() const { return data_; }
  size_t size() const { return data_.size(); }
  uint16_t type() const { return base::LoadBe16(data_.data()); }
  StunClass message_class() const { return ClassOf(type()); }
  uint16_t method() const { return MethodOf(type()); }
  TransactionId transaction_id() const;
  base::ByteView transaction_id_view() const { return data_.subspan(8, kTransactionIdSize); }
  bool IsBindingRequest() const {
    return method() == method::kBinding && message_class() == StunClass::kRequest;
  }

  std::optional<std::string_view> username() const { return Text(Known::kUsername); }
  std::optional<std::string_view> software() const { return Text(Known::kSoftware); }
  std::optional<std::string_view> realm() const { return Text(Known::kRealm); }
  std::optional<std::string_view> nonce() const { return Text(Known::kNonce); }
  std::optional<uint32_t> priority() const;
  bool use_candidate() const { return Has(Known::kUseCandidate); }
  std::optional<uint64_t> ice_controlling() const;
  std::optional<uint64_t> ice_controlled() const;
  // draft-thatcher-ice-renomination: the low 24 bits of the value.
  std::optional<uint32_t> nomination() const;
  std::optional<StunErrorCode> error_code() const;
  std::optional<StunAddress> xor_mapped_address() const;
  // The types listed in an UNKNOWN-ATTRIBUTES attribute (in a 420 response); returns how many
  // were written to out (at most out.size()).
  size_t ReadUnknownAttributes(std::span<uint16_t> out) const;

  bool has_message_integrity() const { return Has(Known::kMessageIntegrity); }
  bool has_message_integrity_sha256() const { return Has(Known::kMessageIntegritySha256); }
  bool has_fingerprint() const { return Has(Known::kFingerprint); }

  // Comprehension-required attribute types (< 0x8000) this parser does not know, deduplicated,
  // in order of appearance; at most kMaxUnknownAttributes are kept.
  std::span<const uint16_t> unknown_comprehension_required() const {
    return {unknown_.data(), unknownCount_};
  }

  // The value of the first attribute of this type that counts (see the MESSAGE-INTEGRITY
  // rule above), known or not.
  std::optional<base::ByteView> FindAttribute(uint16_t type) const;

  // Calls f(type, value, offset) for every attribute in wire order, including duplicates and
  // the ones the rules above make the parser ignore (for logging, tests and re-serializing).
  template <typename F>
  void ForEachAttribute(F&& f) const {
    size_t pos = kHeaderSize;
    while (pos < data_.size()) {
      uint16_t t = base::LoadBe16(&data_[pos]);
      size_t n = base::LoadBe16(&data_[pos + 2]);
      f(t, data_.subspan(pos + kAttributeHeaderSize, n), pos);
      pos += kAttributeHeaderSize + n + base::PadTo4(n);
    }
  }

  // RFC 8489 14.5: HMAC-SHA1 over the message up to MESSAGE-INTEGRITY, with the header length
  // patched to end just after it. The key is the ICE password (short-term) or the MD5
  // long-term key (see LongTermKey()). False when the attribute is absent. Constant time.
  bool CheckMessageIntegrity(std::string_view key) const;
  bool CheckMessageIntegrity(base::ByteView key) const;
  bool CheckMessageIntegrity(const HmacSha1Key& key) const;
  // RFC 8489 14.6: the same with HMAC-SHA256, possibly truncated (16 to 32 bytes). Not on the
  // hot path (browsers do not send it): OpenSSL's one-shot HMAC, which allocates.
  bool CheckMessageIntegritySha256(std::string_view key) const;
  // RFC 8489 14.7. False when the attribute is absent.
  bool CheckFingerprint() const;

 private:
  // The attributes whose position is recorded at parse time.
  enum class Known : uint8_t {
    kUsername,
    kMessageIntegrity,
    kMessageIntegritySha256,
    kFingerprint,
    kXorMappedAddress,
    kPriority,
    kUseCandidate,
    kIceControlling,
    kIceControlled,
    kErrorCode,
    kNomination,
    kSoftware,
    kRealm,
    kNonce,
    kUnknownAttributes,
    kCount,
  };
  static std::optional<Known> KnownIndex(uint16_t type);
  static bool ValidValue(Known known, base::ByteView value);

  explicit StunMessage(base::ByteView data) : data_(data) {}
  bool Has(Known k) const { return offsets_[static_cast<size_t>(k)] != 0; }
  uint32_t Offset(Known k) const { return offsets_[static_cast<size_t>(k)]; }
  // The value of a recorded attribute (only call when Has()).
  base::ByteView Value(Known k) const;
  std::optional<std::string_view> Text(Known k) const;
  void AddUnknown(uint16_t type);

  base::ByteView data_;
  // Offset of each known attribute's header in data_; 0 (the message header) means absent.
  std::array<uint32_t, static_cast<size_t>(Known::kCount)> offsets_{};
  std::array<uint16_t, kMaxUnknownAttributes> unknown_{};
  uint8_t unknownCount_ = 0;
};

// RFC 8489 9.2.2: the long-term credential key MD5(username ":" realm ":" password), over the
// values as given (already SASLprep/OpaqueString-processed by the caller).
std::array<uint8_t, 16> LongTermKey(std::string_view username, std::string_view realm,
                                    std::string_view password);

}  // namespace weir::proto::stun
