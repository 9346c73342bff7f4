#pragma once

// Decides which missing RTP packets of one received stream to ask for again (generic NACK,
// RFC 4585 6.2.1). A gap in the sequence adds its numbers to a list; each is requested at once
// and then again every max(RTT, kMinRetryInterval) until it arrives, it has been requested
// kMaxRetries times, or it is too old to matter. A gap too large to repair (or a list that would
// overflow) clears the list and asks the caller for a keyframe instead. Sans-IO and
// allocation-free after construction.

#include <cstdint>
#include <span>
#include <vector>

#include "base/seq_num.hpp"
#include "base/time.hpp"

namespace weir::engine {

class NackGenerator {
 public:
  static constexpr size_t kMaxListSize = 1000;
  static constexpr uint8_t kMaxRetries = 10;
  static constexpr base::Duration kMinRetryInterval = std::chrono::milliseconds(20);
  static constexpr base::Duration kMaxAge = std::chrono::seconds(2);
  static constexpr base::Duration kDefaultRtt = std::chrono::milliseconds(100);

  enum class Result : uint8_t {
    kInOrder,           // Nothing was missing.
    kGap,               // Added missing packets to the list.
    kRecovered,         // A packet that was in the list arrived.
    kLate,              // Older than everything, and not in the list (duplicate or given up).
    kKeyFrameRequired,  // Gap too large: the list was cleared; ask for a keyframe.
  };

  NackGenerator();

  Result HandlePacket(base::Timestamp now, uint16_t seq, bool isKeyFrame);
  // Writes the sequence numbers to NACK now into `out` and returns how many; marks them sent.
  size_t Poll(base::Timestamp now, std::span<uint16_t> out);
  base::Timestamp NextTimeout() const;

  void SetRtt(base::Duration rtt) { rtt_ = rtt; }
  void Reset();

  size_t pending() const { return list_.size(); }
  uint64_t packets_requested() const {
    return packetsRequested_;
  }  // NACKed entries, retries included.

 private:
  struct Entry {
    int64_t seq;  // Extended.
    base::Timestamp createdAt;
    base::Timestamp sentAt;
    uint8_t retries;
  };

  base::Duration RetryInterval() const;
  void DropOlderThan(int64_t seq);

  base::SeqUnwrapper<uint16_t> unwrapper_;
  bool started_ = false;
  int64_t highest_ = 0;
  std::vector<Entry> list_;  // Sorted by seq.
  base::Duration rtt_ = kDefaultRtt;
  uint64_t packetsRequested_ = 0;
};

}  // namespace weir::engine
