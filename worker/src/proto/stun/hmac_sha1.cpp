// The SHA1_* functions are deprecated in OpenSSL 3.0 in favour of EVP, which allocates per
// call (see the header). They remain available in every 3.x release.
#define OPENSSL_SUPPRESS_DEPRECATED

#include "proto/stun/hmac_sha1.hpp"

#include <cstring>

#include <openssl/crypto.h>

namespace weir::proto::stun {
namespace {

constexpr size_t kBlockSize = 64;  // SHA-1 block, RFC 2104 "B".

}  // namespace

HmacSha1Key::HmacSha1Key(std::string_view key)
    : HmacSha1Key(base::ByteView(reinterpret_cast<const uint8_t*>(key.data()), key.size())) {}

HmacSha1Key::HmacSha1Key(base::ByteView key) {
  // RFC 2104 2: keys longer than the block are hashed first; shorter ones are zero-padded.
  uint8_t block[kBlockSize] = {};
  if (key.size() > kBlockSize) {
    SHA_CTX ctx;
    SHA1_Init(&ctx);
    SHA1_Update(&ctx, key.data(), key.size());
    SHA1_Final(block, &ctx);
  } else if (!key.empty()) {
    std::memcpy(block, key.data(), key.size());
  }
  uint8_t pad[kBlockSize];
  for (size_t i = 0; i < kBlockSize; ++i)
    pad[i] = block[i] ^ 0x36;
  SHA1_Init(&inner_);
  SHA1_Update(&inner_, pad, kBlockSize);
  for (size_t i = 0; i < kBlockSize; ++i)
    pad[i] = block[i] ^ 0x5C;
  SHA1_Init(&outer_);
  SHA1_Update(&outer_, pad, kBlockSize);
  OPENSSL_cleanse(block, sizeof(block));
  OPENSSL_cleanse(pad, sizeof(pad));
}

HmacSha1Key::~HmacSha1Key() {
  OPENSSL_cleanse(&inner_, sizeof(inner_));
  OPENSSL_cleanse(&outer_, sizeof(outer_));
}

HmacSha1Key::Digest HmacSha1Key::Compute(base::ByteView first, base::ByteView second) const {
  Digest innerDigest;
  SHA_CTX ctx = inner_;
  if (!first.empty()) SHA1_Update(&ctx, first.data(), first.size());
  if (!second.empty()) SHA1_Update(&ctx, second.data(), second.size());
  SHA1_Final(innerDigest.data(), &ctx);
  Digest out;
  ctx = outer_;
  SHA1_Update(&ctx, innerDigest.data(), innerDigest.size());
  SHA1_Final(out.data(), &ctx);
  return out;
}

}  // namespace weir::proto::stun
