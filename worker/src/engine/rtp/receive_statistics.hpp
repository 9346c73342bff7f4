#pragma once

// Receive-side statistics of one RTP stream, as RFC 3550 appendix A defines them: sequence
// validation (A.1, without the probation: see HandlePacket), extended highest sequence number,
// expected/lost counts and the fraction lost per report interval (A.3), and interarrival jitter
// (A.8). It also remembers the last sender report so a report block can carry LSR/DLSR (6.4.1).
// Sans-IO: arrival times come in.

#include <cstdint>

#include "base/time.hpp"
#include "proto/rtcp/report_block.hpp"

namespace weir::engine {

// Report blocks are proto::rtcp::ReportBlock (RFC 3550 6.4.1), filled here and read by
// SendStatistics.
using ReportBlockData = proto::rtcp::ReportBlock;

class ReceiveStatistics {
 public:
  enum class Verdict : uint8_t {
    kAccepted,     // In order, or a late packet within the misorder window.
    kRestarted,    // A large jump was confirmed by the next packet: the source restarted.
    kBadSequence,  // A large jump not (yet) confirmed: do not forward.
  };

  ReceiveStatistics(uint32_t ssrc, uint32_t clockRate);

  Verdict HandlePacket(base::Timestamp arrival, uint16_t seq, uint32_t rtpTimestamp);
  void HandleSenderReport(base::Timestamp arrival, uint64_t ntp);

  // Fills a report block and starts a new report interval.
  ReportBlockData MakeReportBlock(base::Timestamp now);

  uint32_t ssrc() const { return ssrc_; }
  uint32_t extended_highest_seq() const { return cycles_ + maxSeq_; }
  uint64_t packets_received() const { return received_; }
  int64_t packets_expected() const;
  int64_t packets_lost() const { return packets_expected() - static_cast<int64_t>(received_); }
  // Jitter in RTP timestamp units (the value RFC 3550 reports).
  uint32_t jitter() const { return static_cast<uint32_t>(jitter_ / 16); }
  uint8_t last_fraction_lost() const { return lastFractionLost_; }

 private:
  void InitSequence(uint16_t seq);

  uint32_t ssrc_;
  uint32_t clockRate_;
  // RFC 3550 A.1 state.
  uint16_t maxSeq_ = 0;
  uint32_t cycles_ = 0;
  uint32_t baseSeq_ = 0;
  uint32_t badSeq_ = 0x10001;  // Out of the 16-bit range: "none".
  bool started_ = false;
  uint64_t received_ = 0;
  // A.3 interval state.
  int64_t expectedPrior_ = 0;
  uint64_t receivedPrior_ = 0;
  uint8_t lastFractionLost_ = 0;
  // A.8 jitter state (scaled by 16 as in the RFC's integer version).
  bool haveTransit_ = false;
  int64_t transit_ = 0;
  uint64_t jitter_ = 0;
  // Last SR (6.4.1 LSR/DLSR).
  uint32_t lastSr_ = 0;
  base::Timestamp lastSrArrival_{};
  bool haveSr_ = false;
};

}  // namespace weir::engine
