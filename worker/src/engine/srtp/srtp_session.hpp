#pragma once

// One direction of SRTP/SRTCP for a transport (RFC 3711, RFC 7714), on libsrtp2. Inbound sessions
// accept any SSRC (streams are created as packets authenticate); outbound sessions likewise.
// Work is in place: protect needs kSrtpMaxTrailer bytes of spare capacity after the packet.
//
// Replay protection is libsrtp's (a 1024-packet window inbound); retransmissions of an
// already-protected sequence number are allowed outbound (NACK answers without RTX).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "base/bytes.hpp"
#include "engine/srtp/srtp_suite.hpp"

namespace weir::engine {

enum class SrtpResult : uint8_t { kOk, kAuthFailure, kReplay, kError };

class SrtpSession {
 public:
  enum class Direction : uint8_t { kInbound, kOutbound };

  // Returns nullptr (and an explanation) if the key does not fit the suite or libsrtp refuses.
  static std::unique_ptr<SrtpSession> Create(Direction direction, SrtpSuite suite,
                                             base::ByteView keyAndSalt, std::string* error);
  ~SrtpSession();
  SrtpSession(const SrtpSession&) = delete;
  SrtpSession& operator=(const SrtpSession&) = delete;

  // `buffer` holds the packet in its first `*length` bytes and has room for the trailer;
  // `*length` is updated.
  SrtpResult ProtectRtp(base::MutableByteView buffer, size_t* length);
  SrtpResult ProtectRtcp(base::MutableByteView buffer, size_t* length);
  SrtpResult UnprotectRtp(base::MutableByteView buffer, size_t* length);
  SrtpResult UnprotectRtcp(base::MutableByteView buffer, size_t* length);

  // Forgets a stream's state (a consumer went away), so memory does not grow with SSRC churn.
  void RemoveStream(uint32_t ssrc);

  SrtpSuite suite() const { return suite_; }

 private:
  SrtpSession(SrtpSuite suite, void* session) : suite_(suite), session_(session) {}

  SrtpSuite suite_;
  void* session_;  // srtp_t, kept opaque so libsrtp's header stays out of every includer.
};

}  // namespace weir::engine
