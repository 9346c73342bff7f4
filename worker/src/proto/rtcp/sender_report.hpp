#pragma once

// Sender report, SR (RFC 3550 6.4.1):
//
//   |V=2|P|    RC   |   PT=SR=200   |             length            |
//   |                         SSRC of sender                        |
//   |              NTP timestamp, most significant word             |  sender
//   |             NTP timestamp, least significant word             |  info
//   |                         RTP timestamp                         |
//   |                     sender's packet count                     |
//   |                      sender's octet count                     |
//   |                 report block 1 .. RC (24 bytes each)          |
//   |                  profile-specific extensions                  |

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "base/buffer_writer.hpp"
#include "base/bytes.hpp"
#include "proto/rtcp/packet.hpp"
#include "proto/rtcp/packet_builder.hpp"
#include "proto/rtcp/report_block.hpp"

namespace weir::proto::rtcp {

struct SenderInfo {
  static constexpr size_t kSize = 20;
  uint64_t ntpTimestamp = 0;  // 64-bit NTP format (base::ToNtp).
  uint32_t rtpTimestamp = 0;
  uint32_t packetCount = 0;
  uint32_t octetCount = 0;

  bool operator==(const SenderInfo&) const = default;
};

class SenderReport {
 public:
  // Fails unless the packet is an SR whose body holds the SSRC, the sender info and RC blocks.
  static std::optional<SenderReport> Parse(const Packet& packet);

  uint32_t sender_ssrc() const { return base::LoadBe32(body_.data()); }
  SenderInfo sender_info() const;
  size_t report_count() const { return count_; }
  // i < report_count().
  ReportBlock report_block(size_t i) const;
  // Bytes after the report blocks: profile-specific extensions (RFC 3550 6.4.1), usually empty.
  base::ByteView extension() const;

 private:
  SenderReport(base::ByteView body, uint8_t count) : body_(body), count_(count) {}
  base::ByteView body_;
  uint8_t count_;
};

struct SenderReportBuilder {
  uint32_t senderSsrc = 0;
  SenderInfo senderInfo;
  std::span<const ReportBlock> reportBlocks;  // At most 31 (kMaxCount).

  size_t Size() const;
  size_t Serialize(base::MutableByteView out) const;
  size_t Serialize(base::BufferWriter& writer) const { return SerializeToWriter(*this, writer); }
};

}  // namespace weir::proto::rtcp
