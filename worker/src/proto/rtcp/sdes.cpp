#include "proto/rtcp/sdes.hpp"

#include <cstring>

namespace weir::proto::rtcp {

namespace {

// Size of a chunk's item list, end octet included, or 0 if malformed. Items are type, length,
// text; a zero type ends the list.
size_t ItemListSize(base::ByteView items) {
  size_t at = 0;
  while (at < items.size()) {
    if (items[at] == 0) return at + 1;
    if (at + 2 > items.size() || at + 2 + items[at + 1] > items.size()) return 0;
    at += 2 + items[at + 1];
  }
  return 0;  // No end octet.
}

// Bytes a chunk with these items takes on the wire: SSRC, items, end octet and the null
// octets up to the next 32-bit boundary.
size_t ChunkSize(std::span<const SdesItem> items) {
  size_t n = 4;
  for (const SdesItem& item : items)
    n += 2 + item.text.size();
  n += 1;
  return n + base::PadTo4(n);
}

bool ItemsValid(std::span<const SdesItem> items) {
  for (const SdesItem& item : items) {
    if (item.type == SdesItemType::kEnd || item.text.size() > SdesItem::kMaxTextSize) return false;
  }
  return true;
}

uint8_t* WriteChunk(uint8_t* p, uint32_t ssrc, std::span<const SdesItem> items) {
  uint8_t* start = p;
  base::StoreBe32(p, ssrc);
  p += 4;
  for (const SdesItem& item : items) {
    p[0] = static_cast<uint8_t>(item.type);
    p[1] = static_cast<uint8_t>(item.text.size());
    if (!item.text.empty()) std::memcpy(p + 2, item.text.data(), item.text.size());
    p += 2 + item.text.size();
  }
  size_t used = static_cast<size_t>(p - start) + 1;
  size_t nulls = 1 + base::PadTo4(used);
  std::memset(p, 0, nulls);
  return p + nulls;
}

}  // namespace

size_t SdesChunk::item_count() const {
  size_t n = 0;
  ForEachItem([&n](const SdesItem&) { ++n; });
  return n;
}

std::optional<std::string_view> SdesChunk::Find(SdesItemType type) const {
  std::optional<std::string_view> found;
  ForEachItem([&](const SdesItem& item) {
    if (!found && item.type == type) found = item.text;
  });
  return found;
}

std::optional<Sdes> Sdes::Parse(const Packet& packet) {
  if (packet.type() != PacketType::kSdes) return std::nullopt;
  base::ByteView rest = packet.body;
  for (size_t i = 0; i < packet.count(); ++i) {
    if (rest.size() < 4) return std::nullopt;
    size_t items = ItemListSize(rest.subspan(4));
    if (items == 0) return std::nullopt;
    // The null octets after the end item run to the next 32-bit boundary (RFC 3550 6.5).
    size_t chunk = 4 + items;
    chunk += base::PadTo4(chunk);
    if (chunk > rest.size()) return std::nullopt;
    rest = rest.subspan(chunk);
  }
  return Sdes(packet.body, packet.count());
}

std::optional<SdesChunk> Sdes::ChunkReader::Next() {
  if (left_ == 0) return std::nullopt;
  --left_;
  // Parse() validated every chunk, so these reads are in bounds.
  size_t items = ItemListSize(rest_.subspan(4));
  SdesChunk chunk(base::LoadBe32(rest_.data()), rest_.subspan(4, items));
  size_t size = 4 + items;
  size += base::PadTo4(size);
  rest_ = rest_.subspan(size);
  return chunk;
}

size_t SdesBuilder::Size() const {
  if (chunks.size() > kMaxCount) return 0;
  size_t n = kCommonHeaderSize;
  for (const SdesChunkSpec& chunk : chunks) {
    if (!ItemsValid(chunk.items)) return 0;
    n += ChunkSize(chunk.items);
  }
  return n <= kMaxPacketSize ? n : 0;
}

size_t SdesBuilder::Serialize(base::MutableByteView out) const {
  size_t size = Size();
  if (size == 0 || out.size() < size) return 0;
  CommonHeader::Write(out.data(), static_cast<uint8_t>(chunks.size()), PacketType::kSdes, size);
  uint8_t* p = out.data() + kCommonHeaderSize;
  for (const SdesChunkSpec& chunk : chunks)
    p = WriteChunk(p, chunk.ssrc, chunk.items);
  return size;
}

size_t CnameSdesBuilder::Size() const {
  SdesItem item{SdesItemType::kCname, cname};
  if (!ItemsValid({&item, 1})) return 0;
  return kCommonHeaderSize + ChunkSize({&item, 1});
}

size_t CnameSdesBuilder::Serialize(base::MutableByteView out) const {
  size_t size = Size();
  if (size == 0 || out.size() < size) return 0;
  SdesItem item{SdesItemType::kCname, cname};
  CommonHeader::Write(out.data(), 1, PacketType::kSdes, size);
  WriteChunk(out.data() + kCommonHeaderSize, ssrc, {&item, 1});
  return size;
}

}  // namespace weir::proto::rtcp
