#pragma once

// Rate-limits keyframe requests (PLI/FIR, RFC 4585 6.3.1, RFC 5104 4.3.1) to one source. Any
// number of consumers may ask; one request goes out, and no other until the keyframe arrives
// or kRetryInterval passes without it (then it is asked again). An optional delay after the
// stream starts lets a fresh source send its own first keyframe before anyone asks.

#include "base/time.hpp"

namespace weir::engine {

class KeyFrameRequester {
 public:
  static constexpr base::Duration kRetryInterval = std::chrono::seconds(1);

  explicit KeyFrameRequester(base::Duration initialDelay = base::Duration::zero())
      : initialDelay_(initialDelay) {}

  // Called when the stream's first packet arrives (starts the initial delay).
  void Start(base::Timestamp now) {
    if (!started_) {
      started_ = true;
      startedAt_ = now;
    }
  }
  // A consumer wants a keyframe. True when a request must be sent now.
  bool Request(base::Timestamp now) {
    if (pending_) return false;  // One is out (or waiting for the delay); it serves everyone.
    pending_ = true;
    if (InDelay(now)) return false;  // HandleTimeout() sends it when the delay ends.
    sentAt_ = now;
    sent_ = true;
    return true;
  }
  void OnKeyFrame() { pending_ = false; }
  base::Timestamp NextTimeout() const {
    if (!pending_) return base::kNever;
    if (!sent_) return startedAt_ + initialDelay_;
    return sentAt_ + kRetryInterval;
  }
  // True when a request must be (re)sent now.
  bool HandleTimeout(base::Timestamp now) {
    if (!pending_ || now < NextTimeout()) return false;
    sentAt_ = now;
    sent_ = true;
    return true;
  }

 private:
  bool InDelay(base::Timestamp now) const {
    return !sent_ && initialDelay_ > base::Duration::zero() &&
           (!started_ || now < startedAt_ + initialDelay_);
  }

  base::Duration initialDelay_;
  bool started_ = false;
  base::Timestamp startedAt_{};
  bool pending_ = false;
  bool sent_ = false;
  base::Timestamp sentAt_{};
};

}  // namespace weir::engine
