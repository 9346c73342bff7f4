#include "engine/dtls/dtls_certificate.hpp"

#include <doctest/doctest.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cctype>

#include "deps/deps.hpp"
#include "unit/engine/dtls/dtls_test_pair.hpp"

using namespace weir;
using engine::DtlsCertificate;

namespace {

bool IsUpperHexColonForm(const std::string& value) {
  if ((value.size() + 1) % 3 != 0) return false;
  for (size_t i = 0; i < value.size(); ++i) {
    char c = value[i];
    bool ok = i % 3 == 2 ? c == ':' : (std::isdigit(c) || (c >= 'A' && c <= 'F'));
    if (!ok) return false;
  }
  return true;
}

// Days and seconds from `wall` to an ASN1 time (ASN1_TIME_diff's split).
std::pair<int, int> DiffFrom(base::Timestamp wall, const ASN1_TIME* to) {
  std::unique_ptr<ASN1_TIME, decltype(&ASN1_TIME_free)> from(
      ASN1_TIME_set(nullptr, static_cast<time_t>(base::ToMicros(wall) / 1'000'000)),
      ASN1_TIME_free);
  int days = 0;
  int seconds = 0;
  REQUIRE(ASN1_TIME_diff(&days, &seconds, from.get(), to) == 1);
  return {days, seconds};
}

std::string EncryptedKeyPem(EVP_PKEY* key) {
  engine::openssl::BioPtr bio(BIO_new(BIO_s_mem()));
  static unsigned char kPassword[] = "secret";
  REQUIRE(PEM_write_bio_PrivateKey(bio.get(), key, EVP_aes_128_cbc(), kPassword, 6, nullptr,
                                   nullptr) == 1);
  char* data = nullptr;
  long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(length));
}

}  // namespace

TEST_CASE("Generate: an ECDSA P-256 self-signed certificate as specified") {
  deps::InitializeLibraries();
  std::string error;
  auto certificate = DtlsCertificate::Generate(test::kTestWallClock, &error);
  REQUIRE_MESSAGE(certificate, error);
  X509* x509 = certificate->x509();
  CHECK(X509_get_version(x509) == X509_VERSION_3);
  CHECK(EVP_PKEY_get_base_id(certificate->privateKey()) == EVP_PKEY_EC);
  char group[64] = {};
  REQUIRE(EVP_PKEY_get_group_name(certificate->privateKey(), group, sizeof(group), nullptr) == 1);
  CHECK(std::string(group) == "prime256v1");
  CHECK(X509_get_signature_nid(x509) == NID_ecdsa_with_SHA256);
  // Self-signed: issuer is subject, and the signature checks with its own key.
  CHECK(X509_NAME_cmp(X509_get_subject_name(x509), X509_get_issuer_name(x509)) == 0);
  CHECK(X509_verify(x509, certificate->privateKey()) == 1);
  CHECK(X509_check_private_key(x509, certificate->privateKey()) == 1);
  char cn[64] = {};
  X509_NAME_get_text_by_NID(X509_get_subject_name(x509), NID_commonName, cn, sizeof(cn));
  CHECK(std::string(cn) == "weir");
  // From a day before to 30 days after the wall-clock time given.
  CHECK(DiffFrom(test::kTestWallClock, X509_get0_notBefore(x509)) == std::pair{-1, 0});
  CHECK(DiffFrom(test::kTestWallClock, X509_get0_notAfter(x509)) == std::pair{30, 0});

  // A random, positive serial: two certificates differ in serial and fingerprints.
  auto other = DtlsCertificate::Generate(test::kTestWallClock, &error);
  REQUIRE(other);
  const ASN1_INTEGER* serial = X509_get0_serialNumber(x509);
  CHECK(ASN1_INTEGER_cmp(serial, X509_get0_serialNumber(other->x509())) != 0);
  std::unique_ptr<BIGNUM, decltype(&BN_free)> bn(ASN1_INTEGER_to_BN(serial, nullptr), BN_free);
  CHECK(BN_is_negative(bn.get()) == 0);
  CHECK(BN_is_zero(bn.get()) == 0);
  CHECK(certificate->Fingerprint("sha-256") != other->Fingerprint("sha-256"));
}

TEST_CASE("fingerprints: every algorithm, uppercase colon form, right lengths, right value") {
  const auto& certificate = test::TestCertificate(0);
  const auto& fingerprints = certificate.fingerprints();
  REQUIRE(fingerprints.size() == 5);
  const std::pair<const char*, size_t> expected[] = {
      {"sha-1", 20}, {"sha-224", 28}, {"sha-256", 32}, {"sha-384", 48}, {"sha-512", 64}};
  for (size_t i = 0; i < 5; ++i) {
    CAPTURE(i);
    CHECK(fingerprints[i].algorithm == expected[i].first);
    CHECK(fingerprints[i].value.size() == expected[i].second * 3 - 1);
    CHECK(IsUpperHexColonForm(fingerprints[i].value));
    CHECK(certificate.Fingerprint(expected[i].first) == fingerprints[i].value);
  }
  CHECK(certificate.Fingerprint("sha-256").size() == 95);
  CHECK(certificate.Fingerprint("md5").empty());
  // Independently: SHA-256 over the DER encoding.
  unsigned char* der = nullptr;
  int derLength = i2d_X509(certificate.x509(), &der);
  REQUIRE(derLength > 0);
  unsigned char digest[32];
  unsigned int digestLength = 0;
  REQUIRE(EVP_Digest(der, static_cast<size_t>(derLength), digest, &digestLength, EVP_sha256(),
                     nullptr) == 1);
  OPENSSL_free(der);
  CHECK(certificate.Fingerprint("sha-256") ==
        engine::FormatFingerprint(base::ByteView(digest, digestLength)));
}

TEST_CASE("FromPem: round trip, mismatched key refused, bad input explained") {
  const auto& original = test::TestCertificate(0);
  std::string certificatePem = original.CertificatePem();
  std::string keyPem = original.PrivateKeyPem();
  CHECK(certificatePem.find("-----BEGIN CERTIFICATE-----") == 0);
  CHECK(keyPem.find("-----BEGIN PRIVATE KEY-----") == 0);
  std::string error;
  auto loaded = DtlsCertificate::FromPem(certificatePem, keyPem, &error);
  REQUIRE_MESSAGE(loaded, error);
  CHECK(loaded->fingerprints() == original.fingerprints());
  CHECK(loaded->CertificatePem() == certificatePem);

  error.clear();
  CHECK_FALSE(
      DtlsCertificate::FromPem(certificatePem, test::TestCertificate(1).PrivateKeyPem(), &error));
  CHECK(error.find("does not match the certificate") != std::string::npos);

  error.clear();
  CHECK_FALSE(DtlsCertificate::FromPem("not a certificate", keyPem, &error));
  CHECK(error.find("not a PEM X.509 certificate") != std::string::npos);
  error.clear();
  CHECK_FALSE(DtlsCertificate::FromPem(certificatePem, "", &error));
  CHECK(error.find("private key") != std::string::npos);
  error.clear();
  CHECK_FALSE(DtlsCertificate::FromPem(certificatePem.substr(0, certificatePem.size() / 2), keyPem,
                                       &error));
  CHECK_FALSE(error.empty());
  // A key and a certificate swapped.
  CHECK_FALSE(DtlsCertificate::FromPem(keyPem, certificatePem, &error));
  // An encrypted key is refused, not prompted for.
  error.clear();
  CHECK_FALSE(
      DtlsCertificate::FromPem(certificatePem, EncryptedKeyPem(original.privateKey()), &error));
  CHECK(error.find("unencrypted") != std::string::npos);
}

TEST_CASE("FromPem: an RSA certificate works as the server's identity") {
  deps::InitializeLibraries();
  engine::openssl::PkeyPtr key(EVP_RSA_gen(2048));
  REQUIRE(key);
  engine::openssl::X509Ptr x509(X509_new());
  X509_set_version(x509.get(), X509_VERSION_3);
  ASN1_INTEGER_set(X509_get_serialNumber(x509.get()), 7);
  X509_gmtime_adj(X509_getm_notBefore(x509.get()), 0);
  X509_gmtime_adj(X509_getm_notAfter(x509.get()), 3600);
  X509_set_pubkey(x509.get(), key.get());
  REQUIRE(X509_sign(x509.get(), key.get(), EVP_sha256()) > 0);
  engine::openssl::BioPtr certificateBio(BIO_new(BIO_s_mem()));
  engine::openssl::BioPtr keyBio(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509(certificateBio.get(), x509.get());
  PEM_write_bio_PrivateKey(keyBio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  long length = BIO_get_mem_data(certificateBio.get(), &data);
  std::string certificatePem(data, static_cast<size_t>(length));
  length = BIO_get_mem_data(keyBio.get(), &data);
  std::string keyPem(data, static_cast<size_t>(length));

  std::string error;
  auto rsa = DtlsCertificate::FromPem(certificatePem, keyPem, &error);
  REQUIRE_MESSAGE(rsa, error);
  auto context = test::MakeContext(*rsa);
  test::DtlsTestPair pair;
  pair.server = std::make_unique<engine::DtlsSession>(*context);
  REQUIRE(pair.client->SetRemoteFingerprint("sha-256", rsa->Fingerprint("sha-256")));
  REQUIRE(pair.server->SetRemoteFingerprint("sha-256",
                                            test::TestCertificate(0).Fingerprint("sha-256")));
  pair.Start();
  pair.Pump();
  CHECK(pair.client->state() == engine::DtlsState::kConnected);
  CHECK(pair.server->state() == engine::DtlsState::kConnected);
}
