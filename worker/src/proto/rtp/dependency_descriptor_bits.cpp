#include "proto/rtp/dependency_descriptor_bits.hpp"

namespace weir::proto::rtp {
namespace {

// w in the spec's ns(n): the number of bits of n.
int BitWidth(uint32_t n) {
  int w = 0;
  for (uint32_t x = n; x != 0; x >>= 1)
    ++w;
  return w;
}

}  // namespace

uint32_t DdBitReader::ReadBits(int n) {
  if (n <= 0) return 0;
  if (overrun_ || bits_left() < static_cast<size_t>(n)) {
    overrun_ = true;
    pos_ = data_.size() * 8;
    return 0;
  }
  // Up to a byte at a time: the bits left in the current byte, or fewer if that is all n needs.
  uint32_t value = 0;
  for (int remaining = n; remaining > 0;) {
    int avail = 8 - static_cast<int>(pos_ & 7);
    int take = remaining < avail ? remaining : avail;
    uint32_t bits = (uint32_t{data_[pos_ >> 3]} >> (avail - take)) & ((1u << take) - 1);
    value = (value << take) | bits;
    pos_ += static_cast<size_t>(take);
    remaining -= take;
  }
  return value;
}

uint32_t DdBitReader::ReadNonSymmetric(uint32_t n) {
  // AV1 RTP spec A.8.2 ns(n): values below m take w-1 bits, the others w bits.
  int w = BitWidth(n);
  uint32_t m = (uint32_t{1} << w) - n;
  uint32_t v = ReadBits(w - 1);
  if (v < m) return v;
  uint32_t extraBit = ReadBits(1);
  return (v << 1) - m + extraBit;
}

void DdBitWriter::WriteBits(uint32_t value, int n) {
  if (n <= 0) return;
  if (overflow_ || out_.size() * 8 - pos_ < static_cast<size_t>(n)) {
    overflow_ = true;
    return;
  }
  for (int remaining = n; remaining > 0;) {
    uint8_t& byte = out_[pos_ >> 3];
    int avail = 8 - static_cast<int>(pos_ & 7);
    if (avail == 8) byte = 0;  // A fresh byte: clear whatever the buffer held.
    int take = remaining < avail ? remaining : avail;
    uint32_t bits = (value >> (remaining - take)) & ((1u << take) - 1);
    byte = static_cast<uint8_t>(byte | (bits << (avail - take)));
    pos_ += static_cast<size_t>(take);
    remaining -= take;
  }
}

void DdBitWriter::WriteNonSymmetric(uint32_t value, uint32_t n) {
  if (n <= 1) return;
  int w = BitWidth(n);
  uint32_t m = (uint32_t{1} << w) - n;
  if (value < m) {
    WriteBits(value, w - 1);
  } else {
    WriteBits(value + m, w);
  }
}

}  // namespace weir::proto::rtp
