#include "proto/rtcp/app.hpp"

#include <cstring>

namespace weir::proto::rtcp {

std::optional<App> App::Parse(const Packet& packet) {
  if (packet.type() != PacketType::kApp || packet.body.size() < 4 + kNameSize) {
    return std::nullopt;
  }
  return App(packet.body, packet.count());
}

size_t AppBuilder::Size() const {
  if (subtype > kMaxCount || name.size() != App::kNameSize || data.size() % 4 != 0) return 0;
  size_t n = kCommonHeaderSize + 4 + App::kNameSize + data.size();
  return n <= kMaxPacketSize ? n : 0;
}

size_t AppBuilder::Serialize(base::MutableByteView out) const {
  size_t size = Size();
  if (size == 0 || out.size() < size) return 0;
  uint8_t* p = out.data();
  CommonHeader::Write(p, subtype, PacketType::kApp, size);
  base::StoreBe32(p + 4, ssrc);
  std::memcpy(p + 8, name.data(), App::kNameSize);
  if (!data.empty()) std::memcpy(p + 12, data.data(), data.size());
  return size;
}

}  // namespace weir::proto::rtcp
