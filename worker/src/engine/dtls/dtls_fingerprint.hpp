#pragma once

// Certificate fingerprints as SDP and the channel carry them (RFC 8122 section 5,
// RFC 5763 section 5): a hash of the DER certificate written as uppercase hex byte pairs joined
// by colons, "AB:CD:...", with the hash named "sha-1", "sha-224", "sha-256", "sha-384" or
// "sha-512".

#include <openssl/types.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/bytes.hpp"

namespace weir::engine {

struct DtlsFingerprint {
  std::string algorithm;  // "sha-256", ...
  std::string value;      // "AB:CD:..."

  bool operator==(const DtlsFingerprint&) const = default;
};

// Every algorithm Weir computes and accepts, strongest last (the order fingerprints are listed).
inline constexpr std::array<std::string_view, 5> kFingerprintAlgorithms = {
    "sha-1", "sha-224", "sha-256", "sha-384", "sha-512"};

// The digest for an algorithm name (case-insensitive, RFC 8122 hash names), or nullptr.
const EVP_MD* FingerprintDigest(std::string_view algorithm);

// "AB:CD:..." for the bytes given.
std::string FormatFingerprint(base::ByteView digest);

// The bytes of an "AB:CD:..." value (either case); nothing if it is malformed or empty.
std::optional<std::vector<uint8_t>> ParseFingerprint(std::string_view value);

// The fingerprint of a certificate with one algorithm; nothing for an unknown algorithm.
std::optional<std::string> CertificateFingerprint(X509* certificate, std::string_view algorithm);

// True when the certificate hashes to `value` (compared as bytes, so case does not matter).
bool CertificateMatchesFingerprint(X509* certificate, std::string_view algorithm,
                                   std::string_view value);

}  // namespace weir::engine
