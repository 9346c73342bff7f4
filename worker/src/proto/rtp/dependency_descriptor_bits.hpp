#pragma once

// Bit-level reader and writer for the AV1 dependency descriptor (AV1 RTP spec, appendix A.8.2):
// fields are read most significant bit first, f(n) for n <= 32 bits and ns(n), the
// non-symmetric code of values 0..n-1. Running past the end is not an exception: it makes the
// reader return zeros and report !ok(), which the parser checks once at the end (so a field
// read from a truncated buffer never reaches a decision without that check).

#include <cstddef>
#include <cstdint>

#include "base/bytes.hpp"

namespace weir::proto::rtp {

class DdBitReader {
 public:
  explicit DdBitReader(base::ByteView data) : data_(data) {}

  // f(n), n in 0..32.
  uint32_t ReadBits(int n);
  bool ReadBit() { return ReadBits(1) != 0; }
  // ns(n), n >= 1: reads nothing when n == 1.
  uint32_t ReadNonSymmetric(uint32_t n);

  bool ok() const { return !overrun_; }
  size_t bit_position() const { return pos_; }
  size_t bits_left() const { return data_.size() * 8 - pos_; }

 private:
  base::ByteView data_;
  size_t pos_ = 0;
  bool overrun_ = false;
};

class DdBitWriter {
 public:
  explicit DdBitWriter(base::MutableByteView out) : out_(out) {}

  // write_f(n, v): the low n bits of value, n in 0..32.
  void WriteBits(uint32_t value, int n);
  void WriteBit(bool bit) { WriteBits(bit ? 1 : 0, 1); }
  // write_ns(n, v), v < n.
  void WriteNonSymmetric(uint32_t value, uint32_t n);

  bool ok() const { return !overflow_; }
  size_t bit_position() const { return pos_; }
  // Bytes touched so far; the unused low bits of the last one are zero (the zero_padding).
  size_t bytes() const { return (pos_ + 7) / 8; }

 private:
  base::MutableByteView out_;
  size_t pos_ = 0;
  bool overflow_ = false;
};

}  // namespace weir::proto::rtp
