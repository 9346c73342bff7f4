#pragma once

// Receiver report, RR (RFC 3550 6.4.2):
//
//   |V=2|P|    RC   |   PT=RR=201   |             length            |
//   |                     SSRC of packet sender                     |
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

class ReceiverReport {
 public:
  // Fails unless the packet is an RR whose body holds the SSRC and RC report blocks.
  static std::optional<ReceiverReport> Parse(const Packet& packet);

  uint32_t sender_ssrc() const { return base::LoadBe32(body_.data()); }
  size_t report_count() const { return count_; }
  // i < report_count().
  ReportBlock report_block(size_t i) const;
  // Profile-specific extensions after the blocks (RFC 3550 6.4.2), usually empty.
  base::ByteView extension() const;

 private:
  ReceiverReport(base::ByteView body, uint8_t count) : body_(body), count_(count) {}
  base::ByteView body_;
  uint8_t count_;
};

struct ReceiverReportBuilder {
  uint32_t senderSsrc = 0;
  std::span<const ReportBlock> reportBlocks;  // At most 31 (kMaxCount); may be empty.

  size_t Size() const;
  size_t Serialize(base::MutableByteView out) const;
  size_t Serialize(base::BufferWriter& writer) const { return SerializeToWriter(*this, writer); }
};

}  // namespace weir::proto::rtcp
