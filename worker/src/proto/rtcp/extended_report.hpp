#pragma once

// Extended report, XR (RFC 3611). An SFU uses it for receiver-side RTT: a receiver that sends
// no SR sends a Receiver Reference Time block (RRTR, 4.4) and the media sender answers with a
// DLRR block (4.5) echoing it, as SR/RR's LSR/DLSR do in the other direction.
//
//   |V=2|P|reserved |   PT=XR=207   |             length            |
//   |                              SSRC                             |
//   :                         report blocks                         :
//
// Each block:  | BT | type-specific | block length (32-bit words after this header) |
//
//   RRTR (BT=4, length 2):  NTP timestamp, most then least significant word.
//   DLRR (BT=5, length 3n): n sub-blocks of SSRC_i, last RR (LRR), delay since last RR (DLRR).
//
// Parse() checks the framing of every block; blocks of other types, and RRTR/DLRR blocks with
// an impossible length, are skipped.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "base/buffer_writer.hpp"
#include "base/bytes.hpp"
#include "proto/rtcp/packet.hpp"
#include "proto/rtcp/packet_builder.hpp"

namespace weir::proto::rtcp {

enum class XrBlockType : uint8_t {
  kRrtr = 4,
  kDlrr = 5,
};

struct XrBlock {
  uint8_t blockType = 0;
  uint8_t typeSpecific = 0;
  base::ByteView body;  // After the 4-byte block header.
};

struct DlrrSubBlock {
  static constexpr size_t kSize = 12;
  uint32_t ssrc = 0;
  uint32_t lastRr = 0;            // LRR: middle 32 bits of the RRTR's NTP timestamp.
  uint32_t delaySinceLastRr = 0;  // DLRR, in units of 1/65536 s.

  bool operator==(const DlrrSubBlock&) const = default;
};

class ExtendedReport {
 public:
  static std::optional<ExtendedReport> Parse(const Packet& packet);

  uint32_t sender_ssrc() const { return base::LoadBe32(body_.data()); }

  class BlockReader {
   public:
    std::optional<XrBlock> Next();

   private:
    friend class ExtendedReport;
    explicit BlockReader(base::ByteView rest) : rest_(rest) {}
    base::ByteView rest_;
  };
  // Every block, known or not, in order.
  BlockReader blocks() const { return BlockReader(body_.subspan(4)); }

  // The NTP timestamp of the first well-formed RRTR block.
  std::optional<uint64_t> rrtr_ntp() const;

  class DlrrReader {
   public:
    std::optional<DlrrSubBlock> Next();

   private:
    friend class ExtendedReport;
    explicit DlrrReader(BlockReader blocks) : blocks_(blocks) {}
    BlockReader blocks_;
    base::ByteView current_;  // Sub-blocks left in the current DLRR block.
  };
  // The sub-blocks of every well-formed DLRR block, in order.
  DlrrReader dlrr_sub_blocks() const { return DlrrReader(blocks()); }

 private:
  explicit ExtendedReport(base::ByteView body) : body_(body) {}
  base::ByteView body_;
};

// Builds an XR with an RRTR block (if rrtrNtp is set) followed by a DLRR block (if dlrr is not
// empty); at least one of the two is required.
struct ExtendedReportBuilder {
  uint32_t senderSsrc = 0;
  std::optional<uint64_t> rrtrNtp;
  std::span<const DlrrSubBlock> dlrr;

  size_t Size() const;
  size_t Serialize(base::MutableByteView out) const;
  size_t Serialize(base::BufferWriter& writer) const { return SerializeToWriter(*this, writer); }
};

}  // namespace weir::proto::rtcp
