#include "engine/dtls/dtls_fingerprint.hpp"

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <cctype>

namespace weir::engine {

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The DER digest of a certificate; false if OpenSSL refuses.
bool Digest(X509* certificate, const EVP_MD* md, std::vector<uint8_t>* out) {
  unsigned char buffer[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (certificate == nullptr || X509_digest(certificate, md, buffer, &length) != 1) return false;
  out->assign(buffer, buffer + length);
  return true;
}

}  // namespace

const EVP_MD* FingerprintDigest(std::string_view algorithm) {
  std::string name(algorithm);
  for (char& c : name)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (name == "sha-1") return EVP_sha1();
  if (name == "sha-224") return EVP_sha224();
  if (name == "sha-256") return EVP_sha256();
  if (name == "sha-384") return EVP_sha384();
  if (name == "sha-512") return EVP_sha512();
  return nullptr;
}

std::string FormatFingerprint(base::ByteView digest) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(digest.size() * 3);
  for (size_t i = 0; i < digest.size(); ++i) {
    if (i != 0) out.push_back(':');
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 0x0f]);
  }
  return out;
}

std::optional<std::vector<uint8_t>> ParseFingerprint(std::string_view value) {
  // Two hex digits per byte and one colon between bytes: 3n - 1 characters.
  if (value.size() < 2 || (value.size() + 1) % 3 != 0) return std::nullopt;
  std::vector<uint8_t> bytes;
  bytes.reserve((value.size() + 1) / 3);
  for (size_t i = 0; i < value.size(); i += 3) {
    int high = HexValue(value[i]);
    int low = HexValue(value[i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    if (i + 2 < value.size() && value[i + 2] != ':') return std::nullopt;
    bytes.push_back(static_cast<uint8_t>((high << 4) | low));
  }
  return bytes;
}

std::optional<std::string> CertificateFingerprint(X509* certificate, std::string_view algorithm) {
  const EVP_MD* md = FingerprintDigest(algorithm);
  std::vector<uint8_t> digest;
  if (md == nullptr || !Digest(certificate, md, &digest)) return std::nullopt;
  return FormatFingerprint(digest);
}

bool CertificateMatchesFingerprint(X509* certificate, std::string_view algorithm,
                                   std::string_view value) {
  const EVP_MD* md = FingerprintDigest(algorithm);
  auto expected = ParseFingerprint(value);
  std::vector<uint8_t> digest;
  if (md == nullptr || !expected || !Digest(certificate, md, &digest)) return false;
  return digest == *expected;
}

}  // namespace weir::engine
