#pragma once

// A 0-10 quality score for a stream from its loss over recent report intervals, as the
// controller sees it in `score` events: 10 is clean, 0 is nothing getting through. Each interval's
// delivered ratio r gives 10 * r^4 (so 5% loss is ~8, 20% ~4); the score is a weighted average
// of the last kHistory intervals, recent ones weighing more, so one bad second does not swing it.

#include <array>
#include <cmath>
#include <cstdint>

namespace weir::engine {

class StreamScore {
 public:
  static constexpr size_t kHistory = 8;

  // Records one interval; returns true when the (rounded) score changed.
  bool Update(uint64_t expected, uint64_t lost) {
    double ratio = expected == 0 ? 1.0
                                 : 1.0 - static_cast<double>(std::min(lost, expected)) /
                                             static_cast<double>(expected);
    if (expected == 0 && count_ > 0) ratio = 1.0;  // A silent interval (paused, DTX) is not loss.
    history_[next_] = 10.0 * std::pow(ratio, 4);
    next_ = (next_ + 1) % kHistory;
    if (count_ < kHistory) ++count_;
    double weighted = 0;
    double weights = 0;
    for (size_t i = 0; i < count_; ++i) {
      // i = 0 is the most recent.
      size_t index = (next_ + kHistory - 1 - i) % kHistory;
      double weight = static_cast<double>(kHistory - i);
      weighted += history_[index] * weight;
      weights += weight;
    }
    auto score = static_cast<uint8_t>(std::lround(weighted / weights));
    bool changed = score != score_;
    score_ = score;
    return changed;
  }
  void Reset() {
    count_ = 0;
    next_ = 0;
    score_ = 10;
  }
  uint8_t score() const { return score_; }

 private:
  std::array<double, kHistory> history_{};
  size_t next_ = 0;
  size_t count_ = 0;
  uint8_t score_ = 10;
};

}  // namespace weir::engine
