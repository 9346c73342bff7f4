#include "proto/rtcp/feedback.hpp"

namespace weir::proto::rtcp {

namespace {

std::optional<FeedbackMessage> ParseFeedback(const Packet& packet, PacketType type, uint8_t fmt) {
  if (packet.type() != type || packet.count() != fmt || packet.body.size() < 8) {
    return std::nullopt;
  }
  return FeedbackMessage{.senderSsrc = base::LoadBe32(packet.body.data()),
                         .mediaSsrc = base::LoadBe32(packet.body.data() + 4),
                         .fci = packet.body.subspan(8)};
}

void WriteFeedback(uint8_t* out, PacketType type, uint8_t fmt, size_t packetSize,
                   uint32_t senderSsrc, uint32_t mediaSsrc, bool padding) {
  CommonHeader::Write(out, fmt, type, packetSize, padding);
  base::StoreBe32(out + 4, senderSsrc);
  base::StoreBe32(out + 8, mediaSsrc);
}

}  // namespace

std::optional<FeedbackMessage> FeedbackMessage::Parse(const Packet& packet, RtpfbFmt fmt) {
  return ParseFeedback(packet, PacketType::kRtpfb, static_cast<uint8_t>(fmt));
}

std::optional<FeedbackMessage> FeedbackMessage::Parse(const Packet& packet, PsfbFmt fmt) {
  return ParseFeedback(packet, PacketType::kPsfb, static_cast<uint8_t>(fmt));
}

void WriteFeedbackHeader(uint8_t* out, RtpfbFmt fmt, size_t packetSize, uint32_t senderSsrc,
                         uint32_t mediaSsrc, bool padding) {
  WriteFeedback(out, PacketType::kRtpfb, static_cast<uint8_t>(fmt), packetSize, senderSsrc,
                mediaSsrc, padding);
}

void WriteFeedbackHeader(uint8_t* out, PsfbFmt fmt, size_t packetSize, uint32_t senderSsrc,
                         uint32_t mediaSsrc, bool padding) {
  WriteFeedback(out, PacketType::kPsfb, static_cast<uint8_t>(fmt), packetSize, senderSsrc,
                mediaSsrc, padding);
}

}  // namespace weir::proto::rtcp
