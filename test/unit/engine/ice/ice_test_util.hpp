#pragma once

// Builds STUN messages the way peers send them, for the ICE-lite server tests: Chromium's
// connectivity checks carry USERNAME "<our ufrag>:<its ufrag>", GOOG-NETWORK-INFO (0xC057,
// comprehension-optional), ICE-CONTROLLING with a tie-breaker, USE-CANDIDATE when nominating,
// PRIORITY, then MESSAGE-INTEGRITY keyed with our password and FINGERPRINT.

#include <doctest/doctest.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/socket_address.hpp"
#include "base/time.hpp"
#include "engine/ice/ice_server.hpp"
#include "proto/stun/stun_builder.hpp"
#include "proto/stun/stun_message.hpp"

namespace weir::engine::test {

namespace stun = proto::stun;

inline constexpr std::string_view kUfrag = "LocalUfrag0Abcd+";
inline constexpr std::string_view kPassword = "LocalPassword0123456789abcdef+/X";
inline constexpr std::string_view kRemoteUfrag = "Rmt9";

struct Check {
  std::optional<std::string> username = std::string(kUfrag) + ":" + std::string(kRemoteUfrag);
  std::optional<std::string> password = std::string(kPassword);  // nullopt: no integrity.
  bool priority = true;
  bool controlling = true;
  bool controlled = false;
  bool useCandidate = false;
  std::optional<uint32_t> nomination;
  bool fingerprint = true;
  std::vector<uint16_t> extraTypes;  // Empty attributes (unknown types for 420 tests).
  stun::StunClass cls = stun::StunClass::kRequest;
  uint16_t method = stun::method::kBinding;
  uint8_t tidSeed = 1;
};

inline std::vector<uint8_t> Build(const Check& c) {
  std::vector<uint8_t> buf(512);
  stun::TransactionId tid;
  for (size_t i = 0; i < tid.size(); ++i)
    tid[i] = static_cast<uint8_t>(c.tidSeed + i);
  stun::StunBuilder b(buf, c.cls, c.method, tid);
  if (c.username) b.AddString(stun::attr::kUsername, *c.username);
  b.AddUint32(0xC057, 0x00010032);  // GOOG-NETWORK-INFO: network id 1, cost 50.
  if (c.controlling) b.AddUint64(stun::attr::kIceControlling, 0x0123456789ABCDEFull);
  if (c.controlled) b.AddUint64(stun::attr::kIceControlled, 0x0123456789ABCDEFull);
  if (c.useCandidate) b.AddEmpty(stun::attr::kUseCandidate);
  if (c.nomination) b.AddUint32(stun::attr::kNomination, *c.nomination);
  if (c.priority) b.AddUint32(stun::attr::kPriority, 1853824767);
  for (uint16_t t : c.extraTypes)
    b.AddEmpty(t);
  if (c.password) b.AddMessageIntegrity(stun::HmacSha1Key(std::string_view(*c.password)));
  if (c.fingerprint) b.AddFingerprint();
  buf.resize(b.Finish());
  REQUIRE(!buf.empty());
  return buf;
}

inline base::SocketAddress Addr(const char* ip, uint16_t port) {
  auto a = base::SocketAddress::Parse(ip, port);
  REQUIRE(a);
  return *a;
}

inline IceTuple Udp(const char* ip, uint16_t port) {
  return IceTuple::Udp(Addr(ip, port));
}

// An IceServer plus a clock and the buffer its answers go to.
struct Harness {
  explicit Harness(IceServerConfig config = {})
      : server(std::string(kUfrag), std::string(kPassword), config) {}

  // Sends bytes from tuple at now; returns the size of the answer (in out).
  size_t Send(const std::vector<uint8_t>& bytes, const IceTuple& tuple) {
    auto msg = stun::StunMessage::Parse(bytes);
    REQUIRE(msg);
    return server.HandleStun(now, *msg, tuple, out);
  }
  size_t Send(const Check& check, const IceTuple& tuple) { return Send(Build(check), tuple); }

  // The answer of the last Send as a parsed message.
  std::optional<stun::StunMessage> Answer(size_t size) const {
    return stun::StunMessage::Parse(base::ByteView(out.data(), size));
  }
  // The error code of the last answer, 0 for none or success.
  uint16_t ErrorOf(size_t size) const {
    auto a = Answer(size);
    if (!a || !a->error_code()) return 0;
    return a->error_code()->code;
  }

  std::vector<IceEvent> Events() {
    std::vector<IceEvent> events;
    while (auto e = server.PollEvent())
      events.push_back(std::move(*e));
    return events;
  }

  void Advance(base::Duration d) { now += d; }

  IceServer server;
  base::Timestamp now = base::FromMillis(1'000'000);
  std::array<uint8_t, IceServer::kMaxResponseSize> out{};
};

inline Check Nominating() {
  Check c;
  c.useCandidate = true;
  return c;
}

inline Check WithNomination(uint32_t value) {
  Check c;
  c.nomination = value;
  return c;
}

}  // namespace weir::engine::test
