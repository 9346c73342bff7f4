#include "proto/rtcp/fir.hpp"

#include <cstring>

namespace weir::proto::rtcp {

std::optional<Fir> Fir::Parse(const Packet& packet) {
  auto fb = FeedbackMessage::Parse(packet, PsfbFmt::kFir);
  if (!fb || fb->fci.size() < FirEntry::kSize) return std::nullopt;
  return Fir(fb->senderSsrc, fb->mediaSsrc, fb->fci);
}

std::optional<FirEntry> Fir::Find(uint32_t ssrc) const {
  for (size_t i = 0; i < entry_count(); ++i) {
    FirEntry e = entry(i);
    if (e.ssrc == ssrc) return e;
  }
  return std::nullopt;
}

size_t FirBuilder::Size() const {
  if (entries.empty()) return 0;
  size_t n = kFeedbackHeaderSize + entries.size() * FirEntry::kSize;
  return n <= kMaxPacketSize ? n : 0;
}

size_t FirBuilder::Serialize(base::MutableByteView out) const {
  size_t size = Size();
  if (size == 0 || out.size() < size) return 0;
  // RFC 5104 4.3.1.2: the media source SSRC is not used and MUST be 0.
  WriteFeedbackHeader(out.data(), PsfbFmt::kFir, size, senderSsrc, 0);
  uint8_t* p = out.data() + kFeedbackHeaderSize;
  for (const FirEntry& e : entries) {
    base::StoreBe32(p, e.ssrc);
    p[4] = e.seqNr;
    std::memset(p + 5, 0, 3);  // Reserved.
    p += FirEntry::kSize;
  }
  return size;
}

}  // namespace weir::proto::rtcp
