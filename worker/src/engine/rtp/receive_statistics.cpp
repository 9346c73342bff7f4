#include "engine/rtp/receive_statistics.hpp"

#include <algorithm>
#include <cstdlib>

namespace weir::engine {

namespace {

// RFC 3550 A.1 constants.
constexpr uint32_t kMaxDropout = 3000;
constexpr uint32_t kMaxMisorder = 100;
constexpr uint32_t kSeqMod = 1u << 16;

}  // namespace

ReceiveStatistics::ReceiveStatistics(uint32_t ssrc, uint32_t clockRate)
    : ssrc_(ssrc), clockRate_(clockRate) {}

void ReceiveStatistics::InitSequence(uint16_t seq) {
  baseSeq_ = seq;
  maxSeq_ = seq;
  badSeq_ = kSeqMod + 1;
  cycles_ = 0;
  received_ = 0;
  receivedPrior_ = 0;
  expectedPrior_ = 0;
}

ReceiveStatistics::Verdict ReceiveStatistics::HandlePacket(base::Timestamp arrival, uint16_t seq,
                                                           uint32_t rtpTimestamp) {
  Verdict verdict = Verdict::kAccepted;
  if (!started_) {
    // RFC 3550 A.1 validates a new source over MIN_SEQUENTIAL packets before counting it; an SFU
    // cannot hold back the first packets of a stream (often a keyframe), so it starts at once.
    started_ = true;
    InitSequence(seq);
  } else {
    uint16_t udelta = static_cast<uint16_t>(seq - maxSeq_);
    if (udelta < kMaxDropout) {
      // In order, with a permissible gap.
      if (seq < maxSeq_) cycles_ += kSeqMod;
      maxSeq_ = seq;
    } else if (udelta <= kSeqMod - kMaxMisorder) {
      // A very large jump: the source may have restarted. Accept it once it is confirmed by the
      // next packet in sequence.
      if (seq == badSeq_) {
        InitSequence(seq);
        verdict = Verdict::kRestarted;
      } else {
        badSeq_ = (static_cast<uint32_t>(seq) + 1) & (kSeqMod - 1);
        return Verdict::kBadSequence;
      }
    }
    // Otherwise a duplicate or a reordered packet within the misorder window: counted.
  }
  ++received_;

  // A.8 jitter: transit = arrival (in RTP units) - RTP timestamp.
  // Whole seconds and the rest apart: micros * clockRate overflows 64 bits for clocks counted
  // from the epoch.
  const int64_t micros = base::ToMicros(arrival);
  const int64_t rate = static_cast<int64_t>(clockRate_);
  int64_t arrivalUnits = (micros / 1'000'000) * rate + (micros % 1'000'000) * rate / 1'000'000;
  int64_t transit = arrivalUnits - static_cast<int64_t>(rtpTimestamp);
  if (haveTransit_ && verdict != Verdict::kRestarted) {
    int64_t d = std::llabs(transit - transit_);
    // Ignore jumps of more than ~10 s (timestamp discontinuities), they are not jitter.
    if (d < static_cast<int64_t>(clockRate_) * 10) {
      int64_t j = static_cast<int64_t>(jitter_);
      j += d - ((j + 8) >> 4);
      jitter_ = static_cast<uint64_t>(std::max<int64_t>(j, 0));
    }
  }
  transit_ = transit;
  haveTransit_ = true;
  return verdict;
}

void ReceiveStatistics::HandleSenderReport(base::Timestamp arrival, uint64_t ntp) {
  lastSr_ = base::CompactNtp(ntp);
  lastSrArrival_ = arrival;
  haveSr_ = true;
}

int64_t ReceiveStatistics::packets_expected() const {
  if (received_ == 0) return 0;
  return static_cast<int64_t>(extended_highest_seq()) - static_cast<int64_t>(baseSeq_) + 1;
}

ReportBlockData ReceiveStatistics::MakeReportBlock(base::Timestamp now) {
  ReportBlockData block;
  block.ssrc = ssrc_;
  int64_t expected = packets_expected();
  int64_t expectedInterval = expected - expectedPrior_;
  int64_t receivedInterval = static_cast<int64_t>(received_ - receivedPrior_);
  expectedPrior_ = expected;
  receivedPrior_ = received_;
  int64_t lostInterval = expectedInterval - receivedInterval;
  if (expectedInterval > 0 && lostInterval > 0) {
    lastFractionLost_ =
        static_cast<uint8_t>(std::min<int64_t>((lostInterval << 8) / expectedInterval, 255));
  } else {
    lastFractionLost_ = 0;
  }
  block.fractionLost = lastFractionLost_;
  block.cumulativeLost =
      static_cast<int32_t>(std::clamp<int64_t>(packets_lost(), -0x800000, 0x7fffff));
  block.extendedHighestSeq = extended_highest_seq();
  block.jitter = jitter();
  if (haveSr_) {
    block.lastSr = lastSr_;
    // DLSR in units of 1/65536 s.
    int64_t delayUs = (now - lastSrArrival_).count();
    block.delaySinceLastSr =
        static_cast<uint32_t>(std::max<int64_t>(delayUs, 0) * 65536 / 1'000'000);
  }
  return block;
}

}  // namespace weir::engine
