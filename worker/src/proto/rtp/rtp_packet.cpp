#include "proto/rtp/rtp_packet.hpp"

#include <algorithm>
#include <cstring>

namespace weir::proto::rtp {

namespace {

constexpr uint8_t kPaddingBit = 0x20;
constexpr uint8_t kExtensionBit = 0x10;
constexpr uint8_t kOneByteReservedId = 15;

bool FitsOneByte(uint8_t id, size_t size) {
  return id >= 1 && id <= RtpPacket::kOneByteMaxId && size >= 1 &&
         size <= RtpPacket::kOneByteMaxValueSize;
}

// One element of a block being rebuilt: where its value is and where it goes.
struct PlannedElement {
  uint16_t oldOffset;
  uint16_t newOffset;
  uint8_t id;
  uint8_t size;
  bool fresh;  // The value is the one being set, not the old block's.
};

// Lays the elements out back to back from `pos`; returns the end of the last one.
size_t AssignOffsets(PlannedElement* plan, size_t n, size_t pos, size_t elementHeader) {
  for (size_t k = 0; k < n; ++k) {
    plan[k].newOffset = static_cast<uint16_t>(pos + elementHeader);
    pos += elementHeader + plan[k].size;
  }
  return pos;
}

// Kept values keep their order, so those moving towards the front are moved front to back and
// those moving towards the back, back to front: no value overwrites one not yet moved.
void MoveKeptValues(uint8_t* data, const PlannedElement* plan, size_t n) {
  for (size_t k = 0; k < n; ++k) {
    const PlannedElement& p = plan[k];
    if (!p.fresh && p.newOffset <= p.oldOffset) {
      std::memmove(data + p.newOffset, data + p.oldOffset, p.size);
    }
  }
  for (size_t k = n; k-- > 0;) {
    const PlannedElement& p = plan[k];
    if (!p.fresh && p.newOffset > p.oldOffset) {
      std::memmove(data + p.newOffset, data + p.oldOffset, p.size);
    }
  }
}

// Once the kept values are in place: the block header, the element headers and the new value go
// between them, where nothing is left to read, then zeros up to the 32-bit boundary.
void WriteBlock(uint8_t* data, size_t blockStart, size_t blockEnd, uint16_t profile, bool oneByte,
                const PlannedElement* plan, size_t n, const uint8_t* value) {
  base::StoreBe16(data + blockStart, profile);
  base::StoreBe16(data + blockStart + 2, static_cast<uint16_t>((blockEnd - blockStart - 4) / 4));
  size_t end = blockStart + 4;
  for (size_t k = 0; k < n; ++k) {
    const PlannedElement& p = plan[k];
    if (oneByte) {  // RFC 8285 4.2: ID (4 bits), length - 1 (4 bits).
      data[p.newOffset - 1] = static_cast<uint8_t>((p.id << 4) | (p.size - 1));
    } else {  // RFC 8285 4.3: ID, length.
      data[p.newOffset - 2] = p.id;
      data[p.newOffset - 1] = p.size;
    }
    if (p.fresh && p.size > 0) std::memcpy(data + p.newOffset, value, p.size);
    end = p.newOffset + p.size;
  }
  std::memset(data + end, 0, blockEnd - end);  // RFC 3550 5.3.1: whole 32-bit words.
}

}  // namespace

std::optional<RtpPacket> RtpPacket::Parse(base::MutableByteView buffer, size_t length) {
  if (length < kFixedHeaderSize || length > buffer.size() || length > kMaxSize) return std::nullopt;
  uint8_t* d = buffer.data();
  if ((d[0] >> 6) != 2) return std::nullopt;  // RFC 3550 5.1: version 2.

  RtpPacket packet;
  packet.data_ = d;
  packet.capacity_ = static_cast<uint32_t>(std::min(buffer.size(), kMaxSize));
  packet.size_ = static_cast<uint32_t>(length);

  size_t header = kFixedHeaderSize + 4 * size_t{d[0] & 0x0Fu};
  if (header > length) return std::nullopt;  // CSRC count runs past the end.

  if (d[0] & kExtensionBit) {
    // RFC 3550 5.3.1: 16-bit profile field, 16-bit length in 32-bit words (header excluded).
    if (length - header < 4) return std::nullopt;
    size_t blockStart = header;
    size_t words = base::LoadBe16(d + header + 2);
    header += 4;
    if (words * 4 > length - header) return std::nullopt;
    header += words * 4;
    if (!packet.ParseExtensions(blockStart, header)) return std::nullopt;
  }
  packet.headerSize_ = static_cast<uint16_t>(header);

  if (d[0] & kPaddingBit) {
    // RFC 3550 5.1: the last octet counts the padding, itself included, so 0 is malformed, and
    // the padding cannot reach into the header.
    uint8_t padding = d[length - 1];
    if (padding == 0 || padding > length - header) return std::nullopt;
    packet.paddingSize_ = padding;
  }
  return packet;
}

bool RtpPacket::ParseExtensions(size_t blockStart, size_t blockEnd) {
  uint16_t profile = base::LoadBe16(data_ + blockStart);
  size_t pos = blockStart + 4;
  if (profile == kOneByteProfile) {
    form_ = ExtensionForm::kOneByte;
    while (pos < blockEnd) {
      uint8_t b = data_[pos];
      if (b == 0) {  // RFC 8285 4.2: a padding byte, skipped.
        ++pos;
        continue;
      }
      uint8_t id = b >> 4;
      size_t size = size_t{b & 0x0Fu} + 1;
      // RFC 8285 4.2: id 15 ends processing; only the elements before it count. An id 0 with a
      // non-zero length is neither padding nor an element: stop there as well.
      if (id == kOneByteReservedId || id == 0) break;
      ++pos;
      if (size > blockEnd - pos) return false;
      if (!AddEntry(id, size, pos)) return false;
      pos += size;
    }
  } else if ((profile & kTwoByteProfileMask) == kTwoByteProfile) {
    form_ = ExtensionForm::kTwoByte;
    while (pos < blockEnd) {
      uint8_t id = data_[pos];
      if (id == 0) {  // RFC 8285 4.3: padding byte.
        ++pos;
        continue;
      }
      if (blockEnd - pos < 2) return false;
      size_t size = data_[pos + 1];
      pos += 2;
      if (size > blockEnd - pos) return false;
      if (!AddEntry(id, size, pos)) return false;
      pos += size;
    }
  } else {
    form_ = ExtensionForm::kOther;
  }
  return true;
}

bool RtpPacket::AddEntry(uint8_t id, size_t size, size_t offset) {
  // A repeated id keeps its first element; the later one is not indexed (and is dropped if the
  // block is rebuilt).
  if (Find(id) >= 0) return true;
  if (extCount_ == kMaxExtensions) return false;
  ext_[extCount_++] = {id, static_cast<uint8_t>(size), static_cast<uint16_t>(offset)};
  return true;
}

int RtpPacket::Find(uint8_t id) const {
  for (size_t i = 0; i < extCount_; ++i) {
    if (ext_[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

uint16_t RtpPacket::extension_profile() const {
  if (form_ == ExtensionForm::kNone) return 0;
  return base::LoadBe16(data_ + ExtensionBlockStart());
}

base::ByteView RtpPacket::extension_block() const {
  if (form_ == ExtensionForm::kNone) return {};
  size_t start = ExtensionBlockStart() + 4;
  return {data_ + start, headerSize_ - start};
}

ExtensionElement RtpPacket::ExtensionAt(size_t index) const {
  const Entry& e = ext_[index];
  return {e.id, base::ByteView(data_ + e.offset, e.size)};
}

std::optional<base::ByteView> RtpPacket::GetExtension(uint8_t id) const {
  int i = Find(id);
  if (i < 0) return std::nullopt;
  const Entry& e = ext_[static_cast<size_t>(i)];
  return base::ByteView(data_ + e.offset, e.size);
}

bool RtpPacket::SetExtension(uint8_t id, base::ByteView value) {
  if (id == 0 || value.size() > kTwoByteMaxValueSize || form_ == ExtensionForm::kOther) {
    return false;
  }
  int i = Find(id);
  if (i >= 0 && OverwriteInPlace(static_cast<size_t>(i), value)) return true;
  return Rebuild(id, value, /*remove=*/false);
}

bool RtpPacket::RemoveExtension(uint8_t id) {
  if (Find(id) < 0) return false;
  return Rebuild(id, {}, /*remove=*/true);
}

bool RtpPacket::OverwriteInPlace(size_t index, base::ByteView value) {
  Entry& e = ext_[index];
  if (value.size() > e.size) return false;
  if (form_ == ExtensionForm::kOneByte) {
    if (value.empty()) return false;  // The one-byte form cannot say "0 bytes".
    data_[e.offset - 1] = static_cast<uint8_t>((e.id << 4) | (value.size() - 1));
  } else {
    data_[e.offset - 1] = static_cast<uint8_t>(value.size());
  }
  if (!value.empty()) std::memmove(data_ + e.offset, value.data(), value.size());
  // The bytes a shorter value frees become padding bytes (RFC 8285 4.2, 4.3 allow padding
  // between elements), so nothing else in the packet moves.
  std::memset(data_ + e.offset + value.size(), 0, e.size - value.size());
  e.size = static_cast<uint8_t>(value.size());
  return true;
}

void RtpPacket::MoveTail(size_t newHeaderSize) {
  size_t tail = size_ - headerSize_;
  if (tail > 0) std::memmove(data_ + newHeaderSize, data_ + headerSize_, tail);
  headerSize_ = static_cast<uint16_t>(newHeaderSize);
  size_ = static_cast<uint32_t>(newHeaderSize + tail);
}

bool RtpPacket::Rebuild(uint8_t id, base::ByteView value, bool remove) {
  // The value may point into this very buffer, which is about to be rearranged.
  std::array<uint8_t, kTwoByteMaxValueSize> saved;
  if (!value.empty()) std::memcpy(saved.data(), value.data(), value.size());

  std::array<PlannedElement, kMaxExtensions> plan;
  size_t n = 0;
  bool found = false;
  const auto valueSize = static_cast<uint8_t>(value.size());
  for (size_t i = 0; i < extCount_; ++i) {
    const Entry& e = ext_[i];
    if (e.id == id) {
      found = true;
      if (!remove) plan[n++] = {0, 0, id, valueSize, true};
    } else {
      plan[n++] = {e.offset, 0, e.id, e.size, false};
    }
  }
  if (!found) {
    if (remove || n == kMaxExtensions) return false;
    plan[n++] = {0, 0, id, valueSize, true};
  }

  // Keep the current form unless an element cannot be expressed in it (RFC 8285 4.2/4.3).
  bool oneByte = form_ != ExtensionForm::kTwoByte;
  for (size_t k = 0; k < n && oneByte; ++k)
    oneByte = FitsOneByte(plan[k].id, plan[k].size);
  const size_t blockStart = ExtensionBlockStart();
  const size_t blockEnd = AssignOffsets(plan.data(), n, blockStart + 4, oneByte ? 1 : 2);
  const size_t newHeaderSize = n == 0 ? blockStart : blockEnd + base::PadTo4(blockEnd);
  if (newHeaderSize + (size_ - headerSize_) > capacity_) return false;
  const uint16_t profile = oneByte                            ? kOneByteProfile
                           : form_ == ExtensionForm::kTwoByte ? extension_profile()  // appbits
                                                              : kTwoByteProfile;

  // Growing: move payload and padding out of the way first; the old block stays intact.
  if (newHeaderSize > headerSize_) MoveTail(newHeaderSize);
  MoveKeptValues(data_, plan.data(), n);
  if (n > 0) {
    WriteBlock(data_, blockStart, newHeaderSize, profile, oneByte, plan.data(), n, saved.data());
  }
  // Shrinking: the new block is written, now close the gap.
  if (newHeaderSize < headerSize_) MoveTail(newHeaderSize);

  if (n > 0) {
    data_[0] |= kExtensionBit;
    form_ = oneByte ? ExtensionForm::kOneByte : ExtensionForm::kTwoByte;
  } else {
    data_[0] &= static_cast<uint8_t>(~kExtensionBit);
    form_ = ExtensionForm::kNone;
  }
  extCount_ = static_cast<uint8_t>(n);
  for (size_t k = 0; k < n; ++k)
    ext_[k] = {plan[k].id, plan[k].size, plan[k].newOffset};
  return true;
}

bool RtpPacket::SetPayloadSize(size_t size) {
  if (size > capacity_ - headerSize_) return false;
  size_ = static_cast<uint32_t>(headerSize_ + size);
  paddingSize_ = 0;
  data_[0] &= static_cast<uint8_t>(~kPaddingBit);
  return true;
}

bool RtpPacket::SetPadding(size_t size) {
  const size_t payloadEnd = headerSize_ + payload_size();
  if (size > 255 || size > capacity_ - payloadEnd) return false;
  if (size == 0) {
    data_[0] &= static_cast<uint8_t>(~kPaddingBit);
  } else {
    std::memset(data_ + payloadEnd, 0, size - 1);
    data_[payloadEnd + size - 1] = static_cast<uint8_t>(size);
    data_[0] |= kPaddingBit;
  }
  size_ = static_cast<uint32_t>(payloadEnd + size);
  paddingSize_ = static_cast<uint8_t>(size);
  return true;
}

bool RtpPacket::ExpandPayloadFront(size_t count) {
  if (count > capacity_ - size_) return false;
  std::memmove(data_ + headerSize_ + count, data_ + headerSize_, size_ - headerSize_);
  size_ += static_cast<uint32_t>(count);
  return true;
}

bool RtpPacket::TrimPayloadFront(size_t count) {
  if (count > payload_size()) return false;
  std::memmove(data_ + headerSize_, data_ + headerSize_ + count, size_ - headerSize_ - count);
  size_ -= static_cast<uint32_t>(count);
  return true;
}

}  // namespace weir::proto::rtp
