#pragma once

// Source description, SDES (RFC 3550 6.5):
//
//   |V=2|P|    SC   |  PT=SDES=202  |             length            |
//   |                          SSRC/CSRC_1                          |  chunk
//   |                           SDES items                          |    1
//   |                              ...                              |
//
// Each chunk is an SSRC followed by items (type, length, up to 255 bytes of text) and ends with
// one or more null octets, the first of which is an end item, up to the next 32-bit boundary.
// Parse() validates every chunk once; readers then walk the bytes without further checks.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "base/buffer_writer.hpp"
#include "base/bytes.hpp"
#include "proto/rtcp/packet.hpp"
#include "proto/rtcp/packet_builder.hpp"

namespace weir::proto::rtcp {

enum class SdesItemType : uint8_t {
  kEnd = 0,
  kCname = 1,
  kName = 2,
  kEmail = 3,
  kPhone = 4,
  kLoc = 5,
  kTool = 6,
  kNote = 7,
  kPriv = 8,  // Text is the prefix length, prefix and value, kept opaque here.
};

struct SdesItem {
  static constexpr size_t kMaxTextSize = 255;
  SdesItemType type = SdesItemType::kCname;
  std::string_view text;  // Points into the packet when parsed.

  bool operator==(const SdesItem&) const = default;
};

// One parsed chunk: its SSRC and an iterator over its items.
class SdesChunk {
 public:
  uint32_t ssrc() const { return ssrc_; }
  size_t item_count() const;
  // Calls f(const SdesItem&) for each item, in order.
  template <typename F>
  void ForEachItem(F&& f) const {
    for (size_t at = 0; at < items_.size() && items_[at] != 0; at += 2 + items_[at + 1]) {
      f(SdesItem{static_cast<SdesItemType>(items_[at]),
                 std::string_view(reinterpret_cast<const char*>(&items_[at + 2]), items_[at + 1])});
    }
  }
  // The first item of that type, if any.
  std::optional<std::string_view> Find(SdesItemType type) const;
  std::optional<std::string_view> cname() const { return Find(SdesItemType::kCname); }

 private:
  friend class Sdes;
  SdesChunk(uint32_t ssrc, base::ByteView items) : ssrc_(ssrc), items_(items) {}
  uint32_t ssrc_;
  base::ByteView items_;  // Validated items, up to and including the end octet.
};

class Sdes {
 public:
  // Fails unless the packet is an SDES whose SC chunks are all well formed.
  static std::optional<Sdes> Parse(const Packet& packet);

  size_t chunk_count() const { return count_; }

  // Iterates the chunks in order:
  //   auto reader = sdes.chunks(); while (auto chunk = reader.Next()) { ... }
  class ChunkReader {
   public:
    std::optional<SdesChunk> Next();

   private:
    friend class Sdes;
    ChunkReader(base::ByteView rest, size_t left) : rest_(rest), left_(left) {}
    base::ByteView rest_;
    size_t left_;
  };
  ChunkReader chunks() const { return ChunkReader(body_, count_); }

 private:
  Sdes(base::ByteView body, uint8_t count) : body_(body), count_(count) {}
  base::ByteView body_;
  uint8_t count_;
};

// Input of SdesBuilder: one chunk and its items (kEnd items are not allowed, the builder ends
// each chunk itself).
struct SdesChunkSpec {
  uint32_t ssrc = 0;
  std::span<const SdesItem> items;
};

struct SdesBuilder {
  std::span<const SdesChunkSpec> chunks;  // At most 31.

  size_t Size() const;
  size_t Serialize(base::MutableByteView out) const;
  size_t Serialize(base::BufferWriter& writer) const { return SerializeToWriter(*this, writer); }
};

// The SDES an SFU sends with each SR: one chunk with one CNAME item (RFC 3550 6.5.1).
struct CnameSdesBuilder {
  uint32_t ssrc = 0;
  std::string_view cname;

  size_t Size() const;
  size_t Serialize(base::MutableByteView out) const;
  size_t Serialize(base::BufferWriter& writer) const { return SerializeToWriter(*this, writer); }
};

}  // namespace weir::proto::rtcp
