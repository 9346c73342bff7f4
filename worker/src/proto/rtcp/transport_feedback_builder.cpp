#include "proto/rtcp/transport_feedback_builder.hpp"

#include <algorithm>
#include <cstring>

#include "proto/rtcp/feedback.hpp"
#include "proto/rtcp/transport_feedback.hpp"

namespace weir::proto::rtcp {

namespace {

constexpr size_t kHeaderSize = kFeedbackHeaderSize + TransportFeedback::kFixedSize;
constexpr size_t kMaxStatusCount = 0xffff;

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

}  // namespace

bool TransportFeedbackBuilder::Pending::CanAdd(TccSymbol s) const {
  if (size < TccChunk::kTwoBitCapacity) return true;
  if (size < TccChunk::kOneBitCapacity && !hasLarge && s != TccSymbol::kLargeDelta) return true;
  return allSame && s == symbols[0] && size < TccChunk::kMaxRunLength;
}

void TransportFeedbackBuilder::Pending::Add(TccSymbol s, size_t count) {
  for (size_t i = 0; i < count && size + i < TccChunk::kOneBitCapacity; ++i) {
    symbols[size + i] = s;
  }
  if (size > 0 && s != symbols[0]) allSame = false;
  if (s == TccSymbol::kLargeDelta) hasLarge = true;
  size += count;
}

uint16_t TransportFeedbackBuilder::Pending::Emit() {
  uint16_t chunk;
  if (allSame) {
    chunk = TccChunk::EncodeRunLength(symbols[0], size);
    size = 0;
  } else if (size == TccChunk::kOneBitCapacity) {
    chunk = TccChunk::EncodeOneBitVector(symbols);
    size = 0;
  } else {
    // 7 <= size < 14 with mixed symbols and a large delta coming or present: the first 7 go
    // out as a 2-bit vector, the rest stay pending.
    chunk = TccChunk::EncodeTwoBitVector({symbols, TccChunk::kTwoBitCapacity});
    size_t left = size - TccChunk::kTwoBitCapacity;
    std::copy_n(symbols + TccChunk::kTwoBitCapacity, left, symbols);
    size = 0;
    allSame = true;
    hasLarge = false;
    for (size_t i = 0; i < left; ++i)
      Add(symbols[i], 1);
    return chunk;
  }
  allSame = true;
  hasLarge = false;
  return chunk;
}

uint16_t TransportFeedbackBuilder::Pending::EncodeLast() const {
  if (allSame) return TccChunk::EncodeRunLength(symbols[0], size);
  if (!hasLarge) return TccChunk::EncodeOneBitVector({symbols, size});
  return TccChunk::EncodeTwoBitVector({symbols, size});
}

TransportFeedbackBuilder::TransportFeedbackBuilder(uint32_t senderSsrc, uint32_t mediaSsrc,
                                                   uint8_t fbPktCount, size_t maxSize)
    : senderSsrc_(senderSsrc),
      mediaSsrc_(mediaSsrc),
      fbPktCount_(fbPktCount),
      maxSize_(std::min(maxSize, kMaxSize)) {}

void TransportFeedbackBuilder::Reset(uint8_t fbPktCount) {
  fbPktCount_ = fbPktCount;
  statusCount_ = 0;
  receivedCount_ = 0;
  pending_ = Pending{};
  chunkCount_ = 0;
  deltaSize_ = 0;
}

bool TransportFeedbackBuilder::PushChunk(uint16_t chunk) {
  if (chunkCount_ == kMaxChunks) return false;
  chunks_[chunkCount_++] = chunk;
  return true;
}

bool TransportFeedbackBuilder::AddSymbols(TccSymbol s, size_t count) {
  while (count > 0) {
    if (pending_.size == 0 || (pending_.allSame && s == pending_.symbols[0])) {
      // A run: every single Add would be accepted until the run-length field is full.
      size_t n = std::min(count, TccChunk::kMaxRunLength - pending_.size);
      if (n > 0) {
        pending_.Add(s, n);
        count -= n;
        continue;
      }
    } else if (pending_.CanAdd(s)) {
      pending_.Add(s, 1);
      --count;
      continue;
    }
    if (!PushChunk(pending_.Emit())) return false;
  }
  return true;
}

bool TransportFeedbackBuilder::AddReceived(uint16_t seq, int64_t arrivalUs) {
  size_t missing = 0;
  int64_t prevTicks = lastTicks_;
  if (statusCount_ == 0) {
    // The draft leaves the reference time to the sender: the first arrival rounded down to the
    // 64 ms grid keeps the first delta in [0, 64 ms), which always fits one byte.
    int64_t reference = FloorDiv(arrivalUs, kTccReferenceTickUs);
    prevTicks = reference * (kTccReferenceTickUs / kTccDeltaTickUs);
  } else {
    size_t offset = static_cast<uint16_t>(seq - baseSeq_);
    if (offset < statusCount_ || offset + 1 > kMaxStatusCount) return false;
    missing = offset - statusCount_;
  }
  int64_t ticks = FloorDiv(arrivalUs, kTccDeltaTickUs);
  int64_t delta = ticks - prevTicks;
  if (delta < INT16_MIN || delta > INT16_MAX) return false;
  TccSymbol symbol =
      (delta >= 0 && delta <= 0xff) ? TccSymbol::kSmallDelta : TccSymbol::kLargeDelta;
  size_t deltaBytes = TccDeltaSize(symbol);
  if (deltaSize_ + deltaBytes > kMaxDeltaBytes) return false;

  // Apply, then undo if the result is too large. Only the counters and the pending chunk need
  // saving: the arrays are append-only.
  Pending savedPending = pending_;
  size_t savedChunks = chunkCount_;
  bool ok = AddSymbols(TccSymbol::kNotReceived, missing) && AddSymbols(symbol, 1);
  size_t newDeltaSize = deltaSize_ + deltaBytes;
  size_t size = kHeaderSize + 2 * (chunkCount_ + 1) + newDeltaSize;
  if (!ok || size + base::PadTo4(size) > maxSize_) {
    pending_ = savedPending;
    chunkCount_ = savedChunks;
    return false;
  }

  if (statusCount_ == 0) {
    baseSeq_ = seq;
    referenceTime_ =
        static_cast<uint32_t>(FloorDiv(arrivalUs, kTccReferenceTickUs)) & kTccReferenceTimeMask;
  }
  if (deltaBytes == 1) {
    deltas_[deltaSize_] = static_cast<uint8_t>(delta);
  } else {
    base::StoreBe16(&deltas_[deltaSize_], static_cast<uint16_t>(static_cast<int16_t>(delta)));
  }
  deltaSize_ = newDeltaSize;
  lastTicks_ = ticks;
  statusCount_ += missing + 1;
  ++receivedCount_;
  return true;
}

size_t TransportFeedbackBuilder::UnpaddedSize() const {
  return kHeaderSize + 2 * (chunkCount_ + (pending_.size > 0 ? 1 : 0)) + deltaSize_;
}

size_t TransportFeedbackBuilder::Size() const {
  if (statusCount_ == 0) return 0;
  size_t n = UnpaddedSize();
  return n + base::PadTo4(n);
}

size_t TransportFeedbackBuilder::Serialize(base::MutableByteView out) const {
  size_t size = Size();
  if (size == 0 || out.size() < size) return 0;
  size_t padding = size - UnpaddedSize();
  uint8_t* p = out.data();
  WriteFeedbackHeader(p, RtpfbFmt::kTransportCc, size, senderSsrc_, mediaSsrc_, padding > 0);
  p += kFeedbackHeaderSize;
  base::StoreBe16(p, baseSeq_);
  base::StoreBe16(p + 2, static_cast<uint16_t>(statusCount_));
  base::StoreBe24(p + 4, referenceTime_);
  p[7] = fbPktCount_;
  p += TransportFeedback::kFixedSize;
  for (size_t i = 0; i < chunkCount_; ++i, p += 2)
    base::StoreBe16(p, chunks_[i]);
  if (pending_.size > 0) {
    base::StoreBe16(p, pending_.EncodeLast());
    p += 2;
  }
  std::memcpy(p, deltas_, deltaSize_);
  p += deltaSize_;
  if (padding > 0) {
    // RFC 3550 6.4.1: zeros, then the padding count in the last octet.
    std::memset(p, 0, padding - 1);
    p[padding - 1] = static_cast<uint8_t>(padding);
  }
  return size;
}

}  // namespace weir::proto::rtcp
