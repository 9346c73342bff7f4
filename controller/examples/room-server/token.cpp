#include "token.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <charconv>
#include <vector>

#include "ids.hpp"
#include "text.hpp"

namespace weir::room {
namespace {

constexpr size_t kSignatureHexLength = 64;  // SHA-256: 32 bytes
constexpr size_t kMaxExpiryDigits = 18;     // fits int64_t with room to spare

std::string Hex(const unsigned char* data, size_t size) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (size_t i = 0; i < size; ++i) {
    out.push_back(kHex[data[i] >> 4]);
    out.push_back(kHex[data[i] & 0xf]);
  }
  return out;
}

}  // namespace

std::string TokenSignature(std::string_view secret, std::string_view roomId,
                           std::string_view peerId, int64_t expiry) {
  std::string message = Concat({roomId, "\n", peerId, "\n", std::to_string(expiry)});
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int macLength = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &macLength);
  return Hex(mac, macLength);
}

std::string MakeToken(std::string_view secret, std::string_view roomId, std::string_view peerId,
                      int64_t expiry) {
  return Concat(
      {peerId, ".", std::to_string(expiry), ".", TokenSignature(secret, roomId, peerId, expiry)});
}

absl::StatusOr<std::string> VerifyToken(std::string_view secret, std::string_view roomId,
                                        std::string_view token, int64_t now) {
  std::vector<std::string_view> parts;
  for (size_t start = 0;;) {
    size_t dot = token.find('.', start);
    parts.push_back(token.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (parts.size() != 3) {
    return absl::InvalidArgumentError("token must be <peerId>.<expiry>.<signature>");
  }
  std::string_view peerId = parts[0];
  std::string_view expiryText = parts[1];
  std::string_view signature = parts[2];
  if (!IsValidId(peerId)) return absl::InvalidArgumentError("token has an invalid peer id");
  int64_t expiry = 0;
  auto [end, ec] =
      std::from_chars(expiryText.data(), expiryText.data() + expiryText.size(), expiry);
  if (expiryText.empty() || expiryText.size() > kMaxExpiryDigits || expiryText[0] == '-' ||
      ec != std::errc() || end != expiryText.data() + expiryText.size()) {
    return absl::InvalidArgumentError("token has an invalid expiry");
  }
  if (signature.size() != kSignatureHexLength) {
    return absl::InvalidArgumentError("token has an invalid signature");
  }
  std::string expected = TokenSignature(secret, roomId, peerId, expiry);
  // Constant time: the comparison must not tell an attacker how many leading digits were right.
  if (CRYPTO_memcmp(expected.data(), signature.data(), kSignatureHexLength) != 0) {
    return absl::PermissionDeniedError("token signature does not match (wrong room or secret)");
  }
  if (expiry <= now) return absl::DeadlineExceededError("token has expired");
  return std::string(peerId);
}

}  // namespace weir::room
