#include "engine/rtp/nack_generator.hpp"

#include <algorithm>

namespace weir::engine {

NackGenerator::NackGenerator() {
  list_.reserve(kMaxListSize);
}

void NackGenerator::Reset() {
  list_.clear();
  started_ = false;
  unwrapper_.Reset();
}

base::Duration NackGenerator::RetryInterval() const {
  return std::max<base::Duration>(rtt_, kMinRetryInterval);
}

void NackGenerator::DropOlderThan(int64_t seq) {
  auto end = std::lower_bound(list_.begin(), list_.end(), seq,
                              [](const Entry& e, int64_t s) { return e.seq < s; });
  list_.erase(list_.begin(), end);
}

NackGenerator::Result NackGenerator::HandlePacket(base::Timestamp now, uint16_t seq,
                                                  bool isKeyFrame) {
  int64_t ext = unwrapper_.Unwrap(seq);
  if (!started_) {
    started_ = true;
    highest_ = ext;
    return Result::kInOrder;
  }
  if (ext <= highest_) {
    auto it = std::lower_bound(list_.begin(), list_.end(), ext,
                               [](const Entry& e, int64_t s) { return e.seq < s; });
    if (it != list_.end() && it->seq == ext) {
      list_.erase(it);
      return Result::kRecovered;
    }
    return Result::kLate;
  }
  int64_t gap = ext - highest_ - 1;
  highest_ = ext;
  // Nothing before a keyframe is needed to decode what follows it: neither what was already
  // missing nor this gap.
  if (isKeyFrame) {
    DropOlderThan(ext);
    return Result::kInOrder;
  }
  if (gap == 0) return Result::kInOrder;
  if (gap > static_cast<int64_t>(kMaxListSize) ||
      list_.size() + static_cast<size_t>(gap) > kMaxListSize) {
    list_.clear();
    return Result::kKeyFrameRequired;
  }
  for (int64_t s = ext - gap; s < ext; ++s) {
    // sentAt in the past so that Poll() sends the first NACK at once.
    list_.push_back({s, now, base::Timestamp{}, 0});
  }
  return Result::kGap;
}

size_t NackGenerator::Poll(base::Timestamp now, std::span<uint16_t> out) {
  // Forget what is too old to be worth repairing, and what was asked for often enough.
  std::erase_if(list_, [&](const Entry& e) {
    return e.retries >= kMaxRetries || now - e.createdAt > kMaxAge;
  });
  size_t count = 0;
  base::Duration interval = RetryInterval();
  for (Entry& e : list_) {
    if (count == out.size()) break;
    if (e.retries > 0 && now - e.sentAt < interval) continue;
    out[count++] = static_cast<uint16_t>(e.seq);
    e.sentAt = now;
    ++e.retries;
    ++packetsRequested_;
  }
  return count;
}

base::Timestamp NackGenerator::NextTimeout() const {
  base::Timestamp next = base::kNever;
  base::Duration interval = RetryInterval();
  for (const Entry& e : list_) {
    base::Timestamp due = e.retries == 0 ? e.createdAt : e.sentAt + interval;
    next = std::min(next, due);
  }
  return next;
}

}  // namespace weir::engine
