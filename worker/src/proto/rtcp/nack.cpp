#include "proto/rtcp/nack.hpp"

namespace weir::proto::rtcp {

std::optional<Nack> Nack::Parse(const Packet& packet) {
  auto fb = FeedbackMessage::Parse(packet, RtpfbFmt::kNack);
  if (!fb || fb->fci.size() < NackItem::kSize) return std::nullopt;
  return Nack(fb->senderSsrc, fb->mediaSsrc, fb->fci);
}

size_t Nack::lost_count() const {
  size_t n = 0;
  for (size_t i = 0; i < item_count(); ++i)
    n += item(i).LostCount();
  return n;
}

size_t Nack::ExpandLost(std::span<uint16_t> out) const {
  size_t n = 0;
  ForEachLost([&](uint16_t seq) {
    if (n < out.size()) out[n++] = seq;
  });
  return n;
}

size_t NackBuilder::Size() const {
  if (items.empty() || items.size() > MaxItemsFor(kMaxPacketSize)) return 0;
  return kFeedbackHeaderSize + items.size() * NackItem::kSize;
}

size_t NackBuilder::Serialize(base::MutableByteView out) const {
  size_t size = Size();
  if (size == 0 || out.size() < size) return 0;
  WriteFeedbackHeader(out.data(), RtpfbFmt::kNack, size, senderSsrc, mediaSsrc);
  uint8_t* p = out.data() + kFeedbackHeaderSize;
  for (const NackItem& item : items) {
    base::StoreBe16(p, item.pid);
    base::StoreBe16(p + 2, item.blp);
    p += NackItem::kSize;
  }
  return size;
}

NackItemsResult BuildNackItems(std::span<const uint16_t> lostSeqs, std::span<NackItem> out) {
  NackItemsResult result;
  size_t i = 0;
  while (i < lostSeqs.size()) {
    if (result.itemCount == out.size()) break;
    uint16_t pid = lostSeqs[i];
    NackItem item{pid, 0};
    ++i;
    for (; i < lostSeqs.size(); ++i) {
      uint16_t d = static_cast<uint16_t>(lostSeqs[i] - pid);
      if (d == 0) continue;  // Duplicate of the PID.
      if (d > 16) break;
      item.blp = static_cast<uint16_t>(item.blp | (1u << (d - 1)));
    }
    out[result.itemCount++] = item;
    result.seqCount = i;
  }
  return result;
}

}  // namespace weir::proto::rtcp
