#include "proto/rtcp/tcc_chunk.hpp"

namespace weir::proto::rtcp {

uint16_t TccChunk::EncodeRunLength(TccSymbol symbol, size_t length) {
  return static_cast<uint16_t>((static_cast<unsigned>(symbol) & 3) << 13 |
                               (length & kMaxRunLength));
}

uint16_t TccChunk::EncodeOneBitVector(std::span<const TccSymbol> symbols) {
  unsigned raw = 0x8000;
  for (size_t i = 0; i < symbols.size() && i < kOneBitCapacity; ++i) {
    if (symbols[i] != TccSymbol::kNotReceived) raw |= 1u << (13 - i);
  }
  return static_cast<uint16_t>(raw);
}

uint16_t TccChunk::EncodeTwoBitVector(std::span<const TccSymbol> symbols) {
  unsigned raw = 0xc000;
  for (size_t i = 0; i < symbols.size() && i < kTwoBitCapacity; ++i) {
    raw |= (static_cast<unsigned>(symbols[i]) & 3) << (12 - 2 * i);
  }
  return static_cast<uint16_t>(raw);
}

}  // namespace weir::proto::rtcp
