#include "proto/rtcp/remb.hpp"

#include <bit>

namespace weir::proto::rtcp {

uint64_t RembBitrate::Bps() const {
  uint64_t m = mantissa;
  if (m == 0) return 0;
  // Shifting left by exponent overflows when the mantissa's top bit lands past bit 63.
  if (exponent >= 64 || std::bit_width(m) + exponent > 64) return UINT64_MAX;
  return m << exponent;
}

RembBitrate RembBitrate::FromBps(uint64_t bps) {
  uint8_t exponent = 0;
  while ((bps >> exponent) > kRembMaxMantissa)
    ++exponent;
  return RembBitrate{exponent, static_cast<uint32_t>(bps >> exponent)};
}

std::optional<Remb> Remb::Parse(const Packet& packet) {
  auto fb = FeedbackMessage::Parse(packet, PsfbFmt::kAfb);
  if (!fb || fb->fci.size() < 8 || base::LoadBe32(fb->fci.data()) != kRembIdentifier) {
    return std::nullopt;
  }
  size_t count = fb->fci[4];
  if (fb->fci.size() < 8 + 4 * count) return std::nullopt;
  return Remb(fb->senderSsrc, fb->mediaSsrc, fb->fci);
}

RembBitrate Remb::encoded_bitrate() const {
  uint32_t field = base::LoadBe24(&fci_[5]);
  return RembBitrate{static_cast<uint8_t>(field >> 18), field & kRembMaxMantissa};
}

size_t RembBuilder::Size() const {
  if (ssrcs.size() > kRembMaxSsrcs) return 0;
  return kFeedbackHeaderSize + 8 + 4 * ssrcs.size();
}

size_t RembBuilder::Serialize(base::MutableByteView out) const {
  size_t size = Size();
  if (size == 0 || out.size() < size) return 0;
  // draft-alvestrand-rmcat-remb-03: the media source SSRC is unused and always 0.
  WriteFeedbackHeader(out.data(), PsfbFmt::kAfb, size, senderSsrc, 0);
  uint8_t* p = out.data() + kFeedbackHeaderSize;
  base::StoreBe32(p, kRembIdentifier);
  RembBitrate br = RembBitrate::FromBps(bitrateBps);
  p[4] = static_cast<uint8_t>(ssrcs.size());
  base::StoreBe24(p + 5, (uint32_t{br.exponent} << 18) | br.mantissa);
  p += 8;
  for (uint32_t ssrc : ssrcs) {
    base::StoreBe32(p, ssrc);
    p += 4;
  }
  return size;
}

}  // namespace weir::proto::rtcp
