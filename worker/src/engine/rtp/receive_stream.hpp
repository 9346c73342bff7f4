#pragma once

// One received RTP stream (an encoding of a producer): statistics, loss repair by NACK, storage
// of recent packets for consumers' retransmissions, keyframe request pacing and a quality score.
// It decides about packets and says what to send; the owner builds and sends the RTCP. Sans-IO.

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "engine/rtp/keyframe_requester.hpp"
#include "engine/rtp/nack_generator.hpp"
#include "engine/rtp/packet_store.hpp"
#include "engine/rtp/rate_calculator.hpp"
#include "engine/rtp/receive_statistics.hpp"
#include "engine/rtp/stream_score.hpp"
#include "proto/rtp/rtp_packet.hpp"

namespace weir::engine {

struct ReceiveStreamConfig {
  uint32_t ssrc = 0;
  uint32_t clockRate = 90000;
  bool video = true;
  bool useNack = false;
  bool usePli = false;
  bool useFir = false;
  base::Duration keyFrameRequestDelay{};
  size_t storeCapacity = 512;  // Packets; 0 disables storage.
};

class ReceiveStream {
 public:
  enum class Verdict : uint8_t { kForward, kDiscard };
  struct Effects {
    bool keyFrameNeeded = false;  // Ask the source for a keyframe (NACK could not repair).
    bool sendNacksNow = false;    // New losses: PollNacks() and send them.
    bool scoreChanged = false;
    // The source restarted its sequence (RFC 3550 A.1: a large jump, confirmed): whoever
    // rewrites this stream's numbers must re-base on this packet.
    bool restarted = false;
  };

  explicit ReceiveStream(const ReceiveStreamConfig& config);

  // A media packet (for RTX, after decapsulation with `retransmitted` set).
  Verdict HandlePacket(base::Timestamp now, const proto::rtp::RtpPacket& packet, bool isKeyFrame,
                       bool retransmitted, Effects* effects);
  void HandleSenderReport(base::Timestamp now, uint64_t ntp, uint32_t rtpTimestamp);

  // Stores a packet as consumers will retransmit it (after the producer mapped SSRC and PT).
  void Store(base::Timestamp now, const proto::rtp::RtpPacket& packet);
  std::optional<PacketStore::Stored> GetStored(base::Timestamp now, uint16_t seq) const {
    return store_.Get(now, seq);
  }

  size_t PollNacks(base::Timestamp now, std::span<uint16_t> out);
  // Keyframe requests (a consumer needs one): true when a PLI/FIR must be sent now.
  bool RequestKeyFrame(base::Timestamp now);
  base::Timestamp NextTimeout() const;
  // Returns true when a keyframe request must be (re)sent now; NACKs are polled separately.
  bool HandleTimeout(base::Timestamp now);

  ReportBlockData MakeReportBlock(base::Timestamp now, Effects* effects);
  void SetRtt(base::Duration rtt) {
    rtt_ = rtt;
    nack_.SetRtt(rtt);
  }

  const ReceiveStreamConfig& config() const { return config_; }
  uint32_t ssrc() const { return config_.ssrc; }
  const ReceiveStatistics& statistics() const { return stats_; }
  uint32_t Bitrate(base::Timestamp now) { return rate_.GetRate(now); }
  uint8_t score() const { return score_.score(); }
  std::optional<base::Duration> rtt() const { return rtt_; }
  bool active(base::Timestamp now) const {
    return lastPacketAt_ && now - *lastPacketAt_ < std::chrono::seconds(2);
  }

  struct Counters {
    uint64_t bytes = 0;
    uint64_t packetsDiscarded = 0;
    uint64_t packetsRetransmitted = 0;  // RTX or duplicate arrivals.
    uint64_t packetsRepaired = 0;       // Losses that NACK repaired.
    uint64_t packetsDuplicated = 0;
    uint64_t nackCount = 0;
    uint64_t nackPacketCount = 0;
    uint64_t pliCount = 0;
    uint64_t firCount = 0;
  };
  const Counters& counters() const { return counters_; }
  Counters& mutable_counters() { return counters_; }

 private:
  ReceiveStreamConfig config_;
  ReceiveStatistics stats_;
  NackGenerator nack_;
  PacketStore store_;
  RateCalculator rate_;
  KeyFrameRequester keyFrames_;
  StreamScore score_;
  Counters counters_;
  std::optional<base::Timestamp> lastPacketAt_;
  std::optional<base::Duration> rtt_;
  // Score interval state: packets expected/lost at the previous report, repaired included.
  int64_t scoreExpectedPrior_ = 0;
  int64_t scoreLostPrior_ = 0;
};

}  // namespace weir::engine
