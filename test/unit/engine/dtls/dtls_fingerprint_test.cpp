#include "engine/dtls/dtls_fingerprint.hpp"

#include <doctest/doctest.h>

#include <openssl/evp.h>

using namespace weir;

TEST_CASE("FormatFingerprint / ParseFingerprint") {
  std::vector<uint8_t> bytes = {0x00, 0xab, 0xcd, 0xef, 0x19};
  CHECK(engine::FormatFingerprint(bytes) == "00:AB:CD:EF:19");
  CHECK(engine::FormatFingerprint({}) == "");
  CHECK(engine::ParseFingerprint("00:AB:CD:EF:19") == bytes);
  CHECK(engine::ParseFingerprint("00:ab:Cd:ef:19") == bytes);
  CHECK(engine::ParseFingerprint("7F") == std::vector<uint8_t>{0x7f});
  for (const char* bad : {"", "0", "00:", ":00", "00:A", "00-AB", "0G", "00:AB:", "00::AB",
                          "000:AB", " 00:AB", "00:AB "}) {
    CAPTURE(bad);
    CHECK_FALSE(engine::ParseFingerprint(bad));
  }
}

TEST_CASE("FingerprintDigest: RFC 8122 hash names") {
  CHECK(engine::FingerprintDigest("sha-1") == EVP_sha1());
  CHECK(engine::FingerprintDigest("sha-224") == EVP_sha224());
  CHECK(engine::FingerprintDigest("sha-256") == EVP_sha256());
  CHECK(engine::FingerprintDigest("SHA-384") == EVP_sha384());
  CHECK(engine::FingerprintDigest("sha-512") == EVP_sha512());
  CHECK(engine::FingerprintDigest("md5") == nullptr);
  CHECK(engine::FingerprintDigest("sha256") == nullptr);
  CHECK(engine::FingerprintDigest("") == nullptr);
}
