#include "engine/ice/ice_tuple_table.hpp"

#include <doctest/doctest.h>

#include "absl/container/flat_hash_set.h"

namespace weir::engine {
namespace {

IceTuple Udp(uint16_t port) {
  return IceTuple::Udp(*base::SocketAddress::Parse("192.0.2.1", port));
}

base::Timestamp At(int64_t ms) {
  return base::FromMillis(ms);
}

TEST_CASE("IceTuple equality and hash") {
  auto addr = *base::SocketAddress::Parse("192.0.2.1", 5000);
  auto addr6 = *base::SocketAddress::Parse("2001:db8::1", 5000);
  CHECK(IceTuple::Udp(addr) == IceTuple::Udp(addr));
  CHECK(IceTuple::Udp(addr) != IceTuple::Udp(addr6));
  CHECK(IceTuple::Udp(addr) != IceTuple::Tcp(addr, 0));
  CHECK(IceTuple::Tcp(addr, 1) != IceTuple::Tcp(addr, 2));
  CHECK(IceTuple::Tcp(addr, 1) == IceTuple::Tcp(addr, 1));

  absl::flat_hash_set<IceTuple> set;
  set.insert(IceTuple::Udp(addr));
  set.insert(IceTuple::Udp(addr));
  set.insert(IceTuple::Udp(addr6));
  set.insert(IceTuple::Tcp(addr, 1));
  set.insert(IceTuple::Tcp(addr, 2));
  CHECK(set.size() == 4);
  CHECK(set.contains(IceTuple::Tcp(addr, 2)));
  CHECK_FALSE(set.contains(IceTuple::Tcp(addr, 3)));

  CHECK(IceTuple::Udp(addr).ToString() == "udp 192.0.2.1:5000");
  CHECK(IceTuple::Tcp(addr6, 7).ToString() == "tcp#7 [2001:db8::1]:5000");
}

TEST_CASE("upsert, find, erase") {
  IceTupleTable table;
  CHECK(table.size() == 0);
  CHECK(table.Find(Udp(1)) == IceTupleTable::kNone);
  CHECK_FALSE(table.EarliestCheck());
  CHECK(table.MostRecent() == IceTupleTable::kNone);

  std::optional<IceTuple> evicted;
  int s1 = table.Upsert(Udp(1), At(10), IceTupleTable::kNone, &evicted);
  int s2 = table.Upsert(Udp(2), At(20), IceTupleTable::kNone, &evicted);
  CHECK_FALSE(evicted);
  CHECK(s1 != s2);
  CHECK(table.size() == 2);
  CHECK(table.Find(Udp(2)) == s2);
  CHECK(table.tuple(s1) == Udp(1));
  CHECK(table.EarliestCheck() == At(10));
  CHECK(table.MostRecent() == s2);
  CHECK(table.MostRecent(s2) == s1);

  // Refreshing keeps the slot and moves the times.
  CHECK(table.Upsert(Udp(1), At(30), IceTupleTable::kNone, &evicted) == s1);
  CHECK(table.size() == 2);
  CHECK(table.last_check(s1) == At(30));
  CHECK(table.EarliestCheck() == At(20));
  CHECK(table.MostRecent() == s1);

  table.Erase(s1);
  CHECK_FALSE(table.used(s1));
  CHECK(table.size() == 1);
  table.Erase(s1);  // Twice is harmless.
  CHECK(table.size() == 1);
  CHECK(table.Find(Udp(1)) == IceTupleTable::kNone);
  table.Clear();
  CHECK(table.size() == 0);
  CHECK_FALSE(table.used(-1));
  CHECK_FALSE(table.used(99));
}

TEST_CASE("a full table evicts the least recently used unprotected entry") {
  IceTupleTable table;
  std::optional<IceTuple> evicted;
  for (uint16_t p = 1; p <= IceTupleTable::kCapacity; ++p)
    table.Upsert(Udp(p), At(p), IceTupleTable::kNone, &evicted);
  CHECK_FALSE(evicted);
  CHECK(table.size() == IceTupleTable::kCapacity);

  int protect = table.Find(Udp(1));
  table.Upsert(Udp(100), At(100), protect, &evicted);
  REQUIRE(evicted);
  CHECK(*evicted == Udp(2));
  CHECK(table.size() == IceTupleTable::kCapacity);
  CHECK(table.Find(Udp(1)) == protect);

  // Recency is by use order, not by timestamp: a backwards clock still evicts the oldest use.
  evicted.reset();
  table.Upsert(Udp(3), At(0), protect, &evicted);
  CHECK_FALSE(evicted);
  table.Upsert(Udp(101), At(0), protect, &evicted);
  REQUIRE(evicted);
  CHECK(*evicted == Udp(4));

  // Without protection the protected-so-far oldest goes.
  table.Upsert(Udp(102), At(0), IceTupleTable::kNone, &evicted);
  CHECK(*evicted == Udp(1));
}

}  // namespace
}  // namespace weir::engine
