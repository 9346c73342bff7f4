#include "engine/dtls/dtls_session.hpp"

#include <openssl/err.h>

#include <algorithm>
#include <climits>

#include "base/logging.hpp"
#include "engine/dtls/dtls_fingerprint.hpp"
#include "engine/dtls/dtls_record.hpp"
#include "engine/dtls/dtls_srtp_keys.hpp"

namespace weir::engine {

namespace {

// Bounds on what a session holds (see the header): a handshake flight is a handful of
// datagrams, so these only bite when the owner stops polling or a peer floods.
constexpr size_t kMaxPendingDatagrams = 4;  // Held until Start().
constexpr size_t kMaxPendingBytes = 16 * 1024;
constexpr size_t kMaxOutputDatagrams = 128;
constexpr size_t kMaxOutputBytes = 256 * 1024;
constexpr size_t kMaxApplicationMessages = 128;
constexpr size_t kMaxApplicationBytes = 256 * 1024;
// Largest UDP payload; bigger input cannot be a datagram.
constexpr size_t kMaxDatagramSize = 65535;

base::Duration TimeLeft(const timeval& tv) {
  return std::chrono::seconds(tv.tv_sec) + std::chrono::microseconds(tv.tv_usec);
}

}  // namespace

DtlsSession::DtlsSession(const DtlsContext& context)
    : mtu_(context.options().mtu),
      initialTimeout_(context.options().initialRetransmitTimeout),
      maxTimeout_(context.options().maxRetransmitTimeout),
      pendingInput_(kMaxPendingDatagrams, kMaxPendingBytes),
      output_(kMaxOutputDatagrams, kMaxOutputBytes),
      applicationData_(kMaxApplicationMessages, kMaxApplicationBytes),
      readBuffer_(kMaxApplicationData) {
  ERR_clear_error();
  ssl_.reset(SSL_new(context.sslContext()));
  BIO* fromNetwork = BIO_new(BIO_s_mem());
  BIO* toNetwork = BIO_new(BIO_s_mem());
  if (!ssl_ || fromNetwork == nullptr || toNetwork == nullptr) {
    BIO_free(fromNetwork);
    BIO_free(toNetwork);
    ssl_.reset();
    Fail(openssl::DrainErrors("cannot create a DTLS session"));
    return;
  }
  // An empty memory BIO reads as "retry later", like a non-blocking socket with nothing queued.
  BIO_set_mem_eof_return(fromNetwork, -1);
  BIO_set_mem_eof_return(toNetwork, -1);
  SSL_set_bio(ssl_.get(), fromNetwork, toNetwork);
  fromNetwork_ = fromNetwork;
  toNetwork_ = toNetwork;
  SSL_set_app_data(ssl_.get(), static_cast<DtlsPeerVerifier*>(this));
  // The context's SSL_OP_NO_QUERY_MTU makes OpenSSL take this as the datagram size (a memory
  // BIO adds no overhead of its own).
  DTLS_set_link_mtu(ssl_.get(), static_cast<long>(mtu_));
  DTLS_set_timer_cb(ssl_.get(), &DtlsSession::OnTimer);
}

DtlsSession::~DtlsSession() = default;

unsigned int DtlsSession::OnTimer(SSL* ssl, unsigned int previousUs) {
  auto* self = static_cast<DtlsSession*>(static_cast<DtlsPeerVerifier*>(SSL_get_app_data(ssl)));
  auto initial = static_cast<unsigned int>(self->initialTimeout_.count());
  auto max = static_cast<unsigned int>(std::min<int64_t>(self->maxTimeout_.count(), UINT_MAX));
  // RFC 6347 4.2.4.1: double on each expiry, up to a ceiling.
  if (previousUs == 0) return initial;
  return previousUs >= max / 2 ? max : previousUs * 2;
}

void DtlsSession::Start(DtlsRole role, base::Timestamp now) {
  if (state_ != DtlsState::kNew) return;
  role_ = role;
  SetState(DtlsState::kConnecting, {});
  if (role == DtlsRole::kClient) {
    SSL_set_connect_state(ssl_.get());
    DriveHandshake();
  } else {
    SSL_set_accept_state(ssl_.get());
  }
  std::vector<uint8_t> held;
  while (pendingInput_.Pop(&held)) {
    if (state_ != DtlsState::kConnecting && state_ != DtlsState::kConnected) {
      ++stats_.droppedAfterEnd;
      continue;
    }
    Process(held);
  }
  Finish(now);
}

bool DtlsSession::SetRemoteFingerprint(std::string_view algorithm, std::string_view value) {
  const EVP_MD* md = FingerprintDigest(algorithm);
  auto bytes = ParseFingerprint(value);
  if (md == nullptr || !bytes || bytes->size() != static_cast<size_t>(EVP_MD_get_size(md))) {
    return false;
  }
  remoteAlgorithm_ = std::string(algorithm);
  remoteValue_ = std::string(value);
  if (state_ == DtlsState::kConnecting && handshakeDone_) CompleteIfVerified();
  return true;
}

void DtlsSession::HandleDatagram(base::Timestamp now, base::ByteView datagram) {
  ++stats_.datagramsIn;
  stats_.bytesIn += datagram.size();
  if (!LooksLikeDtls(datagram) || datagram.size() > kMaxDatagramSize ||
      !IsWellFormedDtlsDatagram(datagram, MinProtectedRecordBody())) {
    ++stats_.droppedInvalid;
    return;
  }
  switch (state_) {
    case DtlsState::kNew:
      if (!pendingInput_.Push(datagram)) ++stats_.droppedBeforeStart;
      return;
    case DtlsState::kFailed:
    case DtlsState::kClosed:
      ++stats_.droppedAfterEnd;
      return;
    case DtlsState::kConnecting:
    case DtlsState::kConnected:
      break;
  }
  Process(datagram);
  Finish(now);
}

size_t DtlsSession::MinProtectedRecordBody() const {
  // Until a cipher is chosen no protected record can be genuine; the larger bound is safe.
  if (!ssl_) return kMinAesGcmRecordBody;
  const SSL_CIPHER* cipher = SSL_get_pending_cipher(ssl_.get());
  if (cipher == nullptr) cipher = SSL_get_current_cipher(ssl_.get());
  if (cipher != nullptr && SSL_CIPHER_get_cipher_nid(cipher) == NID_chacha20_poly1305) {
    return kMinChaChaRecordBody;
  }
  return kMinAesGcmRecordBody;
}

void DtlsSession::Process(base::ByteView datagram) {
  // One record at a time (the datagram was checked to be whole records): OpenSSL 3.0 drops the
  // rest of a datagram after a duplicate handshake message, so a peer that packs a retransmitted
  // message with the next flight would otherwise lose that flight until its timer fires.
  for (size_t offset = 0; offset < datagram.size();) {
    if (state_ != DtlsState::kConnecting && state_ != DtlsState::kConnected) return;
    size_t size = FirstDtlsRecordSize(datagram.subspan(offset));
    if (size == 0) return;
    if (BIO_write(fromNetwork_, datagram.data() + offset, static_cast<int>(size)) !=
        static_cast<int>(size)) {
      Fail(openssl::DrainErrors("cannot buffer a DTLS record"));
      return;
    }
    offset += size;
    if (handshakeDone_) {
      ReadApplicationData();
    } else {
      DriveHandshake();
    }
    // Whatever OpenSSL left unread is discarded, so nothing accumulates.
    (void)BIO_reset(fromNetwork_);
  }
}

void DtlsSession::HandleTimeout(base::Timestamp now) {
  if (now < deadline_ || (state_ != DtlsState::kConnecting && state_ != DtlsState::kConnected)) {
    return;
  }
  ERR_clear_error();
  // > 0: a flight was resent; 0: OpenSSL's own clock says not yet; < 0: too many timeouts.
  int result = DTLSv1_handle_timeout(ssl_.get());
  if (result > 0) {
    ++stats_.retransmissions;
  } else if (result < 0) {
    Fail(openssl::DrainErrors("DTLS handshake timed out"));
  }
  Finish(now);
}

bool DtlsSession::SendApplicationData(base::ByteView data) {
  if (state_ != DtlsState::kConnected || data.empty() || data.size() > kMaxApplicationData) {
    return false;
  }
  ERR_clear_error();
  int written = SSL_write(ssl_.get(), data.data(), static_cast<int>(data.size()));
  if (written <= 0) {
    int error = SSL_get_error(ssl_.get(), written);
    if (error != SSL_ERROR_WANT_READ && error != SSL_ERROR_WANT_WRITE) {
      Fail(openssl::DrainErrors("DTLS write failed"));
    }
    ERR_clear_error();
    FlushOutput();
    return false;
  }
  FlushOutput();
  return true;
}

void DtlsSession::Close() {
  if (state_ == DtlsState::kFailed || state_ == DtlsState::kClosed) return;
  if (handshakeDone_) {
    ERR_clear_error();
    (void)SSL_shutdown(ssl_.get());  // Writes close_notify; we do not wait for the peer's.
    ERR_clear_error();
    FlushOutput();
  }
  SetState(DtlsState::kClosed, "closed locally");
}

bool DtlsSession::PollTransmit(std::vector<uint8_t>* datagram) {
  return output_.Pop(datagram);
}

std::optional<std::vector<uint8_t>> DtlsSession::PollTransmit() {
  std::vector<uint8_t> datagram;
  if (!output_.Pop(&datagram)) return std::nullopt;
  return datagram;
}

bool DtlsSession::PollApplicationData(std::vector<uint8_t>* data) {
  // Data decrypted while waiting for the fingerprint stays here until the peer is verified.
  if (state_ != DtlsState::kConnected && state_ != DtlsState::kClosed) return false;
  return applicationData_.Pop(data);
}

std::optional<DtlsEvent> DtlsSession::PollEvent() {
  if (events_.empty()) return std::nullopt;
  DtlsEvent event = std::move(events_.front());
  events_.pop_front();
  return event;
}

bool DtlsSession::AcceptPeerCertificate(X509* certificate) {
  // Not known yet: the handshake goes on and CompleteIfVerified() decides at the end.
  if (remoteValue_.empty()) return true;
  if (CertificateMatchesFingerprint(certificate, remoteAlgorithm_, remoteValue_)) return true;
  verifyFailure_ = "remote certificate fingerprint mismatch (" + remoteAlgorithm_ + ")";
  return false;
}

void DtlsSession::DriveHandshake() {
  ERR_clear_error();
  int result = SSL_do_handshake(ssl_.get());
  if (result == 1) {
    OnHandshakeDone();
    // Application data OpenSSL buffered while the handshake finished (records of the new epoch
    // that overtook the peer's Finished).
    if (state_ == DtlsState::kConnecting || state_ == DtlsState::kConnected) ReadApplicationData();
    return;
  }
  int error = SSL_get_error(ssl_.get(), result);
  switch (error) {
    case SSL_ERROR_WANT_READ:
    case SSL_ERROR_WANT_WRITE:
      return;
    case SSL_ERROR_ZERO_RETURN:
      ERR_clear_error();
      SetState(DtlsState::kClosed, "close_notify received during the handshake");
      return;
    default: {
      std::string reason =
          openssl::DrainErrors("DTLS handshake failed (SSL error " + std::to_string(error) + ")");
      Fail(verifyFailure_.empty() ? std::move(reason) : verifyFailure_);
      return;
    }
  }
}

void DtlsSession::OnHandshakeDone() {
  handshakeDone_ = true;
  std::string error;
  pendingKeys_ = ExportDtlsSrtpKeys(ssl_.get(), *role_, &error);
  if (!error.empty()) {
    Fail(error);
    return;
  }
  if (!remoteValue_.empty()) CompleteIfVerified();
}

void DtlsSession::CompleteIfVerified() {
  X509* peer = SSL_get0_peer_certificate(ssl_.get());
  if (peer == nullptr || !CertificateMatchesFingerprint(peer, remoteAlgorithm_, remoteValue_)) {
    // Checked after the handshake (the fingerprint came late): the peer believes it is
    // connected; a close_notify tells it otherwise without giving it anything.
    ERR_clear_error();
    (void)SSL_shutdown(ssl_.get());
    ERR_clear_error();
    FlushOutput();
    Fail("remote certificate fingerprint mismatch (" + remoteAlgorithm_ + ")");
    return;
  }
  srtpKeys_ = std::move(pendingKeys_);
  pendingKeys_.reset();
  SetState(DtlsState::kConnected, {});
}

void DtlsSession::ReadApplicationData() {
  while (true) {
    ERR_clear_error();
    int read = SSL_read(ssl_.get(), readBuffer_.data(), static_cast<int>(readBuffer_.size()));
    if (read > 0) {
      if (!applicationData_.Push(base::ByteView(readBuffer_.data(), static_cast<size_t>(read)))) {
        ++stats_.droppedApplicationData;
      }
      continue;
    }
    int error = SSL_get_error(ssl_.get(), read);
    switch (error) {
      case SSL_ERROR_WANT_READ:
      case SSL_ERROR_WANT_WRITE:
        return;
      case SSL_ERROR_ZERO_RETURN:
        // RFC 5246 7.2.1: answer close_notify with our own.
        ERR_clear_error();
        (void)SSL_shutdown(ssl_.get());
        ERR_clear_error();
        SetState(DtlsState::kClosed, "close_notify received");
        return;
      default:
        Fail(openssl::DrainErrors("DTLS connection failed (SSL error " + std::to_string(error) +
                                  ")"));
        return;
    }
  }
}

void DtlsSession::Finish(base::Timestamp now) {
  FlushOutput();
  deadline_ = base::kNever;
  if (state_ != DtlsState::kConnecting && state_ != DtlsState::kConnected) return;
  timeval left{};
  if (DTLSv1_get_timeout(ssl_.get(), &left) != 1) return;
  base::Duration duration = TimeLeft(left);
  // Saturating: a `now` near the end of time must not overflow.
  deadline_ = now > base::kNever - duration ? base::kNever : now + duration;
}

void DtlsSession::FlushOutput() {
  if (toNetwork_ == nullptr) return;
  char* raw = nullptr;
  long length = BIO_get_mem_data(toNetwork_, &raw);
  if (length <= 0) return;
  base::ByteView out(reinterpret_cast<const uint8_t*>(raw), static_cast<size_t>(length));
  // Pack whole records into datagrams of at most mtu_ bytes (RFC 6347 4.1.1 allows several
  // records a datagram; OpenSSL keeps each record within the MTU), but never past the end of a
  // flight: one call can emit a retransmitted flight and then the next one, and an OpenSSL peer
  // drops the rest of a datagram after a duplicate message.
  size_t offset = 0;
  while (offset < out.size()) {
    size_t start = offset;
    size_t record = FirstDtlsRecordSize(out.subspan(offset));
    if (record == 0) {
      offset = out.size();  // Not a whole record: send what is there as it is.
    } else {
      bool flightEnds = EndsDtlsFlight(out.subspan(offset, record));
      offset += record;
      while (!flightEnds && offset < out.size()) {
        size_t next = FirstDtlsRecordSize(out.subspan(offset));
        if (next == 0 || offset + next - start > mtu_) break;
        flightEnds = EndsDtlsFlight(out.subspan(offset, next));
        offset += next;
      }
    }
    auto datagram = out.subspan(start, offset - start);
    if (output_.Push(datagram)) {
      ++stats_.datagramsOut;
      stats_.bytesOut += datagram.size();
    } else {
      ++stats_.droppedOutgoing;
    }
  }
  (void)BIO_reset(toNetwork_);
}

void DtlsSession::SetState(DtlsState state, std::string reason) {
  if (state_ == state) return;
  state_ = state;
  if (state == DtlsState::kFailed || state == DtlsState::kClosed) deadline_ = base::kNever;
  WEIR_DEBUG(kDtls, "DTLS %s%s%s", DtlsStateName(state), reason.empty() ? "" : ": ", reason);
  events_.push_back({state, std::move(reason)});
}

void DtlsSession::Fail(std::string reason) {
  if (state_ == DtlsState::kFailed || state_ == DtlsState::kClosed) return;
  failureReason_ = reason;
  pendingKeys_.reset();
  applicationData_.Clear();
  WEIR_WARN(kDtls, "DTLS failed: %s", reason);
  SetState(DtlsState::kFailed, std::move(reason));
}

}  // namespace weir::engine
