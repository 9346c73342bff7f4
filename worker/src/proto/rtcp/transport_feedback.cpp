#include "proto/rtcp/transport_feedback.hpp"

#include <algorithm>

#include "proto/rtcp/feedback.hpp"

namespace weir::proto::rtcp {

std::optional<TransportFeedback> TransportFeedback::Parse(const Packet& packet) {
  auto fb = FeedbackMessage::Parse(packet, RtpfbFmt::kTransportCc);
  if (!fb || fb->fci.size() < kFixedSize) return std::nullopt;
  base::ByteView fci = fb->fci;
  size_t count = base::LoadBe16(&fci[2]);
  if (count == 0) return std::nullopt;

  size_t at = kFixedSize;
  size_t covered = 0;
  size_t deltaSize = 0;
  size_t received = 0;
  while (covered < count) {
    if (fci.size() - at < TccChunk::kSize) return std::nullopt;
    TccChunk chunk(base::LoadBe16(&fci[at]));
    at += TccChunk::kSize;
    // Symbols past the status count are padding and not checked.
    size_t n = std::min(chunk.symbol_count(), count - covered);
    if (chunk.is_run_length()) {
      if (n > 0) {
        TccSymbol s = chunk.symbol(0);
        if (s == TccSymbol::kReserved) return std::nullopt;
        deltaSize += n * TccDeltaSize(s);
        if (s != TccSymbol::kNotReceived) received += n;
      }
    } else {
      for (size_t i = 0; i < n; ++i) {
        TccSymbol s = chunk.symbol(i);
        if (s == TccSymbol::kReserved) return std::nullopt;
        deltaSize += TccDeltaSize(s);
        if (s != TccSymbol::kNotReceived) ++received;
      }
    }
    covered += n;
  }
  if (fci.size() - at < deltaSize) return std::nullopt;

  TransportFeedback view;
  view.senderSsrc_ = fb->senderSsrc;
  view.mediaSsrc_ = fb->mediaSsrc;
  view.fci_ = fci;
  view.deltasAt_ = at;
  view.deltaSize_ = deltaSize;
  view.receivedCount_ = received;
  return view;
}

TransportFeedback::StatusReader::StatusReader(const TransportFeedback& fb)
    : fci_(fb.fci_),
      chunkAt_(kFixedSize),
      deltaAt_(fb.deltasAt_),
      left_(fb.status_count()),
      seq_(fb.base_seq()),
      arrivalUs_(fb.reference_time_us()) {}

std::optional<TccPacketStatus> TransportFeedback::StatusReader::Next() {
  if (left_ == 0) return std::nullopt;
  // Parse() checked that the chunks cover every counted status and that the deltas they call
  // for are present, so none of these reads leaves fci_. Empty run-length chunks are skipped.
  while (inChunk_ == chunk_.symbol_count()) {
    chunk_ = TccChunk(base::LoadBe16(&fci_[chunkAt_]));
    chunkAt_ += TccChunk::kSize;
    inChunk_ = 0;
  }
  TccPacketStatus status;
  status.seq = seq_++;
  status.symbol = chunk_.symbol(inChunk_++);
  if (status.symbol == TccSymbol::kSmallDelta) {
    status.deltaTicks = fci_[deltaAt_];
    deltaAt_ += 1;
  } else if (status.symbol == TccSymbol::kLargeDelta) {
    status.deltaTicks = static_cast<int16_t>(base::LoadBe16(&fci_[deltaAt_]));
    deltaAt_ += 2;
  }
  arrivalUs_ += int64_t{status.deltaTicks} * kTccDeltaTickUs;
  if (status.received()) status.arrivalUs = arrivalUs_;
  --left_;
  return status;
}

}  // namespace weir::proto::rtcp
