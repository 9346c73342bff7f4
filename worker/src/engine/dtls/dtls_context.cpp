#include "engine/dtls/dtls_context.hpp"

#include <openssl/err.h>
#include <openssl/srtp.h>

namespace weir::engine {

namespace {

// Forward-secret AEAD suites only, ECDSA (our certificate) first; the RSA ones serve when we are
// the client of a peer with an RSA certificate. No CBC suites: OpenSSL 3.0 DTLS treats a CBC
// record that fails its encrypt-then-MAC check as fatal (RFC 6347 4.1.2.7 says discard it), so
// one forged datagram would end the association. Every WebRTC stack offers AES-GCM.
constexpr char kCiphers[] =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-RSA-CHACHA20-POLY1305";
constexpr char kGroups[] = "X25519:P-256:P-384";

constexpr size_t kMinMtu = 256;  // Below this OpenSSL cannot fit a handshake fragment.
constexpr size_t kMaxMtu = 65507;

// Replaces OpenSSL's chain verification: whatever the certificate is (self-signed, expired, any
// issuer), only the SSL's verifier decides, by fingerprint. An SSL with no verifier accepts.
int VerifyPeerCertificate(X509_STORE_CTX* store, void*) {
  auto* ssl =
      static_cast<SSL*>(X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()));
  auto* verifier = ssl != nullptr ? static_cast<DtlsPeerVerifier*>(SSL_get_app_data(ssl)) : nullptr;
  if (verifier == nullptr || verifier->AcceptPeerCertificate(X509_STORE_CTX_get0_cert(store))) {
    return 1;
  }
  // Mapped by OpenSSL to a bad_certificate alert (RFC 5246 7.2.2), so the peer learns why.
  X509_STORE_CTX_set_error(store, X509_V_ERR_CERT_REJECTED);
  return 0;
}

std::string SrtpProfileList(const std::vector<SrtpSuite>& suites) {
  std::string list;
  for (SrtpSuite suite : suites) {
    if (!list.empty()) list += ':';
    list += OpenSslSrtpProfileName(suite);
  }
  return list;
}

bool Configure(SSL_CTX* ctx, const DtlsCertificate& certificate, const DtlsOptions& options) {
  if (SSL_CTX_use_certificate(ctx, certificate.x509()) != 1 ||
      SSL_CTX_use_PrivateKey(ctx, certificate.privateKey()) != 1 ||
      SSL_CTX_check_private_key(ctx) != 1) {
    return false;
  }
  if (SSL_CTX_set_min_proto_version(ctx, DTLS1_2_VERSION) != 1 ||
      SSL_CTX_set_max_proto_version(ctx, DTLS1_2_VERSION) != 1 ||
      SSL_CTX_set_cipher_list(ctx, kCiphers) != 1 || SSL_CTX_set1_groups_list(ctx, kGroups) != 1) {
    return false;
  }
  // NO_QUERY_MTU: a memory BIO has no path MTU to ask; the session sets the link MTU itself.
  // No tickets, no session cache, no renegotiation: every WebRTC handshake is a fresh one.
  SSL_CTX_set_options(ctx, SSL_OP_NO_QUERY_MTU | SSL_OP_NO_TICKET | SSL_OP_NO_RENEGOTIATION |
                               SSL_OP_CIPHER_SERVER_PREFERENCE);
  SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
  SSL_CTX_set_read_ahead(ctx, 0);
  // Both roles ask for the peer's certificate: the server sends CertificateRequest, and a peer
  // without a certificate fails the handshake (RFC 5763 section 5 requires one).
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
  SSL_CTX_set_cert_verify_callback(ctx, VerifyPeerCertificate, nullptr);
  // SSL_CTX_set_tlsext_use_srtp returns 0 on success.
  if (!options.srtpSuites.empty() &&
      SSL_CTX_set_tlsext_use_srtp(ctx, SrtpProfileList(options.srtpSuites).c_str()) != 0) {
    return false;
  }
  return true;
}

}  // namespace

const char* OpenSslSrtpProfileName(SrtpSuite suite) {
  switch (suite) {
    case SrtpSuite::kAeadAes256Gcm:
      return "SRTP_AEAD_AES_256_GCM";
    case SrtpSuite::kAeadAes128Gcm:
      return "SRTP_AEAD_AES_128_GCM";
    case SrtpSuite::kAesCm128HmacSha1_80:
      return "SRTP_AES128_CM_SHA1_80";
    case SrtpSuite::kAesCm128HmacSha1_32:
      return "SRTP_AES128_CM_SHA1_32";
  }
  return "";
}

std::optional<SrtpSuite> SrtpSuiteFromProfileId(unsigned long id) {
  switch (id) {
    case SRTP_AEAD_AES_256_GCM:
      return SrtpSuite::kAeadAes256Gcm;
    case SRTP_AEAD_AES_128_GCM:
      return SrtpSuite::kAeadAes128Gcm;
    case SRTP_AES128_CM_SHA1_80:
      return SrtpSuite::kAesCm128HmacSha1_80;
    case SRTP_AES128_CM_SHA1_32:
      return SrtpSuite::kAesCm128HmacSha1_32;
    default:
      return std::nullopt;
  }
}

std::unique_ptr<DtlsContext> DtlsContext::Create(const DtlsCertificate& certificate,
                                                 const DtlsOptions& options, std::string* error) {
  if (options.mtu < kMinMtu || options.mtu > kMaxMtu) {
    *error = "DTLS MTU out of range";
    return nullptr;
  }
  if (options.initialRetransmitTimeout <= base::Duration::zero() ||
      options.maxRetransmitTimeout < options.initialRetransmitTimeout ||
      options.maxRetransmitTimeout > std::chrono::seconds(60)) {
    *error = "DTLS retransmission timeouts out of range";
    return nullptr;
  }
  ERR_clear_error();
  openssl::SslCtxPtr ctx(SSL_CTX_new(DTLS_method()));
  if (!ctx || !Configure(ctx.get(), certificate, options)) {
    *error = openssl::DrainErrors("cannot set up the DTLS context");
    return nullptr;
  }
  return std::unique_ptr<DtlsContext>(new DtlsContext(std::move(ctx), options));
}

}  // namespace weir::engine
