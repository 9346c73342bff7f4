#pragma once

// The remote end of one ICE path, as an ICE-lite agent sees it. A lite agent has only host
// candidates (RFC 8445 2.5), so the local end of a path is the socket the packet came in on and
// the transport owning that socket knows it; the agent tells paths apart by where the checks
// come from. Over UDP that is the remote address. Over TCP (RFC 6544 passive candidates) every
// connection is its own path, identified by the id the transport gave the connection: two
// connections from one address are two tuples, and closing one removes only its tuple.

#include <cstdint>
#include <string>
#include <utility>

#include "base/socket_address.hpp"

namespace weir::engine {

enum class IceProtocol : uint8_t { kUdp, kTcp };

struct IceTuple {
  base::SocketAddress remote;
  IceProtocol protocol = IceProtocol::kUdp;
  // The transport's id of the TCP connection; always 0 for UDP.
  uint64_t connectionId = 0;

  static IceTuple Udp(const base::SocketAddress& remote) { return {remote, IceProtocol::kUdp, 0}; }
  static IceTuple Tcp(const base::SocketAddress& remote, uint64_t connectionId) {
    return {remote, IceProtocol::kTcp, connectionId};
  }

  bool operator==(const IceTuple& other) const {
    return protocol == other.protocol && connectionId == other.connectionId &&
           remote == other.remote;
  }
  bool operator!=(const IceTuple& other) const { return !(*this == other); }

  template <typename H>
  friend H AbslHashValue(H h, const IceTuple& t) {
    return H::combine(std::move(h), t.remote, t.protocol, t.connectionId);
  }

  // "udp 192.0.2.1:5000" or "tcp#7 [2001:db8::1]:5000", for logs and dumps.
  std::string ToString() const {
    std::string out =
        protocol == IceProtocol::kUdp ? "udp " : "tcp#" + std::to_string(connectionId) + " ";
    return out + remote.ToString();
  }
};

}  // namespace weir::engine
