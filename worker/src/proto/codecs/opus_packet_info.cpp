#include "proto/codecs/opus_packet_info.hpp"

namespace weir::proto::codecs {

namespace {

constexpr uint32_t kMaxPacketDurationUs = 120000;

// RFC 6716 Table 2.
void DecodeConfig(uint8_t config, OpusPacketInfo* info) {
  static constexpr uint32_t kSilkDurations[4] = {10000, 20000, 40000, 60000};
  static constexpr uint32_t kHybridDurations[2] = {10000, 20000};
  static constexpr uint32_t kCeltDurations[4] = {2500, 5000, 10000, 20000};
  if (config < 12) {
    info->mode = OpusMode::kSilk;
    info->bandwidth = static_cast<OpusBandwidth>(config / 4);  // NB, MB, WB.
    info->frameDurationUs = kSilkDurations[config % 4];
  } else if (config < 16) {
    info->mode = OpusMode::kHybrid;
    info->bandwidth = config < 14 ? OpusBandwidth::kSuperWide : OpusBandwidth::kFull;
    info->frameDurationUs = kHybridDurations[config % 2];
  } else {
    info->mode = OpusMode::kCelt;
    static constexpr OpusBandwidth kCeltBandwidths[4] = {
        OpusBandwidth::kNarrow, OpusBandwidth::kWide, OpusBandwidth::kSuperWide,
        OpusBandwidth::kFull};
    info->bandwidth = kCeltBandwidths[(config - 16) / 4];
    info->frameDurationUs = kCeltDurations[config % 4];
  }
}

}  // namespace

std::optional<OpusPacketInfo> OpusPacketInfo::Parse(base::ByteView payload) {
  if (payload.empty()) return std::nullopt;  // RFC 6716 3.4 R1.
  OpusPacketInfo info;
  const uint8_t toc = payload[0];
  info.config = static_cast<uint8_t>(toc >> 3);
  info.stereo = (toc & 0x04) != 0;
  info.frameCountCode = toc & 0x03;
  DecodeConfig(info.config, &info);
  const size_t body = payload.size() - 1;
  switch (info.frameCountCode) {
    case 0:
      info.frameCount = 1;
      break;
    case 1:
      if (body % 2 != 0) return std::nullopt;  // R3.
      info.frameCount = 2;
      break;
    case 2: {
      // R4: the first frame's length (1 or 2 octets, 3.2.1) is there and fits in the packet.
      info.frameCount = 2;
      if (body == 0) return std::nullopt;
      size_t lengthSize = 1;
      size_t first = payload[1];
      if (first >= 252) {
        if (body < 2) return std::nullopt;
        lengthSize = 2;
        first += size_t{payload[2]} * 4;
      }
      if (first > body - lengthSize) return std::nullopt;
      break;
    }
    default: {
      if (body == 0) return std::nullopt;  // R6: the frame count octet is required.
      info.frameCount = payload[1] & 0x3f;
      if (info.frameCount == 0) return std::nullopt;  // R5.
      if (uint32_t{info.frameCount} * info.frameDurationUs > kMaxPacketDurationUs) {
        return std::nullopt;  // R5.
      }
      break;
    }
  }
  info.isDtx = payload.size() <= kMaxDtxSize;
  return info;
}

}  // namespace weir::proto::codecs
