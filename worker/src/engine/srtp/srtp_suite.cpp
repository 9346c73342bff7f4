#include "engine/srtp/srtp_suite.hpp"

#include <array>

namespace weir::engine {

namespace {

struct SuiteInfo {
  SrtpSuite suite;
  std::string_view name;
  SrtpKeySizes sizes;
};

// RFC 7714 section 12 (GCM: 12-byte salt); RFC 3711 (AES-CM: 14-byte salt).
constexpr std::array<SuiteInfo, 4> kSuites = {{
    {SrtpSuite::kAeadAes256Gcm, "AEAD_AES_256_GCM", {32, 12}},
    {SrtpSuite::kAeadAes128Gcm, "AEAD_AES_128_GCM", {16, 12}},
    {SrtpSuite::kAesCm128HmacSha1_80, "AES_CM_128_HMAC_SHA1_80", {16, 14}},
    {SrtpSuite::kAesCm128HmacSha1_32, "AES_CM_128_HMAC_SHA1_32", {16, 14}},
}};

}  // namespace

SrtpKeySizes KeySizes(SrtpSuite suite) {
  return kSuites[static_cast<size_t>(suite)].sizes;
}

std::string_view SrtpSuiteName(SrtpSuite suite) {
  return kSuites[static_cast<size_t>(suite)].name;
}

std::optional<SrtpSuite> ParseSrtpSuite(std::string_view name) {
  for (const auto& info : kSuites) {
    if (info.name == name) return info.suite;
  }
  return std::nullopt;
}

}  // namespace weir::engine
