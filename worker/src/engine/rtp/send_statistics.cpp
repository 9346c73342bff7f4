#include "engine/rtp/send_statistics.hpp"

namespace weir::engine {

void SendStatistics::OnPacketSent(base::Timestamp now, uint32_t rtpTimestamp, size_t packetSize,
                                  size_t payloadSize, bool retransmission) {
  rate_.Update(now, packetSize);
  byteCount_ += packetSize;
  if (retransmission) {
    ++retransmitted_;
    return;
  }
  ++packetCount_;
  payloadOctets_ += payloadSize;
  lastRtpTimestamp_ = rtpTimestamp;
  lastSentAt_ = now;
  sentAny_ = true;
}

std::optional<SenderReportData> SendStatistics::MakeSenderReport(base::Timestamp now) {
  if (!sentAny_) return std::nullopt;
  SenderReportData sr;
  sr.ntp = base::ToNtp(now);
  int64_t elapsedUs = (now - lastSentAt_).count();
  sr.rtpTimestamp = lastRtpTimestamp_ + static_cast<uint32_t>(elapsedUs * clockRate_ / 1'000'000);
  sr.packetCount = static_cast<uint32_t>(packetCount_);
  sr.octetCount = static_cast<uint32_t>(payloadOctets_);
  return sr;
}

bool SendStatistics::HandleReportBlock(base::Timestamp now, const ReportBlockData& block) {
  packetsLost_ = block.cumulativeLost;
  fractionLost_ = block.fractionLost;
  jitter_ = block.jitter;
  // RFC 3550 6.4.1: RTT = A - LSR - DLSR, all in 1/65536 s.
  if (block.lastSr != 0) {
    uint32_t nowCompact = base::CompactNtp(base::ToNtp(now));
    uint32_t rtt = nowCompact - block.lastSr - block.delaySinceLastSr;
    // A negative result (clock skew) shows up as a huge unsigned value: ignore it.
    if (rtt < 65536u * 10) rttMs_ = static_cast<double>(rtt) * 1000.0 / 65536.0;
  }
  uint64_t expected = 0;
  uint64_t lost = 0;
  if (haveBlock_) {
    expected = block.extendedHighestSeq - lastExtendedSeq_;
    int64_t lostDelta = static_cast<int64_t>(block.cumulativeLost) - lastCumulativeLost_;
    lost = lostDelta > 0 ? static_cast<uint64_t>(lostDelta) : 0;
  }
  haveBlock_ = true;
  lastExtendedSeq_ = block.extendedHighestSeq;
  lastCumulativeLost_ = block.cumulativeLost;
  if (expected > 1'000'000) return false;  // A wrapped or reset receiver: skip this interval.
  return score_.Update(expected, lost);
}

}  // namespace weir::engine
