#include "base/socket_address.hpp"

#include <arpa/inet.h>

#include <cstring>
#include <string>

namespace weir::base {

std::optional<SocketAddress> SocketAddress::Parse(std::string_view ip, uint16_t port) {
  std::string text(ip);
  SocketAddress address;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&address.storage_);
  if (inet_pton(AF_INET, text.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(port);
    return address;
  }
  address.storage_ = {};
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&address.storage_);
  if (inet_pton(AF_INET6, text.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(port);
    return address;
  }
  return std::nullopt;
}

SocketAddress SocketAddress::FromSockaddr(const sockaddr* sa) {
  SocketAddress address;
  if (sa == nullptr) return address;
  if (sa->sa_family == AF_INET) {
    std::memcpy(&address.storage_, sa, sizeof(sockaddr_in));
  } else if (sa->sa_family == AF_INET6) {
    std::memcpy(&address.storage_, sa, sizeof(sockaddr_in6));
  }
  return address;
}

uint16_t SocketAddress::port() const {
  if (is_v6()) return ntohs(reinterpret_cast<const sockaddr_in6&>(storage_).sin6_port);
  if (storage_.ss_family == AF_INET) {
    return ntohs(reinterpret_cast<const sockaddr_in&>(storage_).sin_port);
  }
  return 0;
}

void SocketAddress::set_port(uint16_t port) {
  if (is_v6()) {
    reinterpret_cast<sockaddr_in6&>(storage_).sin6_port = htons(port);
  } else if (storage_.ss_family == AF_INET) {
    reinterpret_cast<sockaddr_in&>(storage_).sin_port = htons(port);
  }
}

std::string SocketAddress::ip() const {
  char buffer[INET6_ADDRSTRLEN] = {};
  if (is_v6()) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6&>(storage_).sin6_addr, buffer,
              sizeof(buffer));
  } else if (storage_.ss_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in&>(storage_).sin_addr, buffer,
              sizeof(buffer));
  }
  return buffer;
}

std::string SocketAddress::ToString() const {
  if (is_v6()) return "[" + ip() + "]:" + std::to_string(port());
  return ip() + ":" + std::to_string(port());
}

bool SocketAddress::operator==(const SocketAddress& other) const {
  if (storage_.ss_family != other.storage_.ss_family) return false;
  if (is_v6()) {
    const auto& a = reinterpret_cast<const sockaddr_in6&>(storage_);
    const auto& b = reinterpret_cast<const sockaddr_in6&>(other.storage_);
    return a.sin6_port == b.sin6_port && std::memcmp(&a.sin6_addr, &b.sin6_addr, 16) == 0;
  }
  if (storage_.ss_family == AF_INET) {
    const auto& a = reinterpret_cast<const sockaddr_in&>(storage_);
    const auto& b = reinterpret_cast<const sockaddr_in&>(other.storage_);
    return a.sin_port == b.sin_port && a.sin_addr.s_addr == b.sin_addr.s_addr;
  }
  return true;
}

}  // namespace weir::base
