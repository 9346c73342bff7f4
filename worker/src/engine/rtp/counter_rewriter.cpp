#include "engine/rtp/counter_rewriter.hpp"

namespace weir::engine {

CounterRewriter::CounterRewriter(uint8_t inputBits)
    : inputBits_(inputBits == 0 || inputBits > 32 ? 32 : inputBits) {}

void CounterRewriter::SwitchSource(std::optional<uint8_t> inputBits) {
  if (inputBits && *inputBits >= 1 && *inputBits <= 32) inputBits_ = *inputBits;
  if (started_) pendingSwitch_ = true;
}

void CounterRewriter::StartAt(int64_t output) {
  hasOutput_ = true;
  maxOutput_ = output - 1;
  pendingSwitch_ = true;
  started_ = true;
}

void CounterRewriter::StartSource(uint32_t input) {
  const uint64_t mask = (uint64_t{1} << inputBits_) - 1;
  lastInput_ = static_cast<uint32_t>(input & mask);
  lastExtended_ = lastInput_;
  // The first source keeps its own numbering; later ones continue after the last output.
  base_ = hasOutput_ ? maxOutput_ + 1 - lastExtended_ : 0;
  floor_ = lastExtended_;
  maxForwarded_ = lastExtended_ - 1;
  totalDrops_ = 0;
  head_ = 0;
  count_ = 0;
  started_ = true;
  pendingSwitch_ = false;
}

int64_t CounterRewriter::Extend(uint32_t input) const {
  const uint64_t modulus = uint64_t{1} << inputBits_;
  const uint64_t half = modulus / 2;
  input = static_cast<uint32_t>(input & (modulus - 1));
  const uint64_t forward = (uint64_t{input} - lastInput_) & (modulus - 1);
  if (forward < half || (forward == half && input > lastInput_)) {
    return lastExtended_ + static_cast<int64_t>(forward);
  }
  return lastExtended_ - static_cast<int64_t>(modulus - forward);
}

int64_t CounterRewriter::Unwrap(uint32_t input) {
  const int64_t ext = Extend(input);
  if (ext > lastExtended_) {
    lastInput_ = static_cast<uint32_t>(input & ((uint64_t{1} << inputBits_) - 1));
    lastExtended_ = ext;
  }
  return ext;
}

std::optional<int64_t> CounterRewriter::MapExtended(int64_t ext) const {
  if (ext < floor_) return std::nullopt;
  // Walk the drop runs from the newest: count the drops above ext, stop at the first run
  // below it. Recent values, the common case, stop at once.
  int64_t dropsAbove = 0;
  for (size_t i = count_; i-- > 0;) {
    const Range& r = At(i);
    if (r.end <= ext) break;
    if (r.start <= ext) return std::nullopt;  // A dropped value.
    dropsAbove += r.end - r.start;
  }
  return ext + base_ - (totalDrops_ - dropsAbove);
}

std::optional<int64_t> CounterRewriter::Rewrite(uint32_t input) {
  if (!started_ || pendingSwitch_) StartSource(input);
  const int64_t ext = Unwrap(input);
  const auto out = MapExtended(ext);
  if (!out) return std::nullopt;
  if (ext > maxForwarded_) maxForwarded_ = ext;
  if (!hasOutput_ || *out > maxOutput_) {
    maxOutput_ = *out;
    hasOutput_ = true;
  }
  return out;
}

std::optional<int64_t> CounterRewriter::Peek(uint32_t input) const {
  if (!started_ || pendingSwitch_) {
    // The first value of a new source (see StartSource).
    const int64_t first = static_cast<int64_t>(input & ((uint64_t{1} << inputBits_) - 1));
    return hasOutput_ ? maxOutput_ + 1 : first;
  }
  return MapExtended(Extend(input));
}

void CounterRewriter::Drop(uint32_t input) {
  if (!started_ || pendingSwitch_) StartSource(input);
  const int64_t ext = Unwrap(input);
  // Outputs above ext were already given out: the hole cannot be closed any more.
  if (ext <= maxForwarded_ || ext < floor_) return;
  InsertDrop(ext);
}

void CounterRewriter::InsertDrop(int64_t ext) {
  // Find the last run starting at or before ext (drops are usually the newest values, so this
  // is usually the last run).
  size_t i = count_;
  while (i > 0 && At(i - 1).start > ext)
    --i;
  // Now runs [0, i) start at or before ext, runs [i, count_) after it.
  if (i > 0) {
    Range& prev = At(i - 1);
    if (ext < prev.end) return;  // Already dropped.
    if (ext == prev.end) {
      ++prev.end;
      ++totalDrops_;
      if (i < count_ && At(i).start == prev.end) {
        prev.end = At(i).end;
        EraseAt(i);
      }
      return;
    }
  }
  if (i < count_ && At(i).start == ext + 1) {
    --At(i).start;
    ++totalDrops_;
    return;
  }
  if (count_ == kMaxDropRanges) {
    // Forget the oldest run: values below its end can no longer be mapped.
    const int64_t forgottenEnd = At(0).end;
    EraseAt(0);
    if (forgottenEnd > floor_) floor_ = forgottenEnd;
    if (i == 0) return;  // ext was before the forgotten run: now below the floor.
    --i;
  }
  InsertAt(i, Range{ext, ext + 1});
  ++totalDrops_;
}

void CounterRewriter::InsertAt(size_t index, Range r) {
  for (size_t k = count_; k > index; --k)
    At(k) = At(k - 1);
  At(index) = r;
  ++count_;
}

void CounterRewriter::EraseAt(size_t index) {
  if (index == 0) {
    head_ = (head_ + 1) % kMaxDropRanges;
  } else {
    for (size_t k = index; k + 1 < count_; ++k)
      At(k) = At(k + 1);
  }
  --count_;
}

}  // namespace weir::engine
