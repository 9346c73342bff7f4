#pragma once

// Maps a wrapping counter of an input stream (an RTP sequence number, a VP8 picture id or
// TL0PICIDX) onto a continuous output counter, across
// - gaps: input values never seen keep their place, so the receiver sees the same loss and can
//   ask for it;
// - drops: values the forwarder decides not to send (another temporal layer, padding) are
//   removed, so the output has no hole for them;
// - switches: a new source (another simulcast stream, a restarted producer) continues the
//   output at last + 1, whatever its own numbering.
//
// The mapping of a value never changes once given out, so a reordered packet or a
// retransmission maps to the same output number: out = in + base - (drops below in). A drop
// arriving after a newer value was already forwarded can no longer be removed without
// renumbering what was sent; it is ignored and leaves a gap. Values before the first value of
// the current source (reordered across a switch), values inside a drop, and values older than
// the drop history this keeps (kMaxDropRanges runs of consecutive drops) cannot be mapped.
//
// Values are extended to 64 bits (the input unwrapped with half-range reordering tolerance,
// RFC 3550 A.1 style), so the output is an int64_t the caller reduces to its width. No
// allocation: the drop history is a fixed ring.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

namespace weir::engine {

class CounterRewriter {
 public:
  static constexpr size_t kMaxDropRanges = 128;

  // inputBits: the width of the input counter (1 to 32).
  explicit CounterRewriter(uint8_t inputBits);

  // The extended output value for an input value to forward, or nothing (see above).
  std::optional<int64_t> Rewrite(uint32_t input);
  // What Rewrite(input) would return now, without recording anything.
  std::optional<int64_t> Peek(uint32_t input) const;
  // An input value that will not be forwarded.
  void Drop(uint32_t input);
  // The next input value (from Rewrite or Drop) starts a new source: its output is the highest
  // output so far + 1. inputBits, when given, is the new source's counter width.
  void SwitchSource(std::optional<uint8_t> inputBits = std::nullopt);
  // Makes the next input value map to `output` (as a switch does): a consumer starting its
  // stream at a chosen (e.g. random) value.
  void StartAt(int64_t output);

  uint8_t inputBits() const { return inputBits_; }
  // The highest output given so far, if any.
  std::optional<int64_t> maxOutput() const {
    return hasOutput_ ? std::optional<int64_t>(maxOutput_) : std::nullopt;
  }

 private:
  struct Range {
    int64_t start;  // First dropped extended input.
    int64_t end;    // One past the last.
  };

  void StartSource(uint32_t input);
  int64_t Extend(uint32_t input) const;
  int64_t Unwrap(uint32_t input);
  std::optional<int64_t> MapExtended(int64_t ext) const;
  void InsertDrop(int64_t ext);
  Range& At(size_t i) { return ranges_[(head_ + i) % kMaxDropRanges]; }
  const Range& At(size_t i) const { return ranges_[(head_ + i) % kMaxDropRanges]; }
  void InsertAt(size_t index, Range r);
  void EraseAt(size_t index);

  uint8_t inputBits_;
  bool started_ = false;
  bool pendingSwitch_ = false;

  // Input unwrapping, per source.
  uint32_t lastInput_ = 0;
  int64_t lastExtended_ = 0;

  // Mapping of the current source.
  int64_t base_ = 0;
  int64_t floor_ = 0;  // Extended inputs below this cannot be mapped.
  int64_t maxForwarded_ = 0;
  int64_t totalDrops_ = 0;
  std::array<Range, kMaxDropRanges> ranges_{};
  size_t head_ = 0;
  size_t count_ = 0;

  bool hasOutput_ = false;
  int64_t maxOutput_ = 0;
};

}  // namespace weir::engine
