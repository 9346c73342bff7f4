#include "engine/dtls/dtls_certificate.hpp"

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/pem.h>

#include <climits>
#include <ctime>

namespace weir::engine {

namespace {

constexpr int kValidityDays = 30;
constexpr long kBackdateSeconds = 24 * 60 * 60;  // Tolerates a peer whose clock is behind.
constexpr int kSerialBits = 63;                  // Positive, at most 8 bytes (RFC 5280 4.1.2.2).

bool SetRandomSerial(X509* certificate) {
  std::unique_ptr<BIGNUM, decltype(&BN_free)> serial(BN_new(), BN_free);
  if (!serial || BN_rand(serial.get(), kSerialBits, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1) {
    return false;
  }
  ASN1_INTEGER* asn1 = X509_get_serialNumber(certificate);
  return BN_to_ASN1_INTEGER(serial.get(), asn1) != nullptr;
}

bool SetValidity(X509* certificate, base::Timestamp wallNow) {
  time_t now = static_cast<time_t>(base::ToMicros(wallNow) / 1'000'000);
  return X509_time_adj_ex(X509_getm_notBefore(certificate), 0, -kBackdateSeconds, &now) !=
             nullptr &&
         X509_time_adj_ex(X509_getm_notAfter(certificate), kValidityDays, 0, &now) != nullptr;
}

bool SetName(X509* certificate) {
  X509_NAME* name = X509_get_subject_name(certificate);
  static constexpr unsigned char kCommonName[] = "weir";
  if (X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, kCommonName, -1, -1, 0) != 1) {
    return false;
  }
  // Self-signed: the issuer is the subject.
  return X509_set_issuer_name(certificate, name) == 1;
}

std::string BioText(BIO* bio) {
  char* data = nullptr;
  long length = BIO_get_mem_data(bio, &data);
  return length > 0 ? std::string(data, static_cast<size_t>(length)) : std::string();
}

openssl::BioPtr ReadOnlyBio(std::string_view text) {
  if (text.size() > INT_MAX) return nullptr;
  return openssl::BioPtr(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

}  // namespace

DtlsCertificate::DtlsCertificate(openssl::X509Ptr certificate, openssl::PkeyPtr key)
    : certificate_(std::move(certificate)), key_(std::move(key)) {
  for (std::string_view algorithm : kFingerprintAlgorithms) {
    auto value = CertificateFingerprint(certificate_.get(), algorithm);
    fingerprints_.push_back({std::string(algorithm), value.value_or("")});
  }
}

std::unique_ptr<DtlsCertificate> DtlsCertificate::Generate(base::Timestamp wallNow,
                                                           std::string* error) {
  ERR_clear_error();
  openssl::PkeyPtr key(EVP_EC_gen("P-256"));
  if (!key) {
    *error = openssl::DrainErrors("cannot generate an ECDSA P-256 key");
    return nullptr;
  }
  openssl::X509Ptr certificate(X509_new());
  if (!certificate || X509_set_version(certificate.get(), X509_VERSION_3) != 1 ||
      !SetRandomSerial(certificate.get()) || !SetValidity(certificate.get(), wallNow) ||
      !SetName(certificate.get()) || X509_set_pubkey(certificate.get(), key.get()) != 1 ||
      X509_sign(certificate.get(), key.get(), EVP_sha256()) <= 0) {
    *error = openssl::DrainErrors("cannot build a self-signed certificate");
    return nullptr;
  }
  return std::unique_ptr<DtlsCertificate>(
      new DtlsCertificate(std::move(certificate), std::move(key)));
}

std::unique_ptr<DtlsCertificate> DtlsCertificate::FromPem(std::string_view certificatePem,
                                                          std::string_view privateKeyPem,
                                                          std::string* error) {
  ERR_clear_error();
  auto certificateBio = ReadOnlyBio(certificatePem);
  openssl::X509Ptr certificate(
      certificateBio ? PEM_read_bio_X509(certificateBio.get(), nullptr, nullptr, nullptr)
                     : nullptr);
  if (!certificate) {
    *error = openssl::DrainErrors("the DTLS certificate is not a PEM X.509 certificate");
    return nullptr;
  }
  auto keyBio = ReadOnlyBio(privateKeyPem);
  // No passphrase callback: an encrypted key is refused rather than prompting on a terminal.
  static char kNoPassphrase[] = "";
  openssl::PkeyPtr key(
      keyBio ? PEM_read_bio_PrivateKey(keyBio.get(), nullptr, nullptr, kNoPassphrase) : nullptr);
  if (!key) {
    *error = openssl::DrainErrors("the DTLS private key is not an unencrypted PEM private key");
    return nullptr;
  }
  if (X509_check_private_key(certificate.get(), key.get()) != 1) {
    *error = openssl::DrainErrors("the DTLS private key does not match the certificate");
    return nullptr;
  }
  return std::unique_ptr<DtlsCertificate>(
      new DtlsCertificate(std::move(certificate), std::move(key)));
}

std::string DtlsCertificate::Fingerprint(std::string_view algorithm) const {
  for (const auto& fingerprint : fingerprints_) {
    if (fingerprint.algorithm == algorithm) return fingerprint.value;
  }
  return {};
}

std::string DtlsCertificate::CertificatePem() const {
  openssl::BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509(bio.get(), certificate_.get()) != 1) return {};
  return BioText(bio.get());
}

std::string DtlsCertificate::PrivateKeyPem() const {
  openssl::BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio ||
      PEM_write_bio_PrivateKey(bio.get(), key_.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return {};
  }
  return BioText(bio.get());
}

}  // namespace weir::engine
