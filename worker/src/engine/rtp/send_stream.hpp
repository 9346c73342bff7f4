#pragma once

// One sent RTP stream (a consumer's): statistics for sender reports, what the receiver reports
// (loss, RTT, score), and an index from each sent sequence number back to where the packet came
// from, so a NACK can be answered from the producer's packet store without keeping a copy here.
// The index is allocated on the first packet (an idle consumer costs nothing). Sans-IO.

#include <cstdint>
#include <memory>
#include <optional>

#include "engine/rtp/send_statistics.hpp"

namespace weir::engine {

struct SendStreamConfig {
  uint32_t ssrc = 0;
  uint32_t clockRate = 90000;
  std::optional<uint32_t> rtxSsrc;
  uint8_t rtxPayloadType = 0;
  bool useNack = false;
};

// Where a sent packet came from: which source stream and its sequence number there, and the
// timestamp it was sent with (the source's timestamp mapping may change after a layer switch).
struct SentPacketRef {
  uint8_t source = 0;
  uint16_t sourceSeq = 0;
  uint32_t timestamp = 0;
};

class SendStream {
 public:
  static constexpr size_t kIndexSize = 1024;  // Power of two.

  explicit SendStream(const SendStreamConfig& config);

  void OnPacketSent(base::Timestamp now, uint16_t seq, const SentPacketRef& ref, size_t size,
                    size_t payloadSize);
  void OnRetransmissionSent(base::Timestamp now, size_t size);
  std::optional<SentPacketRef> Lookup(uint16_t seq) const;
  uint16_t NextRtxSequenceNumber() { return rtxSeq_++; }

  SendStatistics& statistics() { return stats_; }
  const SendStatistics& statistics() const { return stats_; }
  const SendStreamConfig& config() const { return config_; }
  uint32_t ssrc() const { return config_.ssrc; }

  struct Counters {
    uint64_t nackCount = 0;
    uint64_t nackPacketCount = 0;
    uint64_t pliCount = 0;
    uint64_t firCount = 0;
    uint64_t packetsDiscarded = 0;       // Not forwarded (paused, waiting for a keyframe, dropped).
    uint64_t retransmissionsMissed = 0;  // NACKed packets no longer available.
  };
  Counters& counters() { return counters_; }
  const Counters& counters() const { return counters_; }

 private:
  struct Entry {
    SentPacketRef ref;
    uint16_t seq;
    bool used;
  };

  SendStreamConfig config_;
  SendStatistics stats_;
  std::unique_ptr<Entry[]> index_;
  uint16_t rtxSeq_;
  Counters counters_;
};

}  // namespace weir::engine
