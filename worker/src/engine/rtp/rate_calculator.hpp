#pragma once

// Bits per second over a sliding window (default 1 s in 10 buckets), for stats and scores.

#include <array>
#include <cstdint>

#include "base/time.hpp"

namespace weir::engine {

class RateCalculator {
 public:
  static constexpr size_t kBuckets = 10;
  static constexpr base::Duration kBucketSize = std::chrono::milliseconds(100);

  void Update(base::Timestamp now, size_t bytes) {
    // Several calculators see every packet: the common case, a packet within the current
    // bucket, is a comparison and an add (no division).
    if (now >= currentEnd_) Advance(now);
    buckets_[current_] += bytes;
  }
  // Bits per second over the window ending now.
  uint32_t GetRate(base::Timestamp now) {
    Advance(now);
    uint64_t total = 0;
    for (uint64_t b : buckets_)
      total += b;
    auto window = std::chrono::duration_cast<std::chrono::microseconds>(kBucketSize * kBuckets);
    return static_cast<uint32_t>(total * 8 * 1'000'000 / static_cast<uint64_t>(window.count()));
  }

 private:
  void Advance(base::Timestamp now) {
    int64_t bucket = (now.time_since_epoch() / kBucketSize);
    if (!started_) {
      started_ = true;
      SetBucket(bucket);
      return;
    }
    int64_t steps = bucket - bucketIndex_;
    if (steps <= 0) return;
    if (steps >= static_cast<int64_t>(kBuckets)) {
      buckets_.fill(0);
    } else {
      for (int64_t i = 0; i < steps; ++i) {
        current_ = (current_ + 1) % kBuckets;
        buckets_[current_] = 0;
      }
    }
    SetBucket(bucket);
  }
  void SetBucket(int64_t bucket) {
    bucketIndex_ = bucket;
    currentEnd_ = base::Timestamp((bucket + 1) * kBucketSize);
  }

  std::array<uint64_t, kBuckets> buckets_{};
  size_t current_ = 0;
  int64_t bucketIndex_ = 0;
  base::Timestamp currentEnd_ = base::Timestamp::min();  // Where the current bucket ends.
  bool started_ = false;
};

}  // namespace weir::engine
