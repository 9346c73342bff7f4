#include "proto/rtcp/packet.hpp"

namespace weir::proto::rtcp {

std::optional<Packet> Packet::Parse(base::ByteView data) {
  auto header = CommonHeader::Parse(data);
  if (!header || header->version != kVersion) return std::nullopt;
  size_t size = header->PacketSize();
  if (size > data.size()) return std::nullopt;
  Packet p;
  p.header = *header;
  p.bytes = data.first(size);
  p.body = p.bytes.subspan(kCommonHeaderSize);
  if (header->padding) {
    // RFC 3550 6.4.1: the last octet counts the padding octets, itself included. A count of
    // zero or one eating into the header cannot come from a conforming sender.
    size_t pad = p.bytes.back();
    if (pad == 0 || pad > p.body.size()) return std::nullopt;
    p.body = p.body.first(p.body.size() - pad);
  }
  return p;
}

}  // namespace weir::proto::rtcp
