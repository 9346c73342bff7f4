#include "engine/bwe/tcc_feedback_generator.hpp"

#include <algorithm>

#include "proto/rtcp/transport_feedback_builder.hpp"

namespace weir::engine {

TccFeedbackGenerator::TccFeedbackGenerator() {
  pending_.reserve(kMaxPending);
}

void TccFeedbackGenerator::OnPacket(base::Timestamp now, uint16_t wideSeq, uint32_t mediaSsrc) {
  int64_t seq = unwrapper_.Unwrap(wideSeq);
  if (seq <= lastReported_) return;  // Already reported (a late duplicate): nothing to add.
  if (pending_.size() == kMaxPending) return;  // Flushing stalled (not connected): drop.
  if (pending_.empty()) firstPendingAt_ = now;
  mediaSsrc_ = mediaSsrc;
  pending_.push_back({seq, base::ToMicros(now)});
}

base::Timestamp TccFeedbackGenerator::NextTimeout() const {
  return pending_.empty() ? base::kNever : firstPendingAt_ + kInterval;
}

void TccFeedbackGenerator::Flush(uint32_t senderSsrc,
                                 const std::function<void(base::ByteView)>& emit) {
  if (pending_.empty()) return;
  // Reordered arrivals are reported in sequence order; duplicates once.
  std::sort(pending_.begin(), pending_.end(),
            [](const Arrival& a, const Arrival& b) { return a.seq < b.seq; });
  pending_.erase(std::unique(pending_.begin(), pending_.end(),
                             [](const Arrival& a, const Arrival& b) { return a.seq == b.seq; }),
                 pending_.end());
  proto::rtcp::TransportFeedbackBuilder builder(senderSsrc, mediaSsrc_, fbPktCount_, 1200);
  std::array<uint8_t, proto::rtcp::TransportFeedbackBuilder::kMaxSize> buffer;
  auto send = [&] {
    size_t size = builder.Serialize(buffer);
    if (size > 0) {
      emit(base::ByteView(buffer.data(), size));
      ++feedbackSent_;
    }
    builder.Reset(++fbPktCount_);
  };
  for (const Arrival& a : pending_) {
    auto seq = static_cast<uint16_t>(a.seq);
    if (!builder.AddReceived(seq, a.arrivalUs)) {
      send();
      if (!builder.AddReceived(seq, a.arrivalUs)) continue;  // Cannot be reported: skip it.
    }
    lastReported_ = a.seq;
    ++reported_;
  }
  if (!builder.empty()) send();
  pending_.clear();
  firstPendingAt_ = base::kNever;
}

}  // namespace weir::engine
