#include "proto/rtcp/extended_report.hpp"

namespace weir::proto::rtcp {

namespace {

constexpr size_t kBlockHeaderSize = 4;
constexpr size_t kRrtrBodySize = 8;
// The block length field counts 32-bit words, at most 0xffff of them.
constexpr size_t kMaxDlrrSubBlocks = 0xffff / 3;

}  // namespace

std::optional<ExtendedReport> ExtendedReport::Parse(const Packet& packet) {
  if (packet.type() != PacketType::kXr || packet.body.size() < 4) return std::nullopt;
  base::ByteView rest = packet.body.subspan(4);
  while (!rest.empty()) {
    if (rest.size() < kBlockHeaderSize) return std::nullopt;
    size_t size = kBlockHeaderSize + 4 * size_t{base::LoadBe16(&rest[2])};
    if (size > rest.size()) return std::nullopt;
    rest = rest.subspan(size);
  }
  return ExtendedReport(packet.body);
}

std::optional<XrBlock> ExtendedReport::BlockReader::Next() {
  // Parse() checked the framing, so these reads are in bounds.
  if (rest_.size() < kBlockHeaderSize) return std::nullopt;
  size_t size = kBlockHeaderSize + 4 * size_t{base::LoadBe16(&rest_[2])};
  XrBlock block{rest_[0], rest_[1], rest_.subspan(kBlockHeaderSize, size - kBlockHeaderSize)};
  rest_ = rest_.subspan(size);
  return block;
}

std::optional<uint64_t> ExtendedReport::rrtr_ntp() const {
  BlockReader reader = blocks();
  while (auto block = reader.Next()) {
    if (block->blockType == static_cast<uint8_t>(XrBlockType::kRrtr) &&
        block->body.size() == kRrtrBodySize) {
      return base::LoadBe64(block->body.data());
    }
  }
  return std::nullopt;
}

std::optional<DlrrSubBlock> ExtendedReport::DlrrReader::Next() {
  while (current_.empty()) {
    auto block = blocks_.Next();
    if (!block) return std::nullopt;
    if (block->blockType == static_cast<uint8_t>(XrBlockType::kDlrr) &&
        block->body.size() % DlrrSubBlock::kSize == 0) {
      current_ = block->body;
    }
  }
  DlrrSubBlock sub{base::LoadBe32(current_.data()), base::LoadBe32(current_.data() + 4),
                   base::LoadBe32(current_.data() + 8)};
  current_ = current_.subspan(DlrrSubBlock::kSize);
  return sub;
}

size_t ExtendedReportBuilder::Size() const {
  if ((!rrtrNtp && dlrr.empty()) || dlrr.size() > kMaxDlrrSubBlocks) return 0;
  size_t n = kCommonHeaderSize + 4;
  if (rrtrNtp) n += kBlockHeaderSize + kRrtrBodySize;
  if (!dlrr.empty()) n += kBlockHeaderSize + dlrr.size() * DlrrSubBlock::kSize;
  return n <= kMaxPacketSize ? n : 0;
}

size_t ExtendedReportBuilder::Serialize(base::MutableByteView out) const {
  size_t size = Size();
  if (size == 0 || out.size() < size) return 0;
  uint8_t* p = out.data();
  CommonHeader::Write(p, 0, PacketType::kXr, size);  // The 5 bits after P are reserved.
  base::StoreBe32(p + 4, senderSsrc);
  p += 8;
  if (rrtrNtp) {
    p[0] = static_cast<uint8_t>(XrBlockType::kRrtr);
    p[1] = 0;
    base::StoreBe16(p + 2, kRrtrBodySize / 4);
    base::StoreBe64(p + 4, *rrtrNtp);
    p += kBlockHeaderSize + kRrtrBodySize;
  }
  if (!dlrr.empty()) {
    p[0] = static_cast<uint8_t>(XrBlockType::kDlrr);
    p[1] = 0;
    base::StoreBe16(p + 2, static_cast<uint16_t>(dlrr.size() * 3));
    p += kBlockHeaderSize;
    for (const DlrrSubBlock& sub : dlrr) {
      base::StoreBe32(p, sub.ssrc);
      base::StoreBe32(p + 4, sub.lastRr);
      base::StoreBe32(p + 8, sub.delaySinceLastRr);
      p += DlrrSubBlock::kSize;
    }
  }
  return size;
}

}  // namespace weir::proto::rtcp
