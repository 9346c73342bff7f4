#include "engine/rtp/packet_store.hpp"

#include <doctest/doctest.h>

#include <vector>

#include "engine/rtp/rate_calculator.hpp"

using namespace weir;
using engine::PacketStore;
using namespace std::chrono_literals;

TEST_CASE("stores by seq, overwrites the slot of an older seq, forgets what is too old") {
  PacketStore store(100, 1s);  // Rounded up to 128 slots.
  CHECK(store.capacity() == 128);
  CHECK_FALSE(store.allocated());
  base::Timestamp t0 = base::FromMillis(1000);
  for (uint16_t s = 65500; s != 100; ++s) {
    std::vector<uint8_t> p(20, static_cast<uint8_t>(s));
    store.Insert(t0, s, p);
  }
  CHECK(store.allocated());
  auto got = store.Get(t0, 50);
  REQUIRE(got);
  CHECK(got->data.size() == 20);
  CHECK(got->data[0] == 50);
  CHECK_FALSE(store.Get(t0, 65500));  // Its slot was reused by seq 65500 + 128.
  CHECK(store.Get(t0, 65535));
  CHECK_FALSE(store.Get(t0 + 2s, 50));
  std::vector<uint8_t> big(PacketStore::kMaxPacketSize + 1, 1);
  store.Insert(t0, 7, big);
  auto seven = store.Get(t0, 7);
  REQUIRE(seven);  // The old seq 7 is still there; the oversized packet was not stored.
  CHECK(seven->data.size() == 20);
  store.Clear();
  CHECK_FALSE(store.Get(t0, 50));
}

TEST_CASE("rate calculator: bits per second over the last second") {
  engine::RateCalculator rate;
  base::Timestamp t = base::FromMillis(10'000);
  for (int i = 0; i < 100; ++i)
    rate.Update(t + i * 10ms, 125);  // 125 B every 10 ms = 100 kbps
  uint32_t bps = rate.GetRate(t + 999ms);
  CHECK(bps >= 99'000);
  CHECK(bps <= 100'000);
  CHECK(rate.GetRate(t + 5s) == 0);
}
