#pragma once

// What every DTLS session of one worker shares: an SSL_CTX holding the certificate and key, the
// DTLS-SRTP profiles offered, the ECDHE groups and ciphers, and the peer-certificate policy
// (OpenSSL's chain checks are off: a WebRTC peer's certificate is self-signed and is trusted
// only through the fingerprint signalled out of band, RFC 5763 section 5 / RFC 8842). Sessions
// keep their own reference to the SSL_CTX, so a context may go before its sessions.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/time.hpp"
#include "engine/dtls/dtls_certificate.hpp"
#include "engine/dtls/openssl_util.hpp"
#include "engine/srtp/srtp_suite.hpp"

namespace weir::engine {

struct DtlsOptions {
  // DTLS-SRTP profiles offered (client) or accepted (server), most preferred first; as a server
  // OpenSSL picks its own most preferred profile among the client's (RFC 5764 4.1.1 leaves the
  // choice to the server). Empty: no use_srtp extension (DTLS for data channels only).
  std::vector<SrtpSuite> srtpSuites = {SrtpSuite::kAeadAes256Gcm, SrtpSuite::kAeadAes128Gcm,
                                       SrtpSuite::kAesCm128HmacSha1_80,
                                       SrtpSuite::kAesCm128HmacSha1_32};
  // Largest datagram written, DTLS record headers included (RFC 6347 4.1.1.1). 1200 keeps a
  // flight inside any path WebRTC runs on, with room for TURN framing.
  size_t mtu = 1200;
  // Handshake retransmission timer (RFC 6347 4.2.4.1): starts here, doubles on each timeout up
  // to the maximum (at most 60 s). Both are below the RFC's 1 s and 60 s because ICE has already
  // proven the path: a lost flight costs 100 ms, not a second, and as OpenSSL gives up after 12
  // timeouts a silent peer fails the handshake in about 35 s rather than several minutes.
  base::Duration initialRetransmitTimeout = std::chrono::milliseconds(100);
  base::Duration maxRetransmitTimeout = std::chrono::seconds(4);
};

// Who decides on a peer certificate during the handshake. A session installs itself as the SSL's
// app data; the context's certificate callback asks it (see dtls_session.cpp).
class DtlsPeerVerifier {
 public:
  virtual bool AcceptPeerCertificate(X509* certificate) = 0;

 protected:
  ~DtlsPeerVerifier() = default;
};

class DtlsContext {
 public:
  // Nullptr and a reason when OpenSSL refuses a setting (an option out of range, for example).
  static std::unique_ptr<DtlsContext> Create(const DtlsCertificate& certificate,
                                             const DtlsOptions& options, std::string* error);

  SSL_CTX* sslContext() const { return context_.get(); }
  const DtlsOptions& options() const { return options_; }

 private:
  DtlsContext(openssl::SslCtxPtr context, DtlsOptions options)
      : context_(std::move(context)), options_(std::move(options)) {}

  openssl::SslCtxPtr context_;
  DtlsOptions options_;
};

// The OpenSSL name of a DTLS-SRTP profile (RFC 5764 4.1.2, RFC 7714 14.2), e.g.
// "SRTP_AEAD_AES_256_GCM", and back from the profile id OpenSSL reports.
const char* OpenSslSrtpProfileName(SrtpSuite suite);
std::optional<SrtpSuite> SrtpSuiteFromProfileId(unsigned long id);

}  // namespace weir::engine
