#pragma once

// The values a DtlsSession reports: its role and state, state-change events, the DTLS-SRTP keys
// and its counters.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/srtp/srtp_suite.hpp"

namespace weir::engine {

enum class DtlsRole : uint8_t { kClient, kServer };
enum class DtlsState : uint8_t { kNew, kConnecting, kConnected, kFailed, kClosed };

std::string_view DtlsRoleName(DtlsRole role);
std::string_view DtlsStateName(DtlsState state);

// A state change, in order. `reason` says why for failed and closed.
struct DtlsEvent {
  DtlsState state;
  std::string reason;
};

// SRTP master keys and salts from the DTLS exporter (RFC 5764 4.2), each as key || salt, the
// form SrtpSession::Create takes: `send` protects what we send, `receive` what the peer sends.
struct DtlsSrtpKeys {
  SrtpSuite suite;
  std::vector<uint8_t> send;
  std::vector<uint8_t> receive;
};

struct DtlsSessionStats {
  uint64_t datagramsIn = 0;
  uint64_t bytesIn = 0;
  uint64_t datagramsOut = 0;  // Queued for sending.
  uint64_t bytesOut = 0;
  uint64_t droppedInvalid = 0;          // Not a DTLS datagram (RFC 7983 range, size).
  uint64_t droppedBeforeStart = 0;      // Beyond what is held until Start().
  uint64_t droppedAfterEnd = 0;         // Arrived once failed or closed.
  uint64_t droppedOutgoing = 0;         // Output queue full.
  uint64_t droppedApplicationData = 0;  // Received application data queue full.
  uint64_t retransmissions = 0;         // HandleTimeout calls that resent a flight.
};

}  // namespace weir::engine
