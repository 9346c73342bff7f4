#pragma once

// Send-side state of one outgoing RTP stream: what was sent (for sender reports, RFC 3550 6.4.1)
// and what the receiver says about it (report blocks: loss, jitter, RTT from LSR/DLSR), plus the
// stream's score. Sans-IO.

#include <cstdint>
#include <optional>

#include "base/time.hpp"
#include "engine/rtp/rate_calculator.hpp"
#include "engine/rtp/receive_statistics.hpp"
#include "engine/rtp/stream_score.hpp"

namespace weir::engine {

struct SenderReportData {
  uint64_t ntp = 0;
  uint32_t rtpTimestamp = 0;
  uint32_t packetCount = 0;
  uint32_t octetCount = 0;
};

class SendStatistics {
 public:
  SendStatistics(uint32_t ssrc, uint32_t clockRate) : ssrc_(ssrc), clockRate_(clockRate) {}

  void OnPacketSent(base::Timestamp now, uint32_t rtpTimestamp, size_t packetSize,
                    size_t payloadSize, bool retransmission);

  // The SR for `now`: the RTP timestamp is extrapolated from the last packet sent.
  std::optional<SenderReportData> MakeSenderReport(base::Timestamp now);

  // A report block about this stream from the receiver; returns true if the score changed.
  bool HandleReportBlock(base::Timestamp now, const ReportBlockData& block);

  uint32_t ssrc() const { return ssrc_; }
  uint64_t packets_sent() const { return packetCount_; }
  uint64_t bytes_sent() const { return byteCount_; }
  uint64_t packets_retransmitted() const { return retransmitted_; }
  uint32_t Bitrate(base::Timestamp now) { return rate_.GetRate(now); }
  int32_t packets_lost() const { return packetsLost_; }
  uint8_t fraction_lost() const { return fractionLost_; }
  uint32_t jitter() const { return jitter_; }
  // Round-trip time in ms, if a report block has carried one.
  std::optional<double> rtt_ms() const { return rttMs_; }
  uint8_t score() const { return score_.score(); }

 private:
  uint32_t ssrc_;
  uint32_t clockRate_;
  uint64_t packetCount_ = 0;
  uint64_t byteCount_ = 0;
  uint64_t payloadOctets_ = 0;
  uint64_t retransmitted_ = 0;
  RateCalculator rate_;
  bool sentAny_ = false;
  uint32_t lastRtpTimestamp_ = 0;
  base::Timestamp lastSentAt_{};
  // Receiver feedback.
  int32_t packetsLost_ = 0;
  uint8_t fractionLost_ = 0;
  uint32_t jitter_ = 0;
  std::optional<double> rttMs_;
  uint32_t lastExtendedSeq_ = 0;
  int32_t lastCumulativeLost_ = 0;
  bool haveBlock_ = false;
  StreamScore score_;
};

}  // namespace weir::engine
