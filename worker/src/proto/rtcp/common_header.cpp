#include "proto/rtcp/common_header.hpp"

namespace weir::proto::rtcp {

std::optional<CommonHeader> CommonHeader::Parse(base::ByteView data) {
  if (data.size() < kCommonHeaderSize) return std::nullopt;
  CommonHeader h;
  h.version = data[0] >> 6;
  h.padding = (data[0] & 0x20) != 0;
  h.count = data[0] & 0x1f;
  h.packetType = static_cast<PacketType>(data[1]);
  h.length = base::LoadBe16(&data[2]);
  return h;
}

void CommonHeader::Write(uint8_t* out, uint8_t count, PacketType type, size_t packetSize,
                         bool padding) {
  out[0] = static_cast<uint8_t>((kVersion << 6) | (padding ? 0x20 : 0) | (count & 0x1f));
  out[1] = static_cast<uint8_t>(type);
  base::StoreBe16(&out[2], static_cast<uint16_t>(packetSize / 4 - 1));
}

}  // namespace weir::proto::rtcp
