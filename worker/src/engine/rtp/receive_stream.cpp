#include "engine/rtp/receive_stream.hpp"

#include <algorithm>

namespace weir::engine {

ReceiveStream::ReceiveStream(const ReceiveStreamConfig& config)
    : config_(config),
      stats_(config.ssrc, config.clockRate),
      store_(config.storeCapacity == 0 ? 1 : config.storeCapacity, std::chrono::seconds(2)),
      keyFrames_(config.keyFrameRequestDelay) {}

ReceiveStream::Verdict ReceiveStream::HandlePacket(base::Timestamp now,
                                                   const proto::rtp::RtpPacket& packet,
                                                   bool isKeyFrame, bool retransmitted,
                                                   Effects* effects) {
  lastPacketAt_ = now;
  keyFrames_.Start(now);
  counters_.bytes += packet.size();
  rate_.Update(now, packet.size());
  if (retransmitted) ++counters_.packetsRetransmitted;
  auto verdict = stats_.HandlePacket(now, packet.sequence_number(), packet.timestamp());
  if (verdict == ReceiveStatistics::Verdict::kBadSequence) {
    ++counters_.packetsDiscarded;
    return Verdict::kDiscard;
  }
  if (verdict == ReceiveStatistics::Verdict::kRestarted) {
    nack_.Reset();
    effects->restarted = true;
  }
  if (isKeyFrame) keyFrames_.OnKeyFrame();
  if (config_.useNack) {
    switch (nack_.HandlePacket(now, packet.sequence_number(), isKeyFrame)) {
      case NackGenerator::Result::kGap:
        effects->sendNacksNow = true;
        break;
      case NackGenerator::Result::kRecovered:
        ++counters_.packetsRepaired;
        break;
      case NackGenerator::Result::kLate:
        // Neither new nor awaited: a duplicate (or one NACK gave up on). Not forwarded twice.
        ++counters_.packetsDuplicated;
        return Verdict::kDiscard;
      case NackGenerator::Result::kKeyFrameRequired:
        effects->keyFrameNeeded = true;
        break;
      case NackGenerator::Result::kInOrder:
        break;
    }
  }
  return Verdict::kForward;
}

void ReceiveStream::HandleSenderReport(base::Timestamp now, uint64_t ntp, uint32_t) {
  stats_.HandleSenderReport(now, ntp);
}

void ReceiveStream::Store(base::Timestamp now, const proto::rtp::RtpPacket& packet) {
  if (config_.storeCapacity == 0) return;
  store_.Insert(now, packet.sequence_number(), packet.data());
}

size_t ReceiveStream::PollNacks(base::Timestamp now, std::span<uint16_t> out) {
  if (!config_.useNack) return 0;
  size_t n = nack_.Poll(now, out);
  if (n > 0) {
    ++counters_.nackCount;
    counters_.nackPacketCount += n;
  }
  return n;
}

bool ReceiveStream::RequestKeyFrame(base::Timestamp now) {
  if (!config_.usePli && !config_.useFir) return false;
  if (!keyFrames_.Request(now)) return false;
  (config_.usePli ? counters_.pliCount : counters_.firCount)++;
  return true;
}

base::Timestamp ReceiveStream::NextTimeout() const {
  base::Timestamp next = keyFrames_.NextTimeout();
  if (config_.useNack) next = std::min(next, nack_.NextTimeout());
  return next;
}

bool ReceiveStream::HandleTimeout(base::Timestamp now) {
  if (!keyFrames_.HandleTimeout(now)) return false;
  if (!config_.usePli && !config_.useFir) return false;
  (config_.usePli ? counters_.pliCount : counters_.firCount)++;
  return true;
}

ReportBlockData ReceiveStream::MakeReportBlock(base::Timestamp now, Effects* effects) {
  ReportBlockData block = stats_.MakeReportBlock(now);
  // The score looks at what stayed lost after repair: expected - received over the interval.
  int64_t expected = stats_.packets_expected();
  int64_t lost = std::max<int64_t>(stats_.packets_lost(), 0);
  int64_t expectedInterval = expected - scoreExpectedPrior_;
  int64_t lostInterval = std::max<int64_t>(lost - scoreLostPrior_, 0);
  scoreExpectedPrior_ = expected;
  scoreLostPrior_ = lost;
  if (expectedInterval >= 0 &&
      score_.Update(static_cast<uint64_t>(expectedInterval), static_cast<uint64_t>(lostInterval))) {
    effects->scoreChanged = true;
  }
  return block;
}

}  // namespace weir::engine
