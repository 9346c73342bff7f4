#pragma once

// Sans-IO decoder of the channel framing: a 4-byte little-endian length N, then N bytes.
// Feed it whatever the socket gave (partial frames, several frames at once) and pull events.
//
// A length above kMaxFrameSize cannot be honoured without unbounded memory, so its bytes are
// skipped as they arrive (reported once as kOversized) and decoding resumes after them. A
// zero-length frame is reported as an empty frame; the caller decides what it means.

#include <cstdint>
#include <vector>

#include "base/bytes.hpp"

namespace weir::channel {

inline constexpr uint32_t kMaxFrameSize = 4 * 1024 * 1024;
inline constexpr size_t kFrameHeaderSize = 4;

class FrameDecoder {
 public:
  enum class Kind { kNeedMore, kFrame, kOversized };
  struct Event {
    Kind kind = Kind::kNeedMore;
    // For kFrame: the payload, 8-byte aligned (FlatBuffers reads scalars in place), valid until
    // the next call to Append() or Next(). For kOversized: empty.
    base::ByteView frame;
    // For kOversized: the announced length being skipped.
    uint32_t length = 0;
  };

  void Append(base::ByteView data);
  Event Next();

  // Bytes held but not yet returned (a partial frame).
  size_t buffered() const { return buffer_.size() - read_; }
  // Bytes of an oversized frame still to be skipped.
  uint64_t skipping() const { return skip_; }

 private:
  void Compact();

  std::vector<uint8_t> buffer_;
  size_t read_ = 0;
  uint64_t skip_ = 0;
  std::vector<uint64_t> aligned_;  // Scratch for frames whose start is not 8-byte aligned.
};

}  // namespace weir::channel
