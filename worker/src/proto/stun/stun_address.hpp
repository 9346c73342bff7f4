#pragma once

// A transport address as STUN carries it (RFC 8489 14.1/14.2): family, 4 or 16 address bytes
// and a port, with the XOR obfuscation of XOR-MAPPED-ADDRESS. Plain data, no sockaddr inside;
// conversions to and from sockaddr_storage are offered for the io edge.

#include <array>
#include <cstdint>
#include <optional>

#include "base/bytes.hpp"
#include "proto/stun/stun_constants.hpp"

struct sockaddr;
struct sockaddr_storage;

namespace weir::proto::stun {

struct StunAddress {
  // RFC 8489 14.1: the family byte of (XOR-)MAPPED-ADDRESS.
  enum class Family : uint8_t { kIpv4 = 0x01, kIpv6 = 0x02 };

  Family family = Family::kIpv4;
  std::array<uint8_t, 16> ip{};  // Network order; IPv4 uses the first 4 bytes, the rest are 0.
  uint16_t port = 0;

  static StunAddress Ipv4(const std::array<uint8_t, 4>& ip, uint16_t port);
  static StunAddress Ipv6(const std::array<uint8_t, 16>& ip, uint16_t port);

  size_t ip_size() const { return family == Family::kIpv4 ? 4 : 16; }
  // The value size of a (XOR-)MAPPED-ADDRESS attribute for this family: 8 or 20.
  size_t value_size() const { return 4 + ip_size(); }

  friend bool operator==(const StunAddress& a, const StunAddress& b);
};

inline constexpr size_t kMaxAddressValueSize = 20;

// Decodes an XOR-MAPPED-ADDRESS value (RFC 8489 14.2): nullopt for an unknown family or a size
// that does not match it.
std::optional<StunAddress> DecodeXorAddress(base::ByteView value, const TransactionId& tid);
// Encodes an XOR-MAPPED-ADDRESS value into out (at least value_size() bytes); returns the size.
size_t EncodeXorAddress(const StunAddress& address, const TransactionId& tid, uint8_t* out);

// Conversions for the io edge. ToSockaddr returns the socklen to pass to sendto().
size_t ToSockaddr(const StunAddress& address, sockaddr_storage* out);
std::optional<StunAddress> FromSockaddr(const sockaddr* address);

}  // namespace weir::proto::stun
