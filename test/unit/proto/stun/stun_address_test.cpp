#include "proto/stun/stun_address.hpp"

#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstring>
#include <vector>

#include "rfc5769_vectors.hpp"

namespace weir::proto::stun {
namespace {

const TransactionId kTid = {0xb7, 0xe7, 0xa7, 0x01, 0xbc, 0x34, 0xd6, 0x86, 0xfa, 0x87, 0xdf, 0xae};

TEST_CASE("XOR-MAPPED-ADDRESS values of RFC 5769 2.2 and 2.3") {
  auto v4 = test::Hex("00 01 a1 47 e1 12 a6 43");
  auto a = DecodeXorAddress(v4, kTid);
  REQUIRE(a);
  CHECK(*a == StunAddress::Ipv4({192, 0, 2, 1}, 32853));
  uint8_t out[kMaxAddressValueSize];
  REQUIRE(EncodeXorAddress(*a, kTid, out) == 8);
  CHECK(std::vector<uint8_t>(out, out + 8) == v4);

  auto v6 = test::Hex("00 02 a1 47 01 13 a9 fa a5 d3 f1 79 bc 25 f4 b5 be d2 b9 d9");
  auto b = DecodeXorAddress(v6, kTid);
  REQUIRE(b);
  CHECK(*b == StunAddress::Ipv6({0x20, 0x01, 0x0d, 0xb8, 0x12, 0x34, 0x56, 0x78, 0x00, 0x11, 0x22,
                                 0x33, 0x44, 0x55, 0x66, 0x77},
                                32853));
  REQUIRE(EncodeXorAddress(*b, kTid, out) == 20);
  CHECK(std::vector<uint8_t>(out, out + 20) == v6);
}

TEST_CASE("XOR address decode rejects bad sizes and families") {
  auto v4 = test::Hex("00 01 a1 47 e1 12 a6 43");
  for (size_t n = 0; n < v4.size(); ++n)
    CHECK_FALSE(DecodeXorAddress({v4.data(), n}, kTid));
  auto v4as6 = v4;
  v4as6[1] = 2;
  CHECK_FALSE(DecodeXorAddress(v4as6, kTid));
  auto v4fam3 = v4;
  v4fam3[1] = 3;
  CHECK_FALSE(DecodeXorAddress(v4fam3, kTid));
  auto longer = v4;
  longer.push_back(0);
  CHECK_FALSE(DecodeXorAddress(longer, kTid));
  // The reserved first byte is ignored.
  auto reserved = v4;
  reserved[0] = 0xFF;
  CHECK(DecodeXorAddress(reserved, kTid));
}

TEST_CASE("sockaddr conversions") {
  sockaddr_storage ss;
  auto v4 = StunAddress::Ipv4({127, 0, 0, 1}, 40000);
  REQUIRE(ToSockaddr(v4, &ss) == sizeof(sockaddr_in));
  auto* sin = reinterpret_cast<sockaddr_in*>(&ss);
  CHECK(sin->sin_family == AF_INET);
  CHECK(ntohs(sin->sin_port) == 40000);
  CHECK(ntohl(sin->sin_addr.s_addr) == 0x7F000001u);
  CHECK(FromSockaddr(reinterpret_cast<sockaddr*>(&ss)) == v4);

  sockaddr_in6 sin6{};
  sin6.sin6_family = AF_INET6;
  sin6.sin6_port = htons(3478);
  REQUIRE(inet_pton(AF_INET6, "2001:db8::1", &sin6.sin6_addr) == 1);
  auto v6 = FromSockaddr(reinterpret_cast<sockaddr*>(&sin6));
  REQUIRE(v6);
  CHECK(v6->family == StunAddress::Family::kIpv6);
  CHECK(v6->port == 3478);
  CHECK(v6->ip[0] == 0x20);
  CHECK(v6->ip[15] == 0x01);
  REQUIRE(ToSockaddr(*v6, &ss) == sizeof(sockaddr_in6));
  CHECK(std::memcmp(&reinterpret_cast<sockaddr_in6*>(&ss)->sin6_addr, &sin6.sin6_addr, 16) == 0);

  sockaddr unix{};
  unix.sa_family = AF_UNIX;
  CHECK_FALSE(FromSockaddr(&unix));
  CHECK_FALSE(FromSockaddr(nullptr));
}

TEST_CASE("address equality looks only at the family's bytes") {
  auto a = StunAddress::Ipv4({1, 2, 3, 4}, 5);
  auto b = a;
  b.ip[10] = 9;  // Beyond the IPv4 bytes.
  CHECK(a == b);
  b.port = 6;
  CHECK_FALSE(a == b);
  auto c = StunAddress::Ipv6({1, 2, 3, 4}, 5);
  CHECK_FALSE(a == c);
}

}  // namespace
}  // namespace weir::proto::stun
