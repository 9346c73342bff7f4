// IceServer: nomination, tuple switching, the tuple cap, removing and forcing tuples.

#include <doctest/doctest.h>

#include "engine/ice/ice_server.hpp"
#include "ice_test_util.hpp"

namespace weir::engine::test {
namespace {

using Kind = IceEvent::Kind;

TEST_CASE("regular nomination: checks validate, USE-CANDIDATE selects") {
  Harness h;
  auto a = Udp("192.0.2.1", 1000);
  auto b = Udp("198.51.100.1", 2000);
  REQUIRE(h.Send(Check{}, a) > 0);
  REQUIRE(h.Send(Check{}, b) > 0);
  // The first check made 'connected' with a provisionally selected; b is only valid.
  CHECK(h.server.state() == IceState::kConnected);
  CHECK(*h.server.selected_tuple() == a);
  CHECK(h.server.IsValidTuple(b));
  h.Events();

  REQUIRE(h.Send(Nominating(), b) > 0);
  CHECK(h.server.state() == IceState::kCompleted);
  CHECK(*h.server.selected_tuple() == b);
  auto events = h.Events();
  REQUIRE(events.size() == 2);
  CHECK(events[0].kind == Kind::kSelectedTupleChanged);
  CHECK(events[0].tuple == b);
  CHECK(events[1].kind == Kind::kStateChanged);
  CHECK(events[1].state == IceState::kCompleted);

  // A later check without USE-CANDIDATE does not move the selection.
  REQUIRE(h.Send(Check{}, a) > 0);
  CHECK(*h.server.selected_tuple() == b);
  CHECK(h.Events().empty());
}

TEST_CASE("aggressive nomination: the latest nominated tuple wins") {
  Harness h;
  auto a = Udp("192.0.2.1", 1000);
  auto b = Udp("198.51.100.1", 2000);
  auto c = IceTuple::Tcp(Addr("203.0.113.9", 443), 77);
  REQUIRE(h.Send(Nominating(), a) > 0);
  CHECK(h.server.state() == IceState::kCompleted);
  CHECK(*h.server.selected_tuple() == a);
  h.Events();

  // The peer switches paths (a network change): the selection follows.
  for (const auto& t : {b, c, a, b}) {
    REQUIRE(h.Send(Nominating(), t) > 0);
    CHECK(*h.server.selected_tuple() == t);
    auto events = h.Events();
    REQUIRE(!events.empty());
    CHECK(events.back().kind == Kind::kSelectedTupleChanged);
    CHECK(events.back().tuple == t);
  }
  CHECK(h.server.state() == IceState::kCompleted);
  CHECK(h.server.tuple_count() == 3);
}

TEST_CASE("NOMINATION (renomination): only a higher value selects") {
  Harness h;
  auto a = Udp("192.0.2.1", 1000);
  auto b = Udp("198.51.100.1", 2000);
  REQUIRE(h.Send(WithNomination(1), a) > 0);
  CHECK(h.server.state() == IceState::kCompleted);
  CHECK(*h.server.selected_tuple() == a);

  REQUIRE(h.Send(WithNomination(2), b) > 0);
  CHECK(*h.server.selected_tuple() == b);

  // A late check carrying the older nomination is answered and keeps a valid, no more.
  size_t n = h.Send(WithNomination(1), a);
  CHECK(h.ErrorOf(n) == 0);
  CHECK(n > 0);
  CHECK(*h.server.selected_tuple() == b);
  CHECK(h.server.stats().staleNominations == 1);
  // Equal is stale too, even with USE-CANDIDATE (the NOMINATION value rules).
  Check equal = WithNomination(2);
  equal.useCandidate = true;
  REQUIRE(h.Send(equal, a) > 0);
  CHECK(*h.server.selected_tuple() == b);
  CHECK(h.server.stats().staleNominations == 2);

  REQUIRE(h.Send(WithNomination(3), a) > 0);
  CHECK(*h.server.selected_tuple() == a);
  // Only the low 24 bits count (draft-thatcher-ice-renomination).
  REQUIRE(h.Send(WithNomination(0x01000002), b) > 0);
  CHECK(*h.server.selected_tuple() == a);
}

TEST_CASE("a stale nomination in state new still connects") {
  Harness h;
  auto a = Udp("192.0.2.1", 1000);
  REQUIRE(h.Send(WithNomination(0), a) > 0);
  CHECK(h.server.state() == IceState::kConnected);
  CHECK(*h.server.selected_tuple() == a);
  CHECK(h.server.stats().staleNominations == 1);
}

TEST_CASE("the tuple table is capped under a flood of valid checks from many addresses") {
  Harness h;
  auto selected = Udp("192.0.2.1", 1000);
  REQUIRE(h.Send(Nominating(), selected) > 0);
  h.Events();
  // A replayed (or real) valid check from 100 addresses: each is answered, memory stays put.
  size_t removed = 0;
  size_t added = 0;
  for (uint16_t port = 1; port <= 100; ++port) {
    auto t = Udp("203.0.113.5", port);
    REQUIRE(h.Send(Check{}, t) > 0);
    CHECK(h.server.tuple_count() <= IceTupleTable::kCapacity);
    CHECK(h.server.IsValidTuple(t));
    for (const auto& e : h.Events()) {
      if (e.kind == Kind::kTupleRemoved) ++removed;
      if (e.kind == Kind::kTupleAdded) ++added;
      CHECK(e.kind != Kind::kSelectedTupleChanged);
    }
  }
  CHECK(added == 100);
  CHECK(removed == 100 - (IceTupleTable::kCapacity - 1));
  CHECK(h.server.stats().tuplesEvicted == removed);
  // The selected tuple was never evicted; the oldest flooders were.
  CHECK(h.server.IsValidTuple(selected));
  CHECK(*h.server.selected_tuple() == selected);
  CHECK(h.server.state() == IceState::kCompleted);
  CHECK_FALSE(h.server.IsValidTuple(Udp("203.0.113.5", 1)));
  CHECK_FALSE(h.server.IsValidTuple(Udp("203.0.113.5", 93)));
  CHECK(h.server.IsValidTuple(Udp("203.0.113.5", 94)));
  CHECK(h.server.IsValidTuple(Udp("203.0.113.5", 100)));
}

TEST_CASE("a flood of nominating checks: the selection moves, the cap holds") {
  Harness h;
  for (uint16_t port = 1; port <= 50; ++port) {
    auto t = Udp("203.0.113.5", port);
    REQUIRE(h.Send(Nominating(), t) > 0);
    CHECK(*h.server.selected_tuple() == t);
    CHECK(h.server.tuple_count() <= IceTupleTable::kCapacity);
    h.Events();
  }
  CHECK(h.server.tuple_count() == IceTupleTable::kCapacity);
}

TEST_CASE("eviction takes the least recently checked tuple") {
  Harness h;
  auto first = Udp("192.0.2.1", 1);
  REQUIRE(h.Send(Nominating(), first) > 0);
  for (uint16_t port = 2; port <= 8; ++port)
    REQUIRE(h.Send(Check{}, Udp("192.0.2.1", port)) > 0);
  // Refresh port 2, then add a ninth: port 3 is now the least recent non-selected.
  REQUIRE(h.Send(Check{}, Udp("192.0.2.1", 2)) > 0);
  REQUIRE(h.Send(Check{}, Udp("192.0.2.1", 9)) > 0);
  CHECK(h.server.IsValidTuple(Udp("192.0.2.1", 2)));
  CHECK_FALSE(h.server.IsValidTuple(Udp("192.0.2.1", 3)));
  CHECK(h.server.IsValidTuple(first));
}

TEST_CASE("RemoveTuple: a TCP connection closes") {
  Harness h;
  auto tcp1 = IceTuple::Tcp(Addr("192.0.2.1", 40001), 1);
  auto tcp2 = IceTuple::Tcp(Addr("192.0.2.1", 40002), 2);
  auto tcp3 = IceTuple::Tcp(Addr("192.0.2.1", 40003), 3);
  REQUIRE(h.Send(Check{}, tcp2) > 0);
  REQUIRE(h.Send(Check{}, tcp3) > 0);
  REQUIRE(h.Send(Nominating(), tcp1) > 0);
  h.Events();

  CHECK_FALSE(h.server.RemoveTuple(h.now, Udp("192.0.2.1", 40001)));

  // Not the selected one: it just goes.
  CHECK(h.server.RemoveTuple(h.now, tcp2));
  CHECK_FALSE(h.server.IsValidTuple(tcp2));
  auto events = h.Events();
  REQUIRE(events.size() == 1);
  CHECK(events[0].kind == Kind::kTupleRemoved);
  CHECK(events[0].tuple == tcp2);
  CHECK(*h.server.selected_tuple() == tcp1);

  // The selected one: another valid tuple takes over, with a fresh consent window.
  h.Advance(std::chrono::seconds(20));
  CHECK(h.server.RemoveTuple(h.now, tcp1));
  CHECK(h.server.state() == IceState::kCompleted);
  REQUIRE(h.server.selected_tuple() != nullptr);
  CHECK(*h.server.selected_tuple() == tcp3);
  CHECK(h.server.NextTimeout() == h.now + std::chrono::seconds(30));
  events = h.Events();
  REQUIRE(events.size() == 2);
  CHECK(events[0].kind == Kind::kTupleRemoved);
  CHECK(events[1].kind == Kind::kSelectedTupleChanged);
  CHECK(events[1].tuple == tcp3);

  // The last one: disconnected.
  CHECK(h.server.RemoveTuple(h.now, tcp3));
  CHECK(h.server.state() == IceState::kDisconnected);
  CHECK(h.server.selected_tuple() == nullptr);
  CHECK(h.server.tuple_count() == 0);
  CHECK(h.server.NextTimeout() == base::kNever);
  events = h.Events();
  REQUIRE(events.size() == 3);
  CHECK(events[1].kind == Kind::kSelectedTupleChanged);
  CHECK_FALSE(events[1].tuple.has_value());
  CHECK(events[2].state == IceState::kDisconnected);

  // A new connection checks in: connected again.
  auto tcp4 = IceTuple::Tcp(Addr("192.0.2.1", 40004), 4);
  REQUIRE(h.Send(Check{}, tcp4) > 0);
  CHECK(h.server.state() == IceState::kConnected);
  CHECK(*h.server.selected_tuple() == tcp4);
}

TEST_CASE("ForceSelectedTuple only picks a valid tuple in connected/completed") {
  Harness h;
  auto a = Udp("192.0.2.1", 1000);
  auto b = Udp("192.0.2.2", 1000);
  CHECK_FALSE(h.server.ForceSelectedTuple(a));
  REQUIRE(h.Send(Nominating(), a) > 0);
  CHECK_FALSE(h.server.ForceSelectedTuple(b));
  REQUIRE(h.Send(Check{}, b) > 0);
  h.Events();
  CHECK(h.server.ForceSelectedTuple(b));
  CHECK(*h.server.selected_tuple() == b);
  auto events = h.Events();
  REQUIRE(events.size() == 1);
  CHECK(events[0].tuple == b);
  CHECK(h.server.ForceSelectedTuple(b));
  CHECK(h.Events().empty());
}

}  // namespace
}  // namespace weir::engine::test
