#include "io/uv_network.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>

#include "io/clock.hpp"
#include "io/tcp_server.hpp"
#include "io/udp_socket.hpp"
#include "io/uv_timer.hpp"
#include "sfu/errors.hpp"

namespace weir::io {

UvNetwork::UvNetwork(uv_loop_t* loop, NetworkSettings settings)
    : loop_(loop), settings_(settings), batcher_(loop) {
  // Start the port scan at a random place so that restarted workers do not fight over the same
  // first ports while the kernel still holds them.
  std::random_device rd;
  nextPortOffset_ = rd();
}

UvNetwork::~UvNetwork() = default;

std::unique_ptr<sfu::UdpSocket> UvNetwork::BindUdp(const sfu::UdpBindOptions& options) {
  auto address = base::SocketAddress::Parse(options.ip, options.port);
  if (!address) sfu::ThrowTypeError("invalid IP address '%s'", options.ip);
  auto open = [&](const base::SocketAddress& at) -> std::unique_ptr<sfu::UdpSocket> {
    int fd = OpenUdpSocket(at, settings_.udpBufferSize);
    if (fd < 0) return nullptr;
    sockaddr_storage bound{};
    socklen_t len = sizeof(bound);
    getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &len);
    return std::make_unique<UdpSocket>(
        loop_, batcher_, fd,
        base::SocketAddress::FromSockaddr(reinterpret_cast<const sockaddr*>(&bound)));
  };
  if (options.port != 0) {
    auto socket = open(*address);
    if (!socket) {
      sfu::ThrowError("cannot bind UDP %s: %s", address->ToString(), std::strerror(errno));
    }
    return socket;
  }
  uint16_t min = options.portRangeMin != 0 ? options.portRangeMin : settings_.rtcMinPort;
  uint16_t max = options.portRangeMax != 0 ? options.portRangeMax : settings_.rtcMaxPort;
  if (min > max) sfu::ThrowTypeError("port range %u-%u is empty", min, max);
  uint32_t count = static_cast<uint32_t>(max) - min + 1;
  for (uint32_t attempt = 0; attempt < count; ++attempt) {
    uint16_t port = static_cast<uint16_t>(min + (nextPortOffset_++ % count));
    address->set_port(port);
    if (auto socket = open(*address)) return socket;
  }
  sfu::ThrowError("no free UDP port in %u-%u on %s", min, max, options.ip);
}

std::unique_ptr<sfu::TcpServer> UvNetwork::ListenTcp(const sfu::UdpBindOptions& options) {
  auto address = base::SocketAddress::Parse(options.ip, options.port);
  if (!address) sfu::ThrowTypeError("invalid IP address '%s'", options.ip);
  int error = 0;
  if (options.port != 0) {
    auto server = TcpServer::Listen(loop_, *address, &error);
    if (!server)
      sfu::ThrowError("cannot listen on TCP %s: %s", address->ToString(), uv_strerror(error));
    return server;
  }
  uint16_t min = options.portRangeMin != 0 ? options.portRangeMin : settings_.rtcMinPort;
  uint16_t max = options.portRangeMax != 0 ? options.portRangeMax : settings_.rtcMaxPort;
  if (min > max) sfu::ThrowTypeError("port range %u-%u is empty", min, max);
  uint32_t count = static_cast<uint32_t>(max) - min + 1;
  for (uint32_t attempt = 0; attempt < count; ++attempt) {
    address->set_port(static_cast<uint16_t>(min + (nextPortOffset_++ % count)));
    if (auto server = TcpServer::Listen(loop_, *address, &error)) return server;
  }
  sfu::ThrowError("no free TCP port in %u-%u on %s", min, max, options.ip);
}

std::unique_ptr<sfu::Timer> UvNetwork::CreateTimer(sfu::TimerListener* listener) {
  return std::make_unique<UvTimer>(loop_, listener);
}

base::Timestamp SystemClock::Now() const {
  return io::Now();
}

}  // namespace weir::io
