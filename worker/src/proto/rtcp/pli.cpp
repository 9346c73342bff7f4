#include "proto/rtcp/pli.hpp"

namespace weir::proto::rtcp {

std::optional<Pli> Pli::Parse(const Packet& packet) {
  auto fb = FeedbackMessage::Parse(packet, PsfbFmt::kPli);
  if (!fb) return std::nullopt;
  return Pli(fb->senderSsrc, fb->mediaSsrc);
}

size_t PliBuilder::Serialize(base::MutableByteView out) const {
  if (out.size() < kFeedbackHeaderSize) return 0;
  WriteFeedbackHeader(out.data(), PsfbFmt::kPli, kFeedbackHeaderSize, senderSsrc, mediaSsrc);
  return kFeedbackHeaderSize;
}

}  // namespace weir::proto::rtcp
