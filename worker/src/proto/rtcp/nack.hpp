#pragma once

// Generic NACK (RFC 4585 6.2.1): transport-layer feedback, FMT 1, whose FCI is a list of
//
//   |            PID                |             BLP               |
//
// PID is a lost sequence number; bit i of BLP (least significant first) reports PID + i + 1
// lost as well.

#include <bit>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "base/buffer_writer.hpp"
#include "base/bytes.hpp"
#include "proto/rtcp/feedback.hpp"
#include "proto/rtcp/packet.hpp"
#include "proto/rtcp/packet_builder.hpp"

namespace weir::proto::rtcp {

struct NackItem {
  static constexpr size_t kSize = 4;
  uint16_t pid = 0;
  uint16_t blp = 0;

  size_t LostCount() const { return 1 + static_cast<size_t>(std::popcount(blp)); }
  // Calls f(uint16_t seq) for each lost sequence number, in increasing (wrapping) order.
  template <typename F>
  void ForEachLost(F&& f) const {
    f(pid);
    for (int i = 0; i < 16; ++i) {
      if (blp & (1u << i)) f(static_cast<uint16_t>(pid + i + 1));
    }
  }

  bool operator==(const NackItem&) const = default;
};

class Nack {
 public:
  // Fails unless the packet is an RTPFB FMT 1 with at least one item. Bytes after the last
  // whole item (there should be none) are ignored.
  static std::optional<Nack> Parse(const Packet& packet);

  uint32_t sender_ssrc() const { return senderSsrc_; }
  uint32_t media_ssrc() const { return mediaSsrc_; }
  size_t item_count() const { return fci_.size() / NackItem::kSize; }
  // i < item_count().
  NackItem item(size_t i) const {
    return NackItem{base::LoadBe16(&fci_[4 * i]), base::LoadBe16(&fci_[4 * i + 2])};
  }
  // Number of sequence numbers reported, counting one reported twice twice.
  size_t lost_count() const;
  // Calls f(uint16_t seq) for every reported sequence number, item by item.
  template <typename F>
  void ForEachLost(F&& f) const {
    for (size_t i = 0; i < item_count(); ++i)
      item(i).ForEachLost(f);
  }
  // Writes the reported sequence numbers into out, in packet order, until out is full; returns
  // how many were written (compare with lost_count() to see whether out was large enough).
  size_t ExpandLost(std::span<uint16_t> out) const;

 private:
  Nack(uint32_t senderSsrc, uint32_t mediaSsrc, base::ByteView fci)
      : senderSsrc_(senderSsrc), mediaSsrc_(mediaSsrc), fci_(fci) {}
  uint32_t senderSsrc_;
  uint32_t mediaSsrc_;
  base::ByteView fci_;
};

struct NackBuilder {
  uint32_t senderSsrc = 0;
  uint32_t mediaSsrc = 0;
  std::span<const NackItem> items;  // At least one.

  // How many items fit in a NACK packet of at most maxBytes.
  static constexpr size_t MaxItemsFor(size_t maxBytes) {
    return maxBytes < kFeedbackHeaderSize ? 0 : (maxBytes - kFeedbackHeaderSize) / NackItem::kSize;
  }

  size_t Size() const;
  size_t Serialize(base::MutableByteView out) const;
  size_t Serialize(base::BufferWriter& writer) const { return SerializeToWriter(*this, writer); }
};

struct NackItemsResult {
  size_t itemCount = 0;  // Items written to out.
  size_t seqCount = 0;   // Leading entries of lostSeqs they cover.
};

// Packs lost sequence numbers, sorted in increasing wrapping order (65534, 65535, 0, 1 is
// sorted), into the fewest items: each item starts at the first seq not yet covered and takes
// every later one within 16 (greedy, which is optimal for fixed-width windows). Duplicates are
// absorbed. Stops when out is full; seqCount tells where to resume. An unsorted list is still
// encoded correctly, only not minimally.
NackItemsResult BuildNackItems(std::span<const uint16_t> lostSeqs, std::span<NackItem> out);

}  // namespace weir::proto::rtcp
