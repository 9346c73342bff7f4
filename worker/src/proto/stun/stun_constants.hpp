#pragma once

// Wire constants of STUN (RFC 8489, which obsoletes RFC 5389) and the ICE attributes of
// RFC 8445 section 16. Attribute types below 0x8000 are comprehension-required (RFC 8489 14):
// an agent that does not understand one must reject the request with 420.

#include <array>
#include <cstddef>
#include <cstdint>

namespace weir::proto::stun {

inline constexpr uint32_t kMagicCookie = 0x2112A442;
inline constexpr size_t kHeaderSize = 20;
inline constexpr size_t kAttributeHeaderSize = 4;
inline constexpr size_t kTransactionIdSize = 12;

// RFC 8489 5: 96 bits chosen by the client, echoed in the response.
using TransactionId = std::array<uint8_t, kTransactionIdSize>;

// RFC 8489 5: the two class bits C1 C0, interleaved with the method bits in the message type.
enum class StunClass : uint8_t {
  kRequest = 0,
  kIndication = 1,
  kSuccessResponse = 2,
  kErrorResponse = 3,
};

namespace method {
inline constexpr uint16_t kBinding = 0x001;
}  // namespace method

namespace attr {
// RFC 8489 18.3.1 (comprehension-required).
inline constexpr uint16_t kMappedAddress = 0x0001;
inline constexpr uint16_t kUsername = 0x0006;
inline constexpr uint16_t kMessageIntegrity = 0x0008;
inline constexpr uint16_t kErrorCode = 0x0009;
inline constexpr uint16_t kUnknownAttributes = 0x000A;
inline constexpr uint16_t kRealm = 0x0014;
inline constexpr uint16_t kNonce = 0x0015;
inline constexpr uint16_t kMessageIntegritySha256 = 0x001C;
inline constexpr uint16_t kPasswordAlgorithm = 0x001D;
inline constexpr uint16_t kUserhash = 0x001E;
inline constexpr uint16_t kXorMappedAddress = 0x0020;
// RFC 8445 16.1 (comprehension-required).
inline constexpr uint16_t kPriority = 0x0024;
inline constexpr uint16_t kUseCandidate = 0x0025;
// RFC 8489 18.3.2 (comprehension-optional).
inline constexpr uint16_t kPasswordAlgorithms = 0x8002;
inline constexpr uint16_t kAlternateDomain = 0x8003;
inline constexpr uint16_t kSoftware = 0x8022;
inline constexpr uint16_t kAlternateServer = 0x8023;
inline constexpr uint16_t kFingerprint = 0x8028;
// RFC 8445 16.1 (comprehension-optional).
inline constexpr uint16_t kIceControlled = 0x8029;
inline constexpr uint16_t kIceControlling = 0x802A;
// draft-thatcher-ice-renomination: a 24-bit nomination value (Chromium's renomination).
inline constexpr uint16_t kNomination = 0xC001;

constexpr bool IsComprehensionRequired(uint16_t type) {
  return type < 0x8000;
}
}  // namespace attr

namespace error {
// RFC 8489 14.8 and RFC 8445 7.3.1.1.
inline constexpr uint16_t kBadRequest = 400;
inline constexpr uint16_t kUnauthorized = 401;
inline constexpr uint16_t kUnknownAttribute = 420;
inline constexpr uint16_t kStaleNonce = 438;
inline constexpr uint16_t kRoleConflict = 487;
inline constexpr uint16_t kServerError = 500;
}  // namespace error

// RFC 8489 14.8: FINGERPRINT is CRC-32 of the message up to it, xored with this ("STUN").
inline constexpr uint32_t kFingerprintXor = 0x5354554E;

// Attribute value sizes (RFC 8489 14, RFC 8445 16.1).
inline constexpr size_t kMessageIntegritySize = 20;
inline constexpr size_t kFingerprintSize = 4;
inline constexpr size_t kMaxUsernameSize = 513;
inline constexpr size_t kMaxTextSize = 763;  // REALM, NONCE, SOFTWARE, ERROR-CODE reason.

// The message type: method bits M11..M0 with the class bits at positions 4 and 8.
constexpr uint16_t MessageType(StunClass cls, uint16_t method) {
  uint16_t c = static_cast<uint16_t>(cls);
  return static_cast<uint16_t>((method & 0x000F) | ((method & 0x0070) << 1) |
                               ((method & 0x0F80) << 2) | ((c & 1) << 4) | ((c & 2) << 7));
}
constexpr StunClass ClassOf(uint16_t type) {
  return static_cast<StunClass>(((type >> 4) & 1) | ((type >> 7) & 2));
}
constexpr uint16_t MethodOf(uint16_t type) {
  return static_cast<uint16_t>((type & 0x000F) | ((type >> 1) & 0x0070) | ((type >> 2) & 0x0F80));
}

}  // namespace weir::proto::stun
