#pragma once

// The receive side of transport-wide congestion control
// (draft-holmer-rmcat-transport-wide-cc-extensions-01): records the arrival time of every packet
// carrying the transport-wide sequence number and reports them to the sender every kInterval in
// transport-cc feedback packets, which its bandwidth estimator (a browser's GCC) needs to ramp
// its bitrate up. Sans-IO; bounded memory.

#include <cstdint>
#include <functional>
#include <vector>

#include "base/bytes.hpp"
#include "base/seq_num.hpp"
#include "base/time.hpp"

namespace weir::engine {

class TccFeedbackGenerator {
 public:
  static constexpr base::Duration kInterval = std::chrono::milliseconds(100);
  static constexpr size_t kMaxPending = 2048;

  TccFeedbackGenerator();

  void OnPacket(base::Timestamp now, uint16_t wideSeq, uint32_t mediaSsrc);
  base::Timestamp NextTimeout() const;
  // Builds the feedback for everything pending and hands each RTCP packet to `emit`.
  void Flush(uint32_t senderSsrc, const std::function<void(base::ByteView)>& emit);

  uint64_t packets_reported() const { return reported_; }
  uint64_t feedback_sent() const { return feedbackSent_; }

 private:
  struct Arrival {
    int64_t seq;
    int64_t arrivalUs;
  };

  base::SeqUnwrapper<uint16_t> unwrapper_;
  std::vector<Arrival> pending_;
  base::Timestamp firstPendingAt_ = base::kNever;
  uint32_t mediaSsrc_ = 0;
  uint8_t fbPktCount_ = 0;
  int64_t lastReported_ = -1;
  uint64_t reported_ = 0;
  uint64_t feedbackSent_ = 0;
};

}  // namespace weir::engine
