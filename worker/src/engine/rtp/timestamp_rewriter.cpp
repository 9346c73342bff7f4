#include "engine/rtp/timestamp_rewriter.hpp"

#include "base/seq_num.hpp"

namespace weir::engine {

TimestampRewriter::TimestampRewriter(uint32_t clockRate)
    : clockRate_(clockRate == 0 ? 1 : clockRate) {}

uint32_t TimestampRewriter::Rewrite(uint32_t timestamp, base::Timestamp now) {
  if (!started_) {
    // The first source keeps its own timestamps.
    offset_ = 0;
    started_ = true;
    maxOutput_ = timestamp;
    maxOutputAt_ = now;
    return timestamp;
  }
  if (pendingSwitch_) {
    pendingSwitch_ = false;
    const int64_t elapsedUs = (now - maxOutputAt_).count();
    int64_t ticks = 1;
    if (elapsedUs > 0) {
      // elapsedUs * clockRate_ / 1e6, without overflowing for long pauses.
      const int64_t capUs = kMaxJumpTicks * 1000000 / clockRate_;
      ticks = elapsedUs >= capUs ? kMaxJumpTicks : elapsedUs * clockRate_ / 1000000;
      if (ticks < 1) ticks = 1;
    }
    const uint32_t target = maxOutput_ + static_cast<uint32_t>(ticks);
    offset_ = target - timestamp;
  }
  const uint32_t out = timestamp + offset_;
  if (base::SeqNewer(out, maxOutput_)) {
    maxOutput_ = out;
    maxOutputAt_ = now;
  }
  return out;
}

}  // namespace weir::engine
