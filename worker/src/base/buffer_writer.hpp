#pragma once

// Appends big-endian fields to a caller-provided buffer without allocating. Writes past the end
// are not performed; they mark the writer as overflowed, which the caller checks once at the end
// (the builders of RTCP, STUN and the channel framing use this instead of checking each field).

#include <cstdint>
#include <cstring>

#include "base/bytes.hpp"

namespace weir::base {

class BufferWriter {
 public:
  explicit BufferWriter(MutableByteView out) : out_(out) {}

  void U8(uint8_t v) {
    if (Reserve(1)) out_[pos_++] = v;
  }
  void U16(uint16_t v) {
    if (Reserve(2)) StoreBe16(&out_[pos_], v), pos_ += 2;
  }
  void U24(uint32_t v) {
    if (Reserve(3)) StoreBe24(&out_[pos_], v), pos_ += 3;
  }
  void U32(uint32_t v) {
    if (Reserve(4)) StoreBe32(&out_[pos_], v), pos_ += 4;
  }
  void U64(uint64_t v) {
    if (Reserve(8)) StoreBe64(&out_[pos_], v), pos_ += 8;
  }
  void Bytes(ByteView v) {
    if (!v.empty() && Reserve(v.size()))
      std::memcpy(&out_[pos_], v.data(), v.size()), pos_ += v.size();
  }
  void Zeros(size_t n) {
    if (Reserve(n)) std::memset(&out_[pos_], 0, n), pos_ += n;
  }
  // Skips n bytes to be filled later through At(); returns their offset.
  size_t Skip(size_t n) {
    size_t at = pos_;
    if (Reserve(n)) pos_ += n;
    return at;
  }
  uint8_t* At(size_t offset) { return out_.data() + offset; }

  size_t size() const { return pos_; }
  bool ok() const { return !overflow_; }
  ByteView written() const { return out_.first(pos_); }
  MutableByteView mutable_written() { return out_.first(pos_); }

 private:
  bool Reserve(size_t n) {
    if (overflow_ || out_.size() - pos_ < n) {
      overflow_ = true;
      return false;
    }
    return true;
  }

  MutableByteView out_;
  size_t pos_ = 0;
  bool overflow_ = false;
};

}  // namespace weir::base
