#include "channel/framing/frame_decoder.hpp"

#include <algorithm>
#include <cstring>

namespace weir::channel {

void FrameDecoder::Append(base::ByteView data) {
  if (skip_ > 0) {
    size_t dropped = static_cast<size_t>(std::min<uint64_t>(skip_, data.size()));
    skip_ -= dropped;
    data = data.subspan(dropped);
  }
  if (data.empty()) return;
  Compact();
  buffer_.insert(buffer_.end(), data.begin(), data.end());
}

FrameDecoder::Event FrameDecoder::Next() {
  if (skip_ > 0) {
    size_t dropped = static_cast<size_t>(std::min<uint64_t>(skip_, buffered()));
    skip_ -= dropped;
    read_ += dropped;
    if (skip_ > 0) return {};
  }
  if (buffered() < kFrameHeaderSize) return {};
  uint32_t length = base::LoadLe32(buffer_.data() + read_);
  if (length > kMaxFrameSize) {
    read_ += kFrameHeaderSize;
    skip_ = length;
    size_t dropped = static_cast<size_t>(std::min<uint64_t>(skip_, buffered()));
    skip_ -= dropped;
    read_ += dropped;
    return {Kind::kOversized, {}, length};
  }
  if (buffered() < kFrameHeaderSize + length) return {};
  const uint8_t* start = buffer_.data() + read_ + kFrameHeaderSize;
  read_ += kFrameHeaderSize + length;
  if (reinterpret_cast<uintptr_t>(start) % alignof(uint64_t) != 0) {
    aligned_.resize((length + 7) / 8);
    if (length > 0) std::memcpy(aligned_.data(), start, length);
    start = reinterpret_cast<const uint8_t*>(aligned_.data());
  }
  return {Kind::kFrame, base::ByteView(start, length), length};
}

void FrameDecoder::Compact() {
  if (read_ == 0) return;
  buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(read_));
  read_ = 0;
}

}  // namespace weir::channel
