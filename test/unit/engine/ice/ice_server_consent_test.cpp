// IceServer: consent freshness (RFC 7675) on a fake clock, and ICE restart.

#include <doctest/doctest.h>

#include "engine/ice/ice_server.hpp"
#include "ice_test_util.hpp"

namespace weir::engine::test {
namespace {

using Kind = IceEvent::Kind;
using std::chrono::milliseconds;
using std::chrono::seconds;

TEST_CASE("no valid check on the selected tuple for 30 s: disconnected") {
  Harness h;
  auto a = Udp("192.0.2.1", 1000);
  CHECK(h.server.NextTimeout() == base::kNever);
  auto t0 = h.now;
  REQUIRE(h.Send(Nominating(), a) > 0);
  CHECK(h.server.NextTimeout() == t0 + seconds(30));

  // Chromium's consent checks every few seconds push the deadline.
  h.Advance(seconds(20));
  REQUIRE(h.Send(Check{}, a) > 0);
  CHECK(h.server.NextTimeout() == t0 + seconds(50));
  h.Events();

  h.server.HandleTimeout(t0 + seconds(50) - milliseconds(1));
  CHECK(h.server.state() == IceState::kCompleted);
  CHECK(h.Events().empty());

  h.server.HandleTimeout(t0 + seconds(50));
  CHECK(h.server.state() == IceState::kDisconnected);
  CHECK(h.server.selected_tuple() == nullptr);
  CHECK_FALSE(h.server.IsValidTuple(a));
  CHECK(h.server.stats().consentExpirations == 1);
  CHECK(h.server.NextTimeout() == base::kNever);
  auto events = h.Events();
  REQUIRE(events.size() == 3);
  CHECK(events[0].kind == Kind::kTupleRemoved);
  CHECK(events[0].tuple == a);
  CHECK(events[1].kind == Kind::kSelectedTupleChanged);
  CHECK_FALSE(events[1].tuple.has_value());
  CHECK(events[2].kind == Kind::kStateChanged);
  CHECK(events[2].state == IceState::kDisconnected);

  // The transport keeps listening: the peer comes back with a nominated check.
  h.now = t0 + seconds(90);
  REQUIRE(h.Send(Nominating(), a) > 0);
  CHECK(h.server.state() == IceState::kCompleted);
  CHECK(*h.server.selected_tuple() == a);
  CHECK(h.server.NextTimeout() == h.now + seconds(30));
}

TEST_CASE("after disconnection a plain valid check reconnects provisionally") {
  Harness h;
  auto a = Udp("192.0.2.1", 1000);
  REQUIRE(h.Send(Nominating(), a) > 0);
  h.server.HandleTimeout(h.now + seconds(30));
  CHECK(h.server.state() == IceState::kDisconnected);
  h.Advance(seconds(31));
  REQUIRE(h.Send(Check{}, a) > 0);
  CHECK(h.server.state() == IceState::kConnected);
  CHECK(*h.server.selected_tuple() == a);
}

TEST_CASE("checks on another tuple do not keep the selected path's consent") {
  Harness h;
  auto a = Udp("192.0.2.1", 1000);
  auto b = Udp("198.51.100.1", 2000);
  auto t0 = h.now;
  REQUIRE(h.Send(Nominating(), a) > 0);
  for (int i = 1; i <= 3; ++i) {
    h.now = t0 + seconds(10 * i) - milliseconds(1);
    REQUIRE(h.Send(Check{}, b) > 0);
  }
  h.server.HandleTimeout(t0 + seconds(30));
  CHECK(h.server.state() == IceState::kDisconnected);
  CHECK_FALSE(h.server.IsValidTuple(a));
  // b has its own, still fresh, consent and stays valid.
  CHECK(h.server.IsValidTuple(b));
  CHECK(h.server.NextTimeout() == t0 + seconds(60) - milliseconds(1));

  REQUIRE(h.Send(Nominating(), b) > 0);
  CHECK(h.server.state() == IceState::kCompleted);
  CHECK(*h.server.selected_tuple() == b);
}

TEST_CASE("a non-selected tuple without checks expires on its own") {
  Harness h;
  auto a = Udp("192.0.2.1", 1000);
  auto b = Udp("198.51.100.1", 2000);
  auto t0 = h.now;
  REQUIRE(h.Send(Check{}, b) > 0);
  REQUIRE(h.Send(Nominating(), a) > 0);
  h.Events();
  CHECK(h.server.NextTimeout() == t0 + seconds(30));
  h.now = t0 + seconds(25);
  REQUIRE(h.Send(Check{}, a) > 0);
  h.server.HandleTimeout(t0 + seconds(30));
  CHECK_FALSE(h.server.IsValidTuple(b));
  CHECK(h.server.IsValidTuple(a));
  CHECK(h.server.state() == IceState::kCompleted);
  CHECK(h.server.stats().consentExpirations == 0);
  auto events = h.Events();
  REQUIRE(events.size() == 1);
  CHECK(events[0].kind == Kind::kTupleRemoved);
  CHECK(events[0].tuple == b);
  CHECK(h.server.NextTimeout() == t0 + seconds(55));
}

TEST_CASE("binding indications refresh consent only when configured") {
  Check indication;
  indication.cls = stun::StunClass::kIndication;
  indication.password.reset();
  auto a = Udp("192.0.2.1", 1000);

  Harness strict;
  auto t0 = strict.now;
  REQUIRE(strict.Send(Nominating(), a) > 0);
  strict.Advance(seconds(20));
  CHECK(strict.Send(indication, a) == 0);
  CHECK(strict.server.NextTimeout() == t0 + seconds(30));

  IceServerConfig config;
  config.indicationsRefreshConsent = true;
  Harness lenient(config);
  t0 = lenient.now;
  REQUIRE(lenient.Send(Nominating(), a) > 0);
  lenient.Advance(seconds(20));
  CHECK(lenient.Send(indication, a) == 0);
  CHECK(lenient.server.NextTimeout() == t0 + seconds(50));
  // Not from an unknown tuple.
  lenient.Advance(seconds(5));
  CHECK(lenient.Send(indication, Udp("192.0.2.99", 1)) == 0);
  CHECK(lenient.server.NextTimeout() == t0 + seconds(50));
  CHECK_FALSE(lenient.server.IsValidTuple(Udp("192.0.2.99", 1)));
}

TEST_CASE("a zero consent timeout disables expiry") {
  IceServerConfig config;
  config.consentTimeout = base::Duration::zero();
  Harness h(config);
  auto a = Udp("192.0.2.1", 1000);
  REQUIRE(h.Send(Nominating(), a) > 0);
  CHECK(h.server.NextTimeout() == base::kNever);
  h.server.HandleTimeout(h.now + seconds(3600));
  CHECK(h.server.state() == IceState::kCompleted);
  CHECK(h.server.IsValidTuple(a));
}

TEST_CASE("restart: old credentials work until the peer uses the new ones") {
  Harness h;
  auto a = Udp("192.0.2.1", 1000);
  REQUIRE(h.Send(WithNomination(5), a) > 0);
  h.Events();

  const std::string newUfrag = "NewUfragXYZ0123+";
  const std::string newPassword = "NewPassword0123456789abcdefghij/";
  h.server.RestartIce(newUfrag, newPassword);
  CHECK(h.server.local_ufrag() == newUfrag);
  CHECK(h.server.local_password() == newPassword);
  REQUIRE(h.server.old_ufrag());
  CHECK(*h.server.old_ufrag() == kUfrag);
  CHECK(h.server.state() == IceState::kCompleted);
  CHECK(*h.server.selected_tuple() == a);
  CHECK(h.Events().empty());

  // Consent checks the peer sends before it learns the new credentials still succeed, keyed
  // with the password they were made with.
  size_t n = h.Send(Check{}, a);
  REQUIRE(h.ErrorOf(n) == 0);
  CHECK(h.Answer(n)->CheckMessageIntegrity(kPassword));
  // The old ufrag with a wrong password is still a 401.
  Check forged;
  forged.password = newPassword;
  CHECK(h.ErrorOf(h.Send(forged, a)) == 401);
  CHECK(h.server.stats().badIntegrity == 1);

  // The peer restarts: new credentials, nomination numbering from scratch, maybe a new path.
  auto b = Udp("198.51.100.1", 2000);
  Check fresh;
  fresh.username = newUfrag + ":Rmt2";
  fresh.password = newPassword;
  fresh.nomination = 1;
  n = h.Send(fresh, b);
  REQUIRE(h.ErrorOf(n) == 0);
  CHECK(h.Answer(n)->CheckMessageIntegrity(newPassword));
  CHECK(*h.server.selected_tuple() == b);
  CHECK_FALSE(h.server.old_ufrag());
  auto events = h.Events();
  REQUIRE(!events.empty());
  CHECK(events[0].kind == Kind::kUfragRetired);
  CHECK(events[0].ufrag == kUfrag);

  // Now the old credentials are refused.
  CHECK(h.ErrorOf(h.Send(Check{}, a)) == 401);
  CHECK(h.server.stats().wrongUsername == 1);
}

TEST_CASE("two restarts before the peer catches up retire the oldest at once") {
  Harness h;
  h.server.RestartIce("SecondUfrag00000", "SecondPassword000000000000000000");
  CHECK(h.Events().empty());
  h.server.RestartIce("ThirdUfrag000000", "ThirdPassword0000000000000000000");
  auto events = h.Events();
  REQUIRE(events.size() == 1);
  CHECK(events[0].kind == Kind::kUfragRetired);
  CHECK(events[0].ufrag == kUfrag);
  CHECK(*h.server.old_ufrag() == "SecondUfrag00000");
  CHECK(h.ErrorOf(h.Send(Check{}, Udp("192.0.2.1", 1))) == 401);

  Check second;
  second.username = "SecondUfrag00000:r";
  second.password = "SecondPassword000000000000000000";
  CHECK(h.ErrorOf(h.Send(second, Udp("192.0.2.1", 1))) == 0);
  CHECK(h.server.state() == IceState::kConnected);
}

TEST_CASE("without new checks after a restart, consent still expires") {
  Harness h;
  auto a = Udp("192.0.2.1", 1000);
  auto t0 = h.now;
  REQUIRE(h.Send(Nominating(), a) > 0);
  h.server.RestartIce("NewUfragXYZ0123+", "NewPassword0123456789abcdefghij/");
  h.server.HandleTimeout(t0 + seconds(30));
  CHECK(h.server.state() == IceState::kDisconnected);
}

}  // namespace
}  // namespace weir::engine::test
