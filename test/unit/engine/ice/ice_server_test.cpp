// IceServer: answering binding requests (RFC 8445 7.3, RFC 8489 9.1.3) and the errors.

#include "engine/ice/ice_server.hpp"

#include <doctest/doctest.h>

#include "ice_test_util.hpp"

namespace weir::engine::test {
namespace {

using Kind = IceEvent::Kind;

TEST_CASE("a Chromium check is answered with an authenticated success response") {
  Harness h;
  auto tuple = Udp("192.0.2.10", 50000);
  Check check;
  check.tidSeed = 42;
  auto request = Build(check);
  size_t n = h.Send(request, tuple);
  REQUIRE(n > 0);
  auto answer = h.Answer(n);
  REQUIRE(answer);
  CHECK(answer->message_class() == stun::StunClass::kSuccessResponse);
  CHECK(answer->method() == stun::method::kBinding);
  CHECK(answer->transaction_id() == stun::StunMessage::Parse(request)->transaction_id());
  // XOR-MAPPED-ADDRESS is where the check came from (RFC 8445 7.3.1.4).
  CHECK(answer->xor_mapped_address() == stun::StunAddress::Ipv4({192, 0, 2, 10}, 50000));
  CHECK(answer->CheckMessageIntegrity(kPassword));
  CHECK_FALSE(answer->CheckMessageIntegrity("some other password"));
  CHECK(answer->CheckFingerprint());
  CHECK(h.server.stats().requests == 1);
  CHECK(h.server.stats().validChecks == 1);
}

TEST_CASE("IPv6 and TCP tuples are reflected and told apart") {
  Harness h;
  auto v6 = IceTuple::Udp(Addr("2001:db8::7", 40000));
  size_t n = h.Send(Check{}, v6);
  REQUIRE(n > 0);
  auto answer = h.Answer(n);
  REQUIRE(answer);
  CHECK(
      answer->xor_mapped_address() ==
      stun::StunAddress::Ipv6({0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7}, 40000));

  // Two TCP connections from one address are two paths.
  auto tcp1 = IceTuple::Tcp(Addr("192.0.2.10", 50000), 1);
  auto tcp2 = IceTuple::Tcp(Addr("192.0.2.10", 50000), 2);
  REQUIRE(h.Send(Check{}, tcp1) > 0);
  CHECK(h.server.IsValidTuple(tcp1));
  CHECK_FALSE(h.server.IsValidTuple(tcp2));
  CHECK_FALSE(h.server.IsValidTuple(Udp("192.0.2.10", 50000)));
  REQUIRE(h.Send(Check{}, tcp2) > 0);
  CHECK(h.server.IsValidTuple(tcp2));
  CHECK(h.server.tuple_count() == 3);
}

TEST_CASE("first valid check: connected with that tuple; USE-CANDIDATE: completed") {
  Harness h;
  auto a = Udp("192.0.2.1", 1000);
  CHECK(h.server.state() == IceState::kNew);
  CHECK(h.server.selected_tuple() == nullptr);
  REQUIRE(h.Send(Check{}, a) > 0);
  CHECK(h.server.state() == IceState::kConnected);
  REQUIRE(h.server.selected_tuple() != nullptr);
  CHECK(*h.server.selected_tuple() == a);
  auto events = h.Events();
  REQUIRE(events.size() == 3);
  CHECK(events[0].kind == Kind::kTupleAdded);
  CHECK(events[0].tuple == a);
  CHECK(events[1].kind == Kind::kSelectedTupleChanged);
  CHECK(events[1].tuple == a);
  CHECK(events[2].kind == Kind::kStateChanged);
  CHECK(events[2].state == IceState::kConnected);

  REQUIRE(h.Send(Nominating(), a) > 0);
  CHECK(h.server.state() == IceState::kCompleted);
  events = h.Events();
  REQUIRE(events.size() == 1);
  CHECK(events[0].kind == Kind::kStateChanged);
  CHECK(events[0].state == IceState::kCompleted);

  // More checks on the same tuple change nothing visible.
  REQUIRE(h.Send(Nominating(), a) > 0);
  REQUIRE(h.Send(Check{}, a) > 0);
  CHECK(h.Events().empty());
  CHECK(h.server.state() == IceState::kCompleted);
}

TEST_CASE("missing USERNAME or MESSAGE-INTEGRITY: 400 without integrity") {
  Harness h;
  auto a = Udp("192.0.2.1", 1000);
  Check noUser;
  noUser.username.reset();
  size_t n = h.Send(noUser, a);
  CHECK(h.ErrorOf(n) == 400);
  CHECK_FALSE(h.Answer(n)->has_message_integrity());
  CHECK(h.Answer(n)->CheckFingerprint());

  Check noIntegrity;
  noIntegrity.password.reset();
  n = h.Send(noIntegrity, a);
  CHECK(h.ErrorOf(n) == 400);
  CHECK_FALSE(h.Answer(n)->has_message_integrity());

  CHECK(h.server.stats().missingCredentials == 2);
  CHECK(h.server.state() == IceState::kNew);
  CHECK_FALSE(h.server.IsValidTuple(a));
  CHECK(h.Events().empty());
}

TEST_CASE("wrong ufrag or wrong password: 401 without integrity") {
  Harness h;
  auto a = Udp("192.0.2.1", 1000);
  for (const char* user : {"OtherUfrag:Rmt9", "LocalUfrag0Abcd+", "LocalUfrag0Abcd+X:Rmt9",
                           "LocalUfrag0Abc:Rmt9", ":Rmt9", ""}) {
    CAPTURE(user);
    Check c;
    c.username = user;
    size_t n = h.Send(c, a);
    CHECK(h.ErrorOf(n) == 401);
    CHECK_FALSE(h.Answer(n)->has_message_integrity());
  }
  CHECK(h.server.stats().wrongUsername == 6);

  Check wrongPassword;
  wrongPassword.password = "LocalPassword0123456789abcdef+/Y";
  size_t n = h.Send(wrongPassword, a);
  CHECK(h.ErrorOf(n) == 401);
  CHECK(h.server.stats().badIntegrity == 1);

  // Authentication comes before the 420 check (RFC 8489 6.3.1): an unauthenticated request
  // learns nothing about which attributes we understand.
  wrongPassword.extraTypes = {0x7FF0};
  n = h.Send(wrongPassword, a);
  CHECK(h.ErrorOf(n) == 401);
  CHECK(h.server.stats().badIntegrity == 2);
  CHECK(h.server.stats().unknownAttributes == 0);

  CHECK(h.server.stats().validChecks == 0);
  CHECK(h.server.state() == IceState::kNew);
  CHECK_FALSE(h.server.IsValidTuple(a));
}

TEST_CASE("a check altered after signing fails integrity") {
  Harness h;
  auto bytes = Build(Check{});
  // PRIORITY's last byte sits before MESSAGE-INTEGRITY (24 + FINGERPRINT 8 from the end).
  bytes[bytes.size() - 24 - 8 - 1] ^= 0x01;
  // Recompute FINGERPRINT so only the integrity is wrong.
  auto msg = stun::StunMessage::Parse(bytes);
  REQUIRE(msg);
  CHECK_FALSE(msg->CheckFingerprint());
  std::vector<uint8_t> fixed(512);
  stun::StunBuilder b(fixed, stun::StunClass::kRequest, stun::method::kBinding,
                      msg->transaction_id());
  msg->ForEachAttribute([&](uint16_t type, base::ByteView value, size_t) {
    if (type != stun::attr::kFingerprint) b.AddAttribute(type, value);
  });
  b.AddFingerprint();
  fixed.resize(b.Finish());
  size_t n = h.Send(fixed, Udp("192.0.2.1", 1000));
  CHECK(h.ErrorOf(n) == 401);
  CHECK(h.server.stats().badIntegrity == 1);
}

TEST_CASE("a bad FINGERPRINT is dropped silently; a missing one is fine") {
  Harness h;
  auto a = Udp("192.0.2.1", 1000);
  auto bytes = Build(Check{});
  bytes.back() ^= 0xFF;
  CHECK(h.Send(bytes, a) == 0);
  CHECK(h.server.stats().badFingerprint == 1);
  CHECK(h.server.stats().requests == 0);
  CHECK(h.server.state() == IceState::kNew);

  Check noFingerprint;
  noFingerprint.fingerprint = false;
  size_t n = h.Send(noFingerprint, a);
  REQUIRE(n > 0);
  CHECK(h.Answer(n)->message_class() == stun::StunClass::kSuccessResponse);
  CHECK(h.server.IsValidTuple(a));
}

TEST_CASE("missing PRIORITY: 400 with integrity") {
  Harness h;
  Check c;
  c.priority = false;
  size_t n = h.Send(c, Udp("192.0.2.1", 1000));
  CHECK(h.ErrorOf(n) == 400);
  CHECK(h.Answer(n)->CheckMessageIntegrity(kPassword));
  CHECK(h.server.stats().missingPriority == 1);
  CHECK(h.server.state() == IceState::kNew);
}

TEST_CASE("a peer claiming ICE-CONTROLLED gets 487 (RFC 8445 7.3.1.1)") {
  Harness h;
  auto a = Udp("192.0.2.1", 1000);
  Check c;
  c.controlling = false;
  c.controlled = true;
  c.useCandidate = true;
  size_t n = h.Send(c, a);
  CHECK(h.ErrorOf(n) == 487);
  CHECK(h.Answer(n)->error_code()->reason == "Role Conflict");
  CHECK(h.Answer(n)->CheckMessageIntegrity(kPassword));
  CHECK(h.Answer(n)->CheckFingerprint());
  CHECK(h.server.stats().roleConflicts == 1);
  CHECK(h.server.state() == IceState::kNew);
  CHECK_FALSE(h.server.IsValidTuple(a));

  // Both roles claimed: still a conflict.
  c.controlling = true;
  n = h.Send(c, a);
  CHECK(h.ErrorOf(n) == 487);

  // A check with neither role attribute is accepted (as mediasoup and most lite agents do).
  Check neither;
  neither.controlling = false;
  CHECK(h.ErrorOf(h.Send(neither, a)) == 0);
  CHECK(h.server.IsValidTuple(a));
}

TEST_CASE("unknown comprehension-required attributes: 420 listing them") {
  Harness h;
  Check c;
  c.extraTypes = {0x7FF0, 0x0003, 0x7FF0};
  size_t n = h.Send(c, Udp("192.0.2.1", 1000));
  CHECK(h.ErrorOf(n) == 420);
  auto answer = h.Answer(n);
  std::array<uint16_t, 4> types{};
  REQUIRE(answer->ReadUnknownAttributes(types) == 2);
  CHECK(types[0] == 0x7FF0);
  CHECK(types[1] == 0x0003);
  CHECK(answer->CheckMessageIntegrity(kPassword));
  CHECK(h.server.stats().unknownAttributes == 1);
  CHECK(h.server.state() == IceState::kNew);

  // Unknown comprehension-optional ones (>= 0x8000) are ignored.
  c.extraTypes = {0x8F00, 0xC0DE};
  CHECK(h.ErrorOf(h.Send(c, Udp("192.0.2.1", 1000))) == 0);
  CHECK(h.server.state() == IceState::kConnected);
}

TEST_CASE("indications, responses and other methods get no answer") {
  Harness h;
  auto a = Udp("192.0.2.1", 1000);
  Check indication;
  indication.cls = stun::StunClass::kIndication;
  CHECK(h.Send(indication, a) == 0);
  CHECK(h.server.stats().indications == 1);

  for (auto cls : {stun::StunClass::kSuccessResponse, stun::StunClass::kErrorResponse}) {
    Check response;
    response.cls = cls;
    CHECK(h.Send(response, a) == 0);
  }
  CHECK(h.server.stats().responsesIgnored == 2);

  Check allocate;
  allocate.method = 0x003;  // TURN Allocate (RFC 8656).
  CHECK(h.Send(allocate, a) == 0);
  CHECK(h.server.stats().otherMethods == 1);

  CHECK(h.server.stats().requests == 0);
  CHECK(h.server.state() == IceState::kNew);
  CHECK_FALSE(h.server.IsValidTuple(a));
  CHECK(h.Events().empty());
}

TEST_CASE("an answer that cannot be built leaves no trace") {
  Harness h;
  auto bytes = Build(Check{});
  auto msg = stun::StunMessage::Parse(bytes);
  REQUIRE(msg);
  std::array<uint8_t, 40> small{};
  auto a = Udp("192.0.2.1", 1000);
  CHECK(h.server.HandleStun(h.now, *msg, a, small) == 0);
  CHECK(h.server.stats().responseFailures == 1);
  CHECK_FALSE(h.server.IsValidTuple(a));
  CHECK(h.server.state() == IceState::kNew);

  // A tuple without a usable address (never produced by the io edge) cannot be reflected.
  CHECK(h.server.HandleStun(h.now, *msg, IceTuple{}, h.out) == 0);
  CHECK(h.server.stats().responseFailures == 2);
  CHECK(h.server.state() == IceState::kNew);
}

TEST_CASE("after Close everything is ignored") {
  Harness h;
  auto a = Udp("192.0.2.1", 1000);
  REQUIRE(h.Send(Nominating(), a) > 0);
  h.Events();
  h.server.Close();
  CHECK(h.server.state() == IceState::kClosed);
  CHECK(h.server.selected_tuple() == nullptr);
  CHECK_FALSE(h.server.IsValidTuple(a));
  CHECK(h.server.NextTimeout() == base::kNever);
  auto events = h.Events();
  REQUIRE(events.size() == 3);
  CHECK(events[0].kind == Kind::kTupleRemoved);
  CHECK(events[0].tuple == a);
  CHECK(events[1].kind == Kind::kSelectedTupleChanged);
  CHECK_FALSE(events[1].tuple.has_value());
  CHECK(events[2].kind == Kind::kStateChanged);
  CHECK(events[2].state == IceState::kClosed);

  CHECK(h.Send(Nominating(), a) == 0);
  CHECK(h.server.stats().ignoredClosed == 1);
  CHECK(h.server.state() == IceState::kClosed);
  h.server.Close();
  CHECK(h.Events().empty());
}

TEST_CASE("events are bounded when the owner does not poll") {
  Harness h;
  // Each new nominating tuple yields TupleAdded + SelectedTupleChanged (+ an eviction later).
  for (uint16_t port = 1; port <= 40; ++port)
    REQUIRE(h.Send(Nominating(), Udp("192.0.2.1", port)) > 0);
  CHECK(h.server.stats().eventsDropped > 0);
  CHECK(h.Events().size() == IceEventQueue::kCapacity);
  // Polling again resumes reporting.
  REQUIRE(h.Send(Nominating(), Udp("192.0.2.2", 1)) > 0);
  CHECK_FALSE(h.Events().empty());
}

}  // namespace
}  // namespace weir::engine::test
