#include "proto/stun/stun_address.hpp"

#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>

namespace weir::proto::stun {
namespace {

// RFC 8489 14.2: IPv4 is xored with the magic cookie, IPv6 with the cookie followed by the
// transaction id; the port with the cookie's high 16 bits.
std::array<uint8_t, 16> XorMask(const TransactionId& tid) {
  std::array<uint8_t, 16> mask;
  base::StoreBe32(mask.data(), kMagicCookie);
  std::memcpy(mask.data() + 4, tid.data(), tid.size());
  return mask;
}

constexpr uint16_t kPortMask = static_cast<uint16_t>(kMagicCookie >> 16);

}  // namespace

StunAddress StunAddress::Ipv4(const std::array<uint8_t, 4>& ip, uint16_t port) {
  StunAddress a;
  a.family = Family::kIpv4;
  std::copy(ip.begin(), ip.end(), a.ip.begin());
  a.port = port;
  return a;
}

StunAddress StunAddress::Ipv6(const std::array<uint8_t, 16>& ip, uint16_t port) {
  StunAddress a;
  a.family = Family::kIpv6;
  a.ip = ip;
  a.port = port;
  return a;
}

bool operator==(const StunAddress& a, const StunAddress& b) {
  return a.family == b.family && a.port == b.port &&
         std::equal(a.ip.begin(), a.ip.begin() + a.ip_size(), b.ip.begin());
}

std::optional<StunAddress> DecodeXorAddress(base::ByteView value, const TransactionId& tid) {
  if (value.size() < 4) return std::nullopt;
  // value[0] is reserved and ignored (RFC 8489 14.1).
  StunAddress out;
  if (value[1] == static_cast<uint8_t>(StunAddress::Family::kIpv4) && value.size() == 8) {
    out.family = StunAddress::Family::kIpv4;
  } else if (value[1] == static_cast<uint8_t>(StunAddress::Family::kIpv6) && value.size() == 20) {
    out.family = StunAddress::Family::kIpv6;
  } else {
    return std::nullopt;
  }
  out.port = static_cast<uint16_t>(base::LoadBe16(&value[2]) ^ kPortMask);
  auto mask = XorMask(tid);
  for (size_t i = 0; i < out.ip_size(); ++i)
    out.ip[i] = value[4 + i] ^ mask[i];
  return out;
}

size_t EncodeXorAddress(const StunAddress& address, const TransactionId& tid, uint8_t* out) {
  out[0] = 0;
  out[1] = static_cast<uint8_t>(address.family);
  base::StoreBe16(out + 2, static_cast<uint16_t>(address.port ^ kPortMask));
  auto mask = XorMask(tid);
  for (size_t i = 0; i < address.ip_size(); ++i)
    out[4 + i] = address.ip[i] ^ mask[i];
  return address.value_size();
}

size_t ToSockaddr(const StunAddress& address, sockaddr_storage* out) {
  std::memset(out, 0, sizeof(*out));
  if (address.family == StunAddress::Family::kIpv4) {
    auto* sin = reinterpret_cast<sockaddr_in*>(out);
    sin->sin_family = AF_INET;
    sin->sin_port = htons(address.port);
    std::memcpy(&sin->sin_addr, address.ip.data(), 4);
    return sizeof(sockaddr_in);
  }
  auto* sin6 = reinterpret_cast<sockaddr_in6*>(out);
  sin6->sin6_family = AF_INET6;
  sin6->sin6_port = htons(address.port);
  std::memcpy(&sin6->sin6_addr, address.ip.data(), 16);
  return sizeof(sockaddr_in6);
}

std::optional<StunAddress> FromSockaddr(const sockaddr* address) {
  if (address == nullptr) return std::nullopt;
  if (address->sa_family == AF_INET) {
    sockaddr_in sin;
    std::memcpy(&sin, address, sizeof(sin));
    std::array<uint8_t, 4> ip;
    std::memcpy(ip.data(), &sin.sin_addr, 4);
    return StunAddress::Ipv4(ip, ntohs(sin.sin_port));
  }
  if (address->sa_family == AF_INET6) {
    sockaddr_in6 sin6;
    std::memcpy(&sin6, address, sizeof(sin6));
    std::array<uint8_t, 16> ip;
    std::memcpy(ip.data(), &sin6.sin6_addr, 16);
    return StunAddress::Ipv6(ip, ntohs(sin6.sin6_port));
  }
  return std::nullopt;
}

}  // namespace weir::proto::stun
