#pragma once

// The RTP timestamp rewriter of a consumer. Within one source the output is the input plus a
// constant offset, so the source's own timing (and its reordering) is kept exactly. At a switch
// (SwitchSource: another simulcast stream, a restarted producer) the offset is chosen so that
// the new source's first packet is as far ahead of the newest timestamp sent so far as the
// wall time elapsed since that newest packet was sent, times the clock rate (at least one tick,
// so a receiver never sees the new frame as older than the last one). Time is an input: `now`
// is the arrival time of the packet being rewritten.

#include <cstdint>

#include "base/time.hpp"

namespace weir::engine {

class TimestampRewriter {
 public:
  // clockRate: the RTP clock rate of the stream, in Hz (90000 for video, 48000 for Opus).
  explicit TimestampRewriter(uint32_t clockRate);

  uint32_t Rewrite(uint32_t timestamp, base::Timestamp now);
  // The next packet starts a new source.
  void SwitchSource() { pendingSwitch_ = started_; }

  bool started() const { return started_; }
  // The newest output timestamp so far (RFC 3550 A.1 serial order) and when it was sent.
  uint32_t maxOutput() const { return maxOutput_; }
  base::Timestamp maxOutputAt() const { return maxOutputAt_; }

 private:
  // A switch never jumps by half the timestamp range or more (that would read as backwards).
  static constexpr int64_t kMaxJumpTicks = (int64_t{1} << 31) - 1;

  uint32_t clockRate_;
  bool started_ = false;
  bool pendingSwitch_ = false;
  uint32_t offset_ = 0;
  uint32_t maxOutput_ = 0;
  base::Timestamp maxOutputAt_{};
};

}  // namespace weir::engine
