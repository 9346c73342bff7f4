#include "engine/rtp/rate_calculator.hpp"

#include <doctest/doctest.h>

#include <random>

namespace weir::engine {
namespace {

base::Timestamp Ms(int64_t ms) {
  return base::FromMillis(1'700'000'000'000 + ms);
}

TEST_CASE("rate: bytes over the one-second window, in bits per second") {
  RateCalculator rate;
  CHECK(rate.GetRate(Ms(0)) == 0);
  rate.Update(Ms(0), 1000);
  rate.Update(Ms(50), 1000);  // Same 100 ms bucket.
  rate.Update(Ms(150), 500);  // Next bucket.
  CHECK(rate.GetRate(Ms(150)) == 2500 * 8);
  CHECK(rate.GetRate(Ms(999)) == 2500 * 8);
}

TEST_CASE("rate: buckets leave the window one by one") {
  RateCalculator rate;
  for (int i = 0; i < 10; ++i)
    rate.Update(Ms(i * 100), 100);  // One update per bucket, ten buckets.
  CHECK(rate.GetRate(Ms(950)) == 1000 * 8);
  CHECK(rate.GetRate(Ms(1050)) == 900 * 8);  // The first bucket was reused.
  CHECK(rate.GetRate(Ms(1550)) == 400 * 8);
  rate.Update(Ms(1560), 50);  // Lands in the bucket GetRate advanced to.
  CHECK(rate.GetRate(Ms(1599)) == 450 * 8);
  CHECK(rate.GetRate(Ms(5000)) == 0);  // Idle for longer than the window: all gone.
  rate.Update(Ms(5001), 10);
  CHECK(rate.GetRate(Ms(5001)) == 80);
}

TEST_CASE("rate: a bucket boundary is exact") {
  RateCalculator rate;
  rate.Update(Ms(99), 1);
  rate.Update(Ms(100), 2);                 // Starts bucket 1.
  CHECK(rate.GetRate(Ms(1099)) == 2 * 8);  // Bucket 0 left the window at 1000 ms.
}

TEST_CASE("rate: time going backwards counts into the current bucket") {
  RateCalculator rate;
  rate.Update(Ms(500), 100);
  rate.Update(Ms(300), 100);
  CHECK(rate.GetRate(Ms(500)) == 200 * 8);
}

// The sum over the last kBuckets bucket indices, computed from scratch: what the calculator
// must agree with for any sequence of (non-decreasing) updates and reads.
TEST_CASE("rate: random updates and reads agree with a from-scratch sum") {
  std::mt19937 rng(7);
  RateCalculator rate;
  std::vector<std::pair<int64_t, uint64_t>> log;  // (bucket, bytes)
  int64_t t = 0;
  for (int i = 0; i < 20000; ++i) {
    t += std::uniform_int_distribution<int64_t>(0, 30)(rng);
    if (i % 997 == 0) t += 1500;  // Idle gaps longer than the window.
    if (rng() % 4 == 0) {
      const int64_t bucket = (1'700'000'000'000 + t) / 100;
      uint64_t expected = 0;
      for (const auto& [b, bytes] : log)
        if (b > bucket - 10 && b <= bucket) expected += bytes;
      REQUIRE(rate.GetRate(Ms(t)) == expected * 8);
    } else {
      const uint64_t bytes = rng() % 1500;
      rate.Update(Ms(t), bytes);
      log.emplace_back((1'700'000'000'000 + t) / 100, bytes);
    }
  }
}

}  // namespace
}  // namespace weir::engine
