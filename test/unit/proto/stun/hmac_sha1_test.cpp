#include "proto/stun/hmac_sha1.hpp"

#include <doctest/doctest.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <string>
#include <vector>

#include "rfc5769_vectors.hpp"

namespace weir::proto::stun {
namespace {

using test::Hex;

base::ByteView Bytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

std::vector<uint8_t> ToVector(const HmacSha1Key::Digest& d) {
  return {d.begin(), d.end()};
}

TEST_CASE("RFC 2202 HMAC-SHA1 test cases") {
  struct Case {
    std::vector<uint8_t> key;
    std::vector<uint8_t> data;
    std::string_view digest;
  };
  auto s = [](std::string_view v) { return std::vector<uint8_t>(v.begin(), v.end()); };
  const Case cases[] = {
      {std::vector<uint8_t>(20, 0x0b), s("Hi There"), "b617318655057264e28bc0b6fb378c8ef146be00"},
      {s("Jefe"), s("what do ya want for nothing?"), "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"},
      {std::vector<uint8_t>(20, 0xaa), std::vector<uint8_t>(50, 0xdd),
       "125d7342b9ac11cd91a39af48aa17b4f63f175d3"},
      {Hex("0102030405060708090a0b0c0d0e0f10111213141516171819"), std::vector<uint8_t>(50, 0xcd),
       "4c9007f4026250c6bc8414f9bf50c86c2d7235da"},
      {std::vector<uint8_t>(20, 0x0c), s("Test With Truncation"),
       "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04"},
      // Keys longer than the block size are hashed first (RFC 2104 2).
      {std::vector<uint8_t>(80, 0xaa), s("Test Using Larger Than Block-Size Key - Hash Key First"),
       "aa4ae5e15272d00e95705637ce8a3b55ed402112"},
      {std::vector<uint8_t>(80, 0xaa),
       s("Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data"),
       "e8e99d0f45237d786d6bbaa7965c7808bbff1a91"},
  };
  for (const auto& c : cases) {
    HmacSha1Key key{base::ByteView(c.key)};
    CHECK(ToVector(key.Compute(c.data)) == Hex(c.digest));
    // Split anywhere, the result is the same.
    for (size_t cut = 0; cut <= c.data.size(); ++cut) {
      base::ByteView all(c.data);
      CHECK(ToVector(key.Compute(all.first(cut), all.subspan(cut))) == Hex(c.digest));
    }
  }
}

TEST_CASE("agrees with OpenSSL's HMAC() for keys around the block size") {
  std::vector<uint8_t> data(300);
  for (size_t i = 0; i < data.size(); ++i)
    data[i] = static_cast<uint8_t>(i * 7 + 3);
  for (size_t keySize : {0, 1, 20, 63, 64, 65, 128}) {
    std::vector<uint8_t> key(keySize);
    for (size_t i = 0; i < keySize; ++i)
      key[i] = static_cast<uint8_t>(i ^ 0x5a);
    for (size_t n : {0, 1, 55, 56, 64, 119, 120, 300}) {
      uint8_t expected[EVP_MAX_MD_SIZE];
      unsigned int len = 0;
      HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()), data.data(), n, expected, &len);
      REQUIRE(len == 20);
      HmacSha1Key k{base::ByteView(key)};
      CHECK(ToVector(k.Compute(base::ByteView(data).first(n))) ==
            std::vector<uint8_t>(expected, expected + len));
    }
  }
  CHECK(ToVector(
            HmacSha1Key(std::string_view("Jefe")).Compute(Bytes("what do ya want for nothing?"))) ==
        Hex("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"));
}

}  // namespace
}  // namespace weir::proto::stun
