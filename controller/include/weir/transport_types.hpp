#pragma once

// Value types of the transport API: where a transport listens, its tuples and SRTP keys, ICE and
// DTLS states, trace event types. Names and meanings follow channel-schema/ (and mediasoup).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace weir {

enum class Protocol { kUdp, kTcp };
std::string_view ProtocolName(Protocol protocol);  // "udp", "tcp"

struct PortRange {
  uint16_t min = 0;
  uint16_t max = 0;
};

// Where a transport (or a WebRtcServer) listens.
struct ListenInfo {
  Protocol protocol = Protocol::kUdp;
  std::string ip;                // "127.0.0.1", "0.0.0.0", "::", ...
  std::string announcedAddress;  // Put in candidates and tuples instead of `ip` (NAT, DNS name).
  uint16_t port = 0;  // 0: a free port from portRange, or from the worker's rtc port range.
  std::optional<PortRange> portRange;
};

// A transport's 5-tuple (remoteIp empty and remotePort 0 until the remote is known).
struct TransportTuple {
  std::string localAddress;
  uint16_t localPort = 0;
  std::string remoteIp;
  uint16_t remotePort = 0;
  Protocol protocol = Protocol::kUdp;

  bool operator==(const TransportTuple&) const = default;
};

struct SrtpParameters {
  // "AEAD_AES_256_GCM", "AEAD_AES_128_GCM", "AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32"
  std::string cryptoSuite;
  std::string keyBase64;  // master key and salt

  bool operator==(const SrtpParameters&) const = default;
};

enum class IceState { kNew, kConnected, kCompleted, kDisconnected, kClosed };
std::string_view IceStateName(IceState state);  // "new", "connected", ...
std::optional<IceState> ParseIceState(std::string_view name);

enum class DtlsState { kNew, kConnecting, kConnected, kFailed, kClosed };
std::string_view DtlsStateName(DtlsState state);
std::optional<DtlsState> ParseDtlsState(std::string_view name);

// What EnableTraceEvent() turns on ("rtp", "keyframe", "nack", "pli", "fir", "probation", "bwe");
// the events arrive as "transport.trace", "producer.trace", "consumer.trace" notifications.
enum class TraceEventType { kRtp, kKeyFrame, kNack, kPli, kFir, kProbation, kBwe };
std::string_view TraceEventTypeName(TraceEventType type);

}  // namespace weir
