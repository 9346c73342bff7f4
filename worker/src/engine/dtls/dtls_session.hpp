#pragma once

// One DTLS 1.2 association (RFC 6347) with DTLS-SRTP key export (RFC 5764), sans-IO: records
// come in through HandleDatagram, everything that must go out is polled (PollTransmit,
// PollApplicationData, PollEvent, NextTimeout). OpenSSL runs over two memory BIOs with no BIO
// callbacks: after each call into OpenSSL its output BIO is read and cut into datagrams of at
// most DtlsOptions::mtu bytes (whole records only, RFC 6347 4.1.1), then emptied.
//
// The peer is authenticated only by the fingerprint of its certificate (RFC 5763 section 5,
// RFC 8122): given before or during the handshake it is checked when the peer's Certificate
// arrives (a mismatch aborts the handshake with a bad_certificate alert); given after, the
// finished handshake waits in `connecting` until SetRemoteFingerprint decides.
//
// Time: every input takes `now` and NextTimeout() is expressed on that clock. One limitation:
// OpenSSL 3.0 keeps its DTLS retransmission deadline on its own wall clock (the time of day) and
// has no way to be told the time. The session therefore asks OpenSSL after every call how long
// is left and adds that to the `now` it was given; HandleTimeout asks OpenSSL to act only once
// that deadline has passed, and OpenSSL acts only if its own clock agrees. On a real clock the
// two agree (OpenSSL treats anything within 15 ms of expiry as expired); on a simulated clock
// retransmissions happen only as real time passes. OpenSSL also resends a flight by itself
// when its timer has run out by the time it reads a record. This code reads no clock itself.
//
// Never re-entrant: no callbacks into the owner. Memory is bounded: queued output, received
// application data and datagrams held before Start() all have fixed caps; what does not fit is
// dropped and counted in stats().

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/bytes.hpp"
#include "base/time.hpp"
#include "engine/dtls/datagram_queue.hpp"
#include "engine/dtls/dtls_context.hpp"
#include "engine/dtls/dtls_session_types.hpp"

namespace weir::engine {

class DtlsSession final : private DtlsPeerVerifier {
 public:
  // Largest application data message: one DTLS record's plaintext (RFC 6347 4.1).
  static constexpr size_t kMaxApplicationData = 16384;

  explicit DtlsSession(const DtlsContext& context);
  ~DtlsSession();
  DtlsSession(const DtlsSession&) = delete;
  DtlsSession& operator=(const DtlsSession&) = delete;

  // Once; later calls are ignored. A client sends its ClientHello now; datagrams that arrived
  // before (a peer's ClientHello often beats the signalling) are processed now.
  void Start(DtlsRole role, base::Timestamp now);
  // The peer's fingerprint ("sha-256", "AB:CD:..."). False if the algorithm is unknown or the
  // value is not a hash of that algorithm. The last one given is the one checked.
  bool SetRemoteFingerprint(std::string_view algorithm, std::string_view value);

  // A datagram from the peer (first byte 20..63, RFC 7983).
  void HandleDatagram(base::Timestamp now, base::ByteView datagram);
  // Retransmits the current flight if its timer has expired (RFC 6347 4.2.4).
  void HandleTimeout(base::Timestamp now);
  // One application data record (SCTP packet); false unless connected and 1..16384 bytes.
  bool SendApplicationData(base::ByteView data);
  // Sends close_notify when connected (RFC 5246 7.2.1); the state becomes closed.
  void Close();

  // The next datagram to send, into `*datagram` (its old buffer is reused); false when none.
  bool PollTransmit(std::vector<uint8_t>* datagram);
  std::optional<std::vector<uint8_t>> PollTransmit();
  // Received application data, only once connected.
  bool PollApplicationData(std::vector<uint8_t>* data);
  std::optional<DtlsEvent> PollEvent();
  // When HandleTimeout should next be called; kNever when no timer runs.
  base::Timestamp NextTimeout() const { return deadline_; }

  DtlsState state() const { return state_; }
  std::optional<DtlsRole> role() const { return role_; }
  const std::string& failureReason() const { return failureReason_; }
  // The negotiated profile and keys, once connected; empty if the peer negotiated no SRTP.
  const std::optional<DtlsSrtpKeys>& srtpKeys() const { return srtpKeys_; }
  const DtlsSessionStats& stats() const { return stats_; }

 private:
  bool AcceptPeerCertificate(X509* certificate) override;
  static unsigned int OnTimer(SSL* ssl, unsigned int previousUs);

  size_t MinProtectedRecordBody() const;
  void Process(base::ByteView datagram);
  void DriveHandshake();
  void OnHandshakeDone();
  void CompleteIfVerified();
  void ReadApplicationData();
  bool ExportSrtpKeys();
  void Finish(base::Timestamp now);
  void FlushOutput();
  void SetState(DtlsState state, std::string reason);
  void Fail(std::string reason);

  openssl::SslPtr ssl_;
  BIO* fromNetwork_ = nullptr;  // Owned by ssl_.
  BIO* toNetwork_ = nullptr;    // Owned by ssl_.
  size_t mtu_;
  base::Duration initialTimeout_;
  base::Duration maxTimeout_;

  DtlsState state_ = DtlsState::kNew;
  std::optional<DtlsRole> role_;
  bool handshakeDone_ = false;
  std::string failureReason_;
  std::string verifyFailure_;
  std::string remoteAlgorithm_;
  std::string remoteValue_;
  std::optional<DtlsSrtpKeys> pendingKeys_;
  std::optional<DtlsSrtpKeys> srtpKeys_;
  base::Timestamp deadline_ = base::kNever;

  DatagramQueue pendingInput_;
  DatagramQueue output_;
  DatagramQueue applicationData_;
  std::vector<uint8_t> readBuffer_;
  std::deque<DtlsEvent> events_;
  DtlsSessionStats stats_;
};

}  // namespace weir::engine
