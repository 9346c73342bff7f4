#include "proto/rtp/rtx.hpp"

namespace weir::proto::rtp {

bool RtxEncapsulate(RtpPacket& packet, uint8_t rtxPayloadType, uint32_t rtxSsrc,
                    uint16_t rtxSequenceNumber) {
  const uint16_t osn = packet.sequence_number();
  if (!packet.ExpandPayloadFront(kRtxOsnSize)) return false;
  base::StoreBe16(packet.mutable_payload().data(), osn);
  packet.SetPayloadType(rtxPayloadType);
  packet.SetSsrc(rtxSsrc);
  packet.SetSequenceNumber(rtxSequenceNumber);
  return true;
}

bool RtxDecapsulate(RtpPacket& packet, uint8_t originalPayloadType, uint32_t originalSsrc) {
  std::optional<uint16_t> osn = RtxOriginalSequenceNumber(packet);
  if (!osn || !packet.TrimPayloadFront(kRtxOsnSize)) return false;
  packet.SetSequenceNumber(*osn);
  packet.SetPayloadType(originalPayloadType);
  packet.SetSsrc(originalSsrc);
  return true;
}

std::optional<uint16_t> RtxOriginalSequenceNumber(const RtpPacket& packet) {
  if (packet.payload_size() < kRtxOsnSize) return std::nullopt;
  return base::LoadBe16(packet.payload().data());
}

}  // namespace weir::proto::rtp
