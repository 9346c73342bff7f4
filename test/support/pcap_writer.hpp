#pragma once

// A minimal writer of classic libpcap capture files (the format tcpdump and Wireshark read:
// a 24-byte global header, then a 16-byte record header before each frame), so that tests can
// hand packets Weir built to a third-party dissector. Each datagram becomes an Ethernet II frame
// holding an IPv4 header (RFC 791, checksum filled in) and a UDP header (RFC 768, checksum over
// the pseudo-header filled in) around the payload. Test support only: it allocates freely.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "base/bytes.hpp"

namespace weir::test {

class PcapWriter {
 public:
  struct Endpoint {
    std::array<uint8_t, 4> ip{};
    uint16_t port = 0;
  };

  static constexpr uint32_t kLinktypeEthernet = 1;
  static constexpr size_t kEthernetHeaderSize = 14;
  static constexpr size_t kIpv4HeaderSize = 20;
  static constexpr size_t kUdpHeaderSize = 8;
  // The largest payload one UDP/IPv4 datagram can carry.
  static constexpr size_t kMaxPayload = 65535 - kIpv4HeaderSize - kUdpHeaderSize;

  // Appends one frame; frame n (from 1) is stamped 1 s + n ms after the epoch, so that the
  // order is the order of the calls. Returns the frame number, or 0 for an oversized payload.
  size_t AddUdp(const Endpoint& src, const Endpoint& dst, base::ByteView payload);

  size_t frame_count() const { return frames_; }
  // The whole capture file.
  std::vector<uint8_t> Serialize() const;
  bool WriteFile(const std::string& path) const;

 private:
  std::vector<uint8_t> records_;
  size_t frames_ = 0;
};

// The Internet checksum (RFC 1071) of data, starting from a partial sum.
uint16_t InternetChecksum(base::ByteView data, uint32_t sum = 0);

}  // namespace weir::test
