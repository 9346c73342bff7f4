// Arbitrary datagrams into an ICE-lite server (engine/ice/ice_server.hpp) from a handful of
// tuples, on a clock the input drives, with removals, restarts and timeouts mixed in.
//
// Input: one setup byte, then records [control][length hi][length lo][length bytes].
//   setup:   bits 0-1 start state (0 new, 1 connected, 2 completed on two tuples, 3 completed
//            then restarted so old and new credentials are both live); bit 2 lets indications
//            refresh consent.
//   control: bits 0-3 the source tuple among 16 (UDP v4/v6, TCP connections sharing an
//            address; more than the server remembers, so eviction happens); bits 4-5 how far
//            the clock moves first (0, 1 s, 10 s, 31 s); bits 6-7 the action: 0-1 the bytes as
//            a datagram, 2 the bytes re-signed with the current password (so mutations get
//            past MESSAGE-INTEGRITY), 3 a call picked by the first byte (re-sign with the old
//            password, RemoveTuple, restart, force selection, timeout, close).
// Every answer must parse as STUN, echo the transaction id, carry a valid FINGERPRINT and, for
// a success, the tuple's address and a MESSAGE-INTEGRITY from one of our passwords. The events
// must replay into exactly the server's state (valid tuples, selection, ICE state).

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "engine/ice/ice_server.hpp"
#include "proto/stun/stun_address.hpp"
#include "proto/stun/stun_builder.hpp"
#include "proto/stun/stun_message.hpp"

using namespace weir;
using namespace weir::engine;
namespace stun = weir::proto::stun;

namespace {

#define FUZZ_CHECK(cond) \
  if (!(cond)) std::abort()

constexpr std::string_view kUfrag = "FuzzUfrag0000000";
constexpr std::string_view kPassword = "FuzzPassword00000000000000000000";
constexpr std::string_view kNewUfrag = "FuzzUfrag1111111";
constexpr std::string_view kNewPassword = "FuzzPassword11111111111111111111";
constexpr size_t kTupleCount = 16;

std::array<IceTuple, kTupleCount> MakeTuples() {
  const std::array<base::SocketAddress, 4> addresses = {
      *base::SocketAddress::Parse("192.0.2.1", 5000),
      *base::SocketAddress::Parse("192.0.2.2", 6000),
      *base::SocketAddress::Parse("2001:db8::1", 5000), *base::SocketAddress::Parse("::1", 1)};
  std::array<IceTuple, kTupleCount> tuples;
  for (size_t i = 0; i < kTupleCount; ++i) {
    const auto& address = addresses[i % addresses.size()];
    // 0-3 UDP, 4-7 UDP on another port, 8-15 TCP connections (two per address).
    if (i < 4) {
      tuples[i] = IceTuple::Udp(address);
    } else if (i < 8) {
      auto other = address;
      other.set_port(static_cast<uint16_t>(address.port() + 1));
      tuples[i] = IceTuple::Udp(other);
    } else {
      tuples[i] = IceTuple::Tcp(address, i);
    }
  }
  return tuples;
}

const std::array<IceTuple, kTupleCount>& Tuples() {
  static const auto tuples = MakeTuples();
  return tuples;
}

const std::vector<std::string>& AllPasswords() {
  static const std::vector<std::string> passwords = {std::string(kPassword),
                                                     std::string(kNewPassword)};
  return passwords;
}

// A Chromium-style check signed with password.
std::vector<uint8_t> ValidCheck(std::string_view ufrag, std::string_view password, bool nominate,
                                uint8_t seed) {
  std::vector<uint8_t> buf(256);
  stun::TransactionId tid;
  tid.fill(seed);
  stun::StunBuilder b(buf, stun::StunClass::kRequest, stun::method::kBinding, tid);
  b.AddString(stun::attr::kUsername, std::string(ufrag) + ":Peer");
  b.AddUint64(stun::attr::kIceControlling, 42);
  if (nominate) b.AddEmpty(stun::attr::kUseCandidate);
  b.AddUint32(stun::attr::kPriority, 1853824767);
  b.AddMessageIntegrity(stun::HmacSha1Key(password));
  b.AddFingerprint();
  buf.resize(b.Finish());
  return buf;
}

// The attributes of msg before any integrity/fingerprint, re-signed with password.
std::optional<std::vector<uint8_t>> Resign(base::ByteView data, std::string_view password) {
  auto msg = stun::StunMessage::Parse(data);
  if (!msg) return std::nullopt;
  std::vector<uint8_t> buf(data.size() + 64);
  stun::StunBuilder b(buf, msg->message_class(), msg->method(), msg->transaction_id());
  bool stop = false;
  msg->ForEachAttribute([&](uint16_t type, base::ByteView value, size_t) {
    if (stop) return;
    if (type == stun::attr::kMessageIntegrity || type == stun::attr::kMessageIntegritySha256 ||
        type == stun::attr::kFingerprint) {
      stop = true;
      return;
    }
    b.AddAttribute(type, value);
  });
  b.AddMessageIntegrity(stun::HmacSha1Key(password));
  if (msg->has_fingerprint()) b.AddFingerprint();
  size_t n = b.Finish();
  if (n == 0) return std::nullopt;
  buf.resize(n);
  return buf;
}

// The server's state as its events describe it.
struct Mirror {
  std::array<bool, kTupleCount> valid{};
  std::optional<IceTuple> selected;
  IceState state = IceState::kNew;

  void Apply(const IceEvent& e) {
    switch (e.kind) {
      case IceEvent::Kind::kStateChanged:
        FUZZ_CHECK(e.state != state);
        state = e.state;
        break;
      case IceEvent::Kind::kSelectedTupleChanged:
        FUZZ_CHECK(e.tuple != selected);
        selected = e.tuple;
        break;
      case IceEvent::Kind::kTupleAdded:
      case IceEvent::Kind::kTupleRemoved: {
        FUZZ_CHECK(e.tuple.has_value());
        bool added = e.kind == IceEvent::Kind::kTupleAdded;
        for (size_t i = 0; i < kTupleCount; ++i) {
          if (Tuples()[i] != *e.tuple) continue;
          FUZZ_CHECK(valid[i] != added);
          valid[i] = added;
        }
        break;
      }
      case IceEvent::Kind::kUfragRetired:
        FUZZ_CHECK(e.ufrag == kUfrag || e.ufrag == kNewUfrag);
        break;
    }
  }
};

void CheckInvariants(IceServer& server, Mirror& mirror) {
  while (auto e = server.PollEvent())
    mirror.Apply(*e);
  FUZZ_CHECK(server.stats().eventsDropped == 0);
  FUZZ_CHECK(mirror.state == server.state());
  const IceTuple* selected = server.selected_tuple();
  FUZZ_CHECK((selected != nullptr) == mirror.selected.has_value());
  if (selected != nullptr) FUZZ_CHECK(*selected == *mirror.selected);
  bool live = server.state() == IceState::kConnected || server.state() == IceState::kCompleted;
  FUZZ_CHECK(live == (selected != nullptr));
  if (selected != nullptr) FUZZ_CHECK(server.IsValidTuple(*selected));
  size_t valid = 0;
  for (size_t i = 0; i < kTupleCount; ++i) {
    FUZZ_CHECK(server.IsValidTuple(Tuples()[i]) == mirror.valid[i]);
    valid += mirror.valid[i] ? 1 : 0;
  }
  FUZZ_CHECK(valid == server.tuple_count());
  FUZZ_CHECK(server.tuple_count() <= IceTupleTable::kCapacity);
  if (server.tuple_count() == 0) FUZZ_CHECK(server.NextTimeout() == base::kNever);
}

void CheckAnswer(const stun::StunMessage& request, const IceTuple& tuple, base::ByteView answer) {
  auto response = stun::StunMessage::Parse(answer);
  FUZZ_CHECK(response.has_value());
  FUZZ_CHECK(request.IsBindingRequest());
  FUZZ_CHECK(response->method() == stun::method::kBinding);
  FUZZ_CHECK(response->transaction_id() == request.transaction_id());
  FUZZ_CHECK(response->CheckFingerprint());
  if (response->message_class() == stun::StunClass::kSuccessResponse) {
    FUZZ_CHECK(response->xor_mapped_address() == stun::FromSockaddr(tuple.remote.sockaddr_ptr()));
    bool signedByUs = false;
    for (const auto& p : AllPasswords())
      signedByUs = signedByUs || response->CheckMessageIntegrity(p);
    FUZZ_CHECK(signedByUs);
    return;
  }
  FUZZ_CHECK(response->message_class() == stun::StunClass::kErrorResponse);
  auto code = response->error_code();
  FUZZ_CHECK(code.has_value());
  FUZZ_CHECK(code->code == 400 || code->code == 401 || code->code == 420 || code->code == 487);
  if (code->code == 401) FUZZ_CHECK(!response->has_message_integrity());
  if (code->code == 420 || code->code == 487) FUZZ_CHECK(response->has_message_integrity());
}

size_t Feed(IceServer& server, base::Timestamp now, base::ByteView datagram,
            const IceTuple& tuple) {
  auto msg = stun::StunMessage::Parse(datagram);
  if (!msg) return 0;
  std::array<uint8_t, IceServer::kMaxResponseSize> out{};
  size_t n = server.HandleStun(now, *msg, tuple, out);
  FUZZ_CHECK(n <= out.size());
  if (n > 0) CheckAnswer(*msg, tuple, base::ByteView(out.data(), n));
  return n;
}

void Control(IceServer& server, base::Timestamp now, base::ByteView data, const IceTuple& tuple) {
  uint8_t pick = data.empty() ? 0 : data[0];
  base::ByteView rest = data.empty() ? data : data.subspan(1);
  switch (pick % 6) {
    case 0:
      if (auto resigned = Resign(rest, kPassword)) Feed(server, now, *resigned, tuple);
      break;
    case 1: {
      bool wasValid = server.IsValidTuple(tuple);
      FUZZ_CHECK(server.RemoveTuple(now, tuple) == wasValid);
      FUZZ_CHECK(!server.IsValidTuple(tuple));
      break;
    }
    case 2:
      server.RestartIce(std::string(kNewUfrag), std::string(kNewPassword));
      break;
    case 3: {
      bool forced = server.ForceSelectedTuple(tuple);
      if (forced) FUZZ_CHECK(*server.selected_tuple() == tuple);
      break;
    }
    case 4: {
      base::Timestamp deadline = server.NextTimeout();
      if (deadline != base::kNever) server.HandleTimeout(deadline);
      break;
    }
    case 5:
      // Rare on purpose: closing ends the exploration.
      if (!rest.empty() && rest[0] == 0xC1) server.Close();
      break;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  uint8_t setup = data[0];
  IceServerConfig config;
  config.indicationsRefreshConsent = (setup & 0x04) != 0;
  IceServer server{std::string(kUfrag), std::string(kPassword), config};
  Mirror mirror;
  base::Timestamp now = base::FromMillis(1'000'000);
  const auto& tuples = Tuples();

  // Reach the requested starting state with checks as a browser sends them.
  switch (setup & 0x03) {
    case 1:
      FUZZ_CHECK(Feed(server, now, ValidCheck(kUfrag, kPassword, false, 1), tuples[0]) > 0);
      FUZZ_CHECK(server.state() == IceState::kConnected);
      break;
    case 2:
    case 3:
      FUZZ_CHECK(Feed(server, now, ValidCheck(kUfrag, kPassword, false, 1), tuples[8]) > 0);
      FUZZ_CHECK(Feed(server, now, ValidCheck(kUfrag, kPassword, true, 2), tuples[0]) > 0);
      FUZZ_CHECK(server.state() == IceState::kCompleted);
      if ((setup & 0x03) == 3) server.RestartIce(std::string(kNewUfrag), std::string(kNewPassword));
      break;
    default:
      break;
  }
  CheckInvariants(server, mirror);

  static constexpr std::array<int64_t, 4> kStepsMs = {0, 1000, 10000, 31000};
  size_t pos = 1;
  while (pos + 3 <= size) {
    uint8_t control = data[pos];
    size_t length = (size_t{data[pos + 1]} << 8) | data[pos + 2];
    pos += 3;
    length = std::min(length, size - pos);
    base::ByteView body(data + pos, length);
    pos += length;

    const IceTuple& tuple = tuples[control & 0x0F];
    now += std::chrono::milliseconds(kStepsMs[(control >> 4) & 0x03]);
    server.HandleTimeout(now);
    CheckInvariants(server, mirror);

    switch (control >> 6) {
      case 0:
      case 1:
        Feed(server, now, body, tuple);
        break;
      case 2:
        if (auto resigned = Resign(body, server.local_password())) {
          Feed(server, now, *resigned, tuple);
        }
        break;
      default:
        Control(server, now, body, tuple);
        break;
    }
    CheckInvariants(server, mirror);
  }
  return 0;
}
