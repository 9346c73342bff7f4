#pragma once

// SRTP crypto suites Weir supports (RFC 4568 / RFC 7714 names), their key material sizes, and
// their names on the channel ("AES_CM_128_HMAC_SHA1_80", ...).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace weir::engine {

enum class SrtpSuite : uint8_t {
  kAeadAes256Gcm,
  kAeadAes128Gcm,
  kAesCm128HmacSha1_80,
  kAesCm128HmacSha1_32,
};

struct SrtpKeySizes {
  size_t key;
  size_t salt;
  size_t total() const { return key + salt; }
};

SrtpKeySizes KeySizes(SrtpSuite suite);
std::string_view SrtpSuiteName(SrtpSuite suite);
std::optional<SrtpSuite> ParseSrtpSuite(std::string_view name);

// Room an outgoing buffer needs beyond the packet for the SRTP/SRTCP trailer (tag, SRTCP index).
inline constexpr size_t kSrtpMaxTrailer = 16 + 4 + 4;

}  // namespace weir::engine
