#include "engine/ice/tcp_framing.hpp"

#include <algorithm>
#include <cstring>

namespace weir::engine {

TcpFrameDecoder::TcpFrameDecoder() : buffer_(kTcpFrameHeaderSize + kMaxTcpFrameSize) {}

void TcpFrameDecoder::Compact() {
  if (begin_ == 0) return;
  size_t pending = end_ - begin_;
  if (pending > 0) std::memmove(buffer_.data(), buffer_.data() + begin_, pending);
  begin_ = 0;
  end_ = pending;
}

size_t TcpFrameDecoder::Append(base::ByteView data) {
  if (failed_) return data.size();
  base::MutableByteView space = WritableSpace();
  size_t taken = std::min(space.size(), data.size());
  if (taken > 0) std::memcpy(space.data(), data.data(), taken);
  Commit(taken);
  return taken;
}

base::MutableByteView TcpFrameDecoder::WritableSpace() {
  if (failed_) return {};
  Compact();
  return base::MutableByteView(buffer_.data() + end_, buffer_.size() - end_);
}

void TcpFrameDecoder::Commit(size_t size) {
  if (failed_) return;
  end_ += std::min(size, buffer_.size() - end_);
}

TcpFrameDecoder::Result TcpFrameDecoder::Next() {
  if (failed_) return {Status::kError, {}};
  if (buffered() < kTcpFrameHeaderSize) return {};
  size_t length = base::LoadBe16(buffer_.data() + begin_);
  if (length == 0) {
    failed_ = true;
    return {Status::kError, {}};
  }
  if (buffered() < kTcpFrameHeaderSize + length) return {};
  base::MutableByteView frame(buffer_.data() + begin_ + kTcpFrameHeaderSize, length);
  begin_ += kTcpFrameHeaderSize + length;
  ++frames_;
  return {Status::kFrame, frame};
}

std::array<uint8_t, kTcpFrameHeaderSize> EncodeTcpFrameHeader(uint16_t length) {
  std::array<uint8_t, kTcpFrameHeaderSize> header;
  base::StoreBe16(header.data(), length);
  return header;
}

size_t WriteTcpFrame(base::ByteView packet, base::MutableByteView out) {
  if (packet.empty() || packet.size() > kMaxTcpFrameSize) return 0;
  size_t total = kTcpFrameHeaderSize + packet.size();
  if (out.size() < total) return 0;
  base::StoreBe16(out.data(), static_cast<uint16_t>(packet.size()));
  std::memcpy(out.data() + kTcpFrameHeaderSize, packet.data(), packet.size());
  return total;
}

}  // namespace weir::engine
