#include "proto/rtcp/bye.hpp"

#include <cstring>

namespace weir::proto::rtcp {

std::optional<Bye> Bye::Parse(const Packet& packet) {
  if (packet.type() != PacketType::kBye) return std::nullopt;
  size_t ssrcBytes = 4 * size_t{packet.count()};
  if (packet.body.size() < ssrcBytes) return std::nullopt;
  base::ByteView rest = packet.body.subspan(ssrcBytes);
  if (!rest.empty() && size_t{rest[0]} + 1 > rest.size()) return std::nullopt;
  return Bye(packet.body, packet.count());
}

std::optional<std::string_view> Bye::reason() const {
  base::ByteView rest = body_.subspan(4 * size_t{count_});
  if (rest.empty()) return std::nullopt;
  return std::string_view(reinterpret_cast<const char*>(rest.data() + 1), rest[0]);
}

size_t ByeBuilder::Size() const {
  if (ssrcs.size() > kMaxCount) return 0;
  size_t n = kCommonHeaderSize + 4 * ssrcs.size();
  if (reason) {
    if (reason->size() > 255) return 0;
    n += 1 + reason->size();
    n += base::PadTo4(n);
  }
  return n;
}

size_t ByeBuilder::Serialize(base::MutableByteView out) const {
  size_t size = Size();
  if (size == 0 || out.size() < size) return 0;
  uint8_t* p = out.data();
  CommonHeader::Write(p, static_cast<uint8_t>(ssrcs.size()), PacketType::kBye, size);
  p += kCommonHeaderSize;
  for (uint32_t ssrc : ssrcs) {
    base::StoreBe32(p, ssrc);
    p += 4;
  }
  if (reason) {
    size_t used = static_cast<size_t>(p - out.data());
    p[0] = static_cast<uint8_t>(reason->size());
    if (!reason->empty()) std::memcpy(p + 1, reason->data(), reason->size());
    std::memset(p + 1 + reason->size(), 0, size - used - 1 - reason->size());
  }
  return size;
}

}  // namespace weir::proto::rtcp
