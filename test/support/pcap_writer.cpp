#include "support/pcap_writer.hpp"

#include <cstdio>

namespace weir::test {
namespace {

void PutLe16(std::vector<uint8_t>& out, uint16_t v) {
  out.push_back(static_cast<uint8_t>(v));
  out.push_back(static_cast<uint8_t>(v >> 8));
}

void PutLe32(std::vector<uint8_t>& out, uint32_t v) {
  PutLe16(out, static_cast<uint16_t>(v));
  PutLe16(out, static_cast<uint16_t>(v >> 16));
}

void PutBe16(std::vector<uint8_t>& out, uint16_t v) {
  out.push_back(static_cast<uint8_t>(v >> 8));
  out.push_back(static_cast<uint8_t>(v));
}

// Locally administered unicast MAC addresses (IEEE 802: second-lowest bit of the first octet
// set), derived from the last octet of the IP so that each endpoint keeps one address.
void PutMac(std::vector<uint8_t>& out, const PcapWriter::Endpoint& e) {
  const uint8_t mac[6] = {0x02, 0x00, e.ip[0], e.ip[1], e.ip[2], e.ip[3]};
  out.insert(out.end(), mac, mac + 6);
}

}  // namespace

uint16_t InternetChecksum(base::ByteView data, uint32_t sum) {
  size_t i = 0;
  for (; i + 1 < data.size(); i += 2)
    sum += base::LoadBe16(&data[i]);
  if (i < data.size()) sum += uint32_t{data[i]} << 8;  // RFC 1071: pad the odd byte with zero.
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<uint16_t>(~sum);
}

size_t PcapWriter::AddUdp(const Endpoint& src, const Endpoint& dst, base::ByteView payload) {
  if (payload.size() > kMaxPayload) return 0;
  std::vector<uint8_t> frame;
  frame.reserve(kEthernetHeaderSize + kIpv4HeaderSize + kUdpHeaderSize + payload.size());

  PutMac(frame, dst);
  PutMac(frame, src);
  PutBe16(frame, 0x0800);  // EtherType IPv4.

  const size_t ipAt = frame.size();
  const auto udpLength = static_cast<uint16_t>(kUdpHeaderSize + payload.size());
  frame.push_back(0x45);  // Version 4, IHL 5 words.
  frame.push_back(0);     // DSCP/ECN.
  PutBe16(frame, static_cast<uint16_t>(kIpv4HeaderSize + udpLength));
  PutBe16(frame, static_cast<uint16_t>(frames_ + 1));  // Identification.
  PutBe16(frame, 0x4000);                              // Don't fragment.
  frame.push_back(64);                                 // TTL.
  frame.push_back(17);                                 // UDP.
  PutBe16(frame, 0);                                   // Checksum, filled below.
  frame.insert(frame.end(), src.ip.begin(), src.ip.end());
  frame.insert(frame.end(), dst.ip.begin(), dst.ip.end());
  base::StoreBe16(&frame[ipAt + 10],
                  InternetChecksum(base::ByteView(&frame[ipAt], kIpv4HeaderSize)));

  const size_t udpAt = frame.size();
  PutBe16(frame, src.port);
  PutBe16(frame, dst.port);
  PutBe16(frame, udpLength);
  PutBe16(frame, 0);  // Checksum, filled below.
  frame.insert(frame.end(), payload.begin(), payload.end());
  // RFC 768: the checksum covers a pseudo-header (addresses, protocol, UDP length) too.
  uint32_t pseudo = 17u + udpLength;
  for (size_t i = 0; i < 4; i += 2) {
    pseudo += base::LoadBe16(&src.ip[i]);
    pseudo += base::LoadBe16(&dst.ip[i]);
  }
  uint16_t sum = InternetChecksum(base::ByteView(&frame[udpAt], udpLength), pseudo);
  base::StoreBe16(&frame[udpAt + 6], sum == 0 ? 0xffff : sum);  // 0 would mean "none".

  ++frames_;
  PutLe32(records_, static_cast<uint32_t>(1 + frames_ / 1000));     // Seconds.
  PutLe32(records_, static_cast<uint32_t>(frames_ % 1000 * 1000));  // Microseconds.
  PutLe32(records_, static_cast<uint32_t>(frame.size()));           // Captured length.
  PutLe32(records_, static_cast<uint32_t>(frame.size()));           // Original length.
  records_.insert(records_.end(), frame.begin(), frame.end());
  return frames_;
}

std::vector<uint8_t> PcapWriter::Serialize() const {
  std::vector<uint8_t> out;
  PutLe32(out, 0xa1b2c3d4);  // Magic: microsecond timestamps, written little-endian.
  PutLe16(out, 2);           // Version 2.4.
  PutLe16(out, 4);
  PutLe32(out, 0);      // Time zone offset.
  PutLe32(out, 0);      // Timestamp accuracy.
  PutLe32(out, 65535);  // Snapshot length.
  PutLe32(out, kLinktypeEthernet);
  out.insert(out.end(), records_.begin(), records_.end());
  return out;
}

bool PcapWriter::WriteFile(const std::string& path) const {
  std::vector<uint8_t> bytes = Serialize();
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return false;
  bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  return std::fclose(f) == 0 && ok;
}

}  // namespace weir::test
