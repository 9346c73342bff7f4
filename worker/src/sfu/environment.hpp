#pragma once

// The interfaces sfu/ needs from the outside world, implemented by io/ (libuv) in the worker and
// by in-memory fakes in tests (test/support/). sfu/ never touches a socket, a loop or a clock
// except through these.

#include <cstdint>
#include <memory>
#include <string>

#include "base/bytes.hpp"
#include "base/socket_address.hpp"
#include "base/time.hpp"

namespace weir::engine {
class DtlsCertificate;
class DtlsContext;
}  // namespace weir::engine

namespace weir::sfu {

class Notifier;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual base::Timestamp Now() const = 0;
};

class TimerListener {
 public:
  virtual ~TimerListener() = default;
  virtual void OnTimer(base::Timestamp now) = 0;
};

// A one-shot timer. Arm() replaces any earlier deadline; destroying the timer disarms it.
class Timer {
 public:
  virtual ~Timer() = default;
  virtual void Arm(base::Timestamp deadline) = 0;
  virtual void Disarm() = 0;
};

class DatagramListener {
 public:
  virtual ~DatagramListener() = default;
  // `data` may be modified in place (decryption, RTX decapsulation); it is valid for this call.
  virtual void OnDatagram(base::Timestamp now, base::MutableByteView data,
                          const base::SocketAddress& from) = 0;
};

struct UdpSocketStats {
  uint64_t packetsSent = 0;
  uint64_t bytesSent = 0;
  uint64_t sendErrors = 0;
};

class UdpSocket {
 public:
  virtual ~UdpSocket() = default;
  virtual const base::SocketAddress& local() const = 0;
  virtual void SetListener(DatagramListener* listener) = 0;
  // Copies the datagram out (the caller may reuse its buffer at once). Sends may be batched until
  // the end of the current loop iteration; order is preserved per socket.
  virtual void Send(base::ByteView data, const base::SocketAddress& to) = 0;
  virtual const UdpSocketStats& stats() const = 0;
};

// A TCP connection (ICE-TCP passive candidates).
class StreamConnection;

class StreamListener {
 public:
  virtual ~StreamListener() = default;
  virtual void OnStreamData(base::Timestamp now, StreamConnection& connection,
                            base::ByteView data) = 0;
  // The peer closed, or reading failed. The listener may destroy the connection from here.
  virtual void OnStreamClosed(base::Timestamp now, StreamConnection& connection) = 0;
};

class StreamConnection {
 public:
  virtual ~StreamConnection() = default;
  virtual const base::SocketAddress& local() const = 0;
  virtual const base::SocketAddress& remote() const = 0;
  virtual void SetListener(StreamListener* listener) = 0;
  // Writes header then data (either may be empty), in order. False when dropped: the write
  // queue is over its cap (a peer that does not read must not grow the worker's memory).
  virtual bool Send(base::ByteView header, base::ByteView data) = 0;
};

class TcpServerListener {
 public:
  virtual ~TcpServerListener() = default;
  virtual void OnTcpConnection(base::Timestamp now,
                               std::unique_ptr<StreamConnection> connection) = 0;
};

class TcpServer {
 public:
  virtual ~TcpServer() = default;
  virtual const base::SocketAddress& local() const = 0;
  virtual void SetListener(TcpServerListener* listener) = 0;
};

struct UdpBindOptions {
  std::string ip;             // Numeric IPv4 or IPv6 listen address.
  uint16_t port = 0;          // 0: a free port in [portRangeMin, portRangeMax].
  uint16_t portRangeMin = 0;  // 0 for both: the worker's --rtc-min-port/--rtc-max-port.
  uint16_t portRangeMax = 0;
};

class Network {
 public:
  virtual ~Network() = default;
  // Throws sfu::Error (TypeError for a bad address, Error when no port is free).
  virtual std::unique_ptr<UdpSocket> BindUdp(const UdpBindOptions& options) = 0;
  // A listening TCP socket, same address and port rules as BindUdp.
  virtual std::unique_ptr<TcpServer> ListenTcp(const UdpBindOptions& options) = 0;
  virtual std::unique_ptr<Timer> CreateTimer(TimerListener* listener) = 0;
};

// Everything a sfu object may need from its surroundings, passed down from the Worker. The
// DTLS identity is the worker's (one certificate per worker); WebRtcTransports need it.
struct Environment {
  Clock& clock;
  Network& network;
  Notifier& notifier;
  const engine::DtlsCertificate* dtlsCertificate = nullptr;
  const engine::DtlsContext* dtlsContext = nullptr;
};

}  // namespace weir::sfu
