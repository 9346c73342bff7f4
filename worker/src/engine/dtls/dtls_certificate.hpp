#pragma once

// The worker's DTLS identity: one certificate and its private key, shared by every DTLS session
// (RFC 5763 section 5: the certificate only has to match the fingerprint signalled in SDP, so a
// self-signed one is the norm). Either generated in memory at start-up (ECDSA P-256, the key type
// every browser accepts and the cheapest to sign with) or loaded from PEM text.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/time.hpp"
#include "engine/dtls/dtls_fingerprint.hpp"
#include "engine/dtls/openssl_util.hpp"

namespace weir::engine {

class DtlsCertificate {
 public:
  // A new ECDSA P-256 key and a self-signed X.509 v3 certificate for it: random serial,
  // CN "weir", valid from one day before `wallNow` (clock skew between peers) to 30 days after.
  // `wallNow` is a core Timestamp, whose origin is the Unix epoch (base/time.hpp); it is passed
  // in so that this code reads no clock.
  static std::unique_ptr<DtlsCertificate> Generate(base::Timestamp wallNow, std::string* error);

  // A certificate and its private key from PEM text (the contents of the files named by
  // --dtls-certificate-file / --dtls-private-key-file). Refused with a reason when either does
  // not parse or the key is not the certificate's.
  static std::unique_ptr<DtlsCertificate> FromPem(std::string_view certificatePem,
                                                  std::string_view privateKeyPem,
                                                  std::string* error);

  // One fingerprint per algorithm of kFingerprintAlgorithms, in that order.
  const std::vector<DtlsFingerprint>& fingerprints() const { return fingerprints_; }
  // The fingerprint for one algorithm ("sha-256"), or an empty string.
  std::string Fingerprint(std::string_view algorithm) const;

  std::string CertificatePem() const;
  std::string PrivateKeyPem() const;

  X509* x509() const { return certificate_.get(); }
  EVP_PKEY* privateKey() const { return key_.get(); }

 private:
  DtlsCertificate(openssl::X509Ptr certificate, openssl::PkeyPtr key);

  openssl::X509Ptr certificate_;
  openssl::PkeyPtr key_;
  std::vector<DtlsFingerprint> fingerprints_;
};

}  // namespace weir::engine
