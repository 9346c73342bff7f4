#pragma once

// Packet status chunks of transport-wide congestion control feedback
// (draft-holmer-rmcat-transport-wide-cc-extensions-01 3.1.1-3.1.4). Each chunk is 16 bits:
//
//   run length:     |0| S |       run length (13)       |   S repeated run-length times
//   status vector:  |1|0|   14 one-bit symbols          |   0 = not received, 1 = small delta
//   status vector:  |1|1|   7 two-bit symbols           |
//
// Symbols: 00 not received, 01 received with a small (1-byte, unsigned) delta, 10 received with
// a large or negative (2-byte, signed) delta, 11 reserved.

#include <cstddef>
#include <cstdint>
#include <span>

namespace weir::proto::rtcp {

enum class TccSymbol : uint8_t {
  kNotReceived = 0,
  kSmallDelta = 1,
  kLargeDelta = 2,
  kReserved = 3,
};

// Bytes of receive delta a symbol carries (0, 1, 2; the reserved symbol is rejected first).
constexpr size_t TccDeltaSize(TccSymbol s) {
  return s == TccSymbol::kSmallDelta ? 1 : s == TccSymbol::kLargeDelta ? 2 : 0;
}

class TccChunk {
 public:
  static constexpr size_t kSize = 2;
  static constexpr size_t kMaxRunLength = 0x1fff;
  static constexpr size_t kOneBitCapacity = 14;
  static constexpr size_t kTwoBitCapacity = 7;

  constexpr explicit TccChunk(uint16_t raw) : raw_(raw) {}

  constexpr uint16_t raw() const { return raw_; }
  constexpr bool is_run_length() const { return (raw_ & 0x8000) == 0; }
  // The run length, or the 14 or 7 symbols of a vector (trailing ones may lie beyond the
  // packet status count, which the reader ignores).
  constexpr size_t symbol_count() const {
    if (is_run_length()) return raw_ & kMaxRunLength;
    return (raw_ & 0x4000) ? kTwoBitCapacity : kOneBitCapacity;
  }
  // i < symbol_count().
  constexpr TccSymbol symbol(size_t i) const {
    if (is_run_length()) return static_cast<TccSymbol>((raw_ >> 13) & 3);
    if (raw_ & 0x4000) return static_cast<TccSymbol>((raw_ >> (12 - 2 * i)) & 3);
    return ((raw_ >> (13 - i)) & 1) ? TccSymbol::kSmallDelta : TccSymbol::kNotReceived;
  }

  // length <= kMaxRunLength.
  static uint16_t EncodeRunLength(TccSymbol symbol, size_t length);
  // At most 14 symbols, each kNotReceived or kSmallDelta; missing trailing ones are 0.
  static uint16_t EncodeOneBitVector(std::span<const TccSymbol> symbols);
  // At most 7 symbols; missing trailing ones are kNotReceived.
  static uint16_t EncodeTwoBitVector(std::span<const TccSymbol> symbols);

 private:
  uint16_t raw_;
};

}  // namespace weir::proto::rtcp
