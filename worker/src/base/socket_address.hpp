#pragma once

// An IPv4 or IPv6 address and port, as the sockets API holds it. Pure data: comparable and
// hashable (transports key their tuples by it), printable for logs and dumps.

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace weir::base {

class SocketAddress {
 public:
  SocketAddress() = default;
  // Parses a numeric IPv4 or IPv6 address ("127.0.0.1", "::1"); nullopt if it is neither.
  static std::optional<SocketAddress> Parse(std::string_view ip, uint16_t port);
  static SocketAddress FromSockaddr(const sockaddr* sa);

  bool valid() const { return storage_.ss_family == AF_INET || storage_.ss_family == AF_INET6; }
  bool is_v6() const { return storage_.ss_family == AF_INET6; }
  int family() const { return storage_.ss_family; }
  uint16_t port() const;
  void set_port(uint16_t port);
  std::string ip() const;
  std::string ToString() const;  // "1.2.3.4:5" or "[::1]:5"

  const sockaddr* sockaddr_ptr() const { return reinterpret_cast<const sockaddr*>(&storage_); }
  socklen_t sockaddr_len() const {
    return is_v6() ? sizeof(sockaddr_in6) : static_cast<socklen_t>(sizeof(sockaddr_in));
  }

  bool operator==(const SocketAddress& other) const;
  bool operator!=(const SocketAddress& other) const { return !(*this == other); }

  template <typename H>
  friend H AbslHashValue(H h, const SocketAddress& a) {
    if (a.is_v6()) {
      const auto& v6 = reinterpret_cast<const sockaddr_in6&>(a.storage_);
      return H::combine(H::combine_contiguous(std::move(h), v6.sin6_addr.s6_addr, 16),
                        v6.sin6_port);
    }
    const auto& v4 = reinterpret_cast<const sockaddr_in&>(a.storage_);
    return H::combine(std::move(h), v4.sin_addr.s_addr, v4.sin_port, a.storage_.ss_family);
  }

 private:
  sockaddr_storage storage_{};
};

}  // namespace weir::base
