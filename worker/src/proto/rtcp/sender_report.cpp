#include "proto/rtcp/sender_report.hpp"

namespace weir::proto::rtcp {

namespace {
constexpr size_t kFixedSize = 4 + SenderInfo::kSize;  // SSRC + sender info.
}

std::optional<SenderReport> SenderReport::Parse(const Packet& packet) {
  if (packet.type() != PacketType::kSr) return std::nullopt;
  if (packet.body.size() < kFixedSize + packet.count() * ReportBlock::kSize) return std::nullopt;
  return SenderReport(packet.body, packet.count());
}

SenderInfo SenderReport::sender_info() const {
  const uint8_t* p = body_.data() + 4;
  return SenderInfo{.ntpTimestamp = base::LoadBe64(p),
                    .rtpTimestamp = base::LoadBe32(p + 8),
                    .packetCount = base::LoadBe32(p + 12),
                    .octetCount = base::LoadBe32(p + 16)};
}

ReportBlock SenderReport::report_block(size_t i) const {
  return ReportBlock::Read(body_.data() + kFixedSize + i * ReportBlock::kSize);
}

base::ByteView SenderReport::extension() const {
  return body_.subspan(kFixedSize + count_ * ReportBlock::kSize);
}

size_t SenderReportBuilder::Size() const {
  if (reportBlocks.size() > kMaxCount) return 0;
  return kCommonHeaderSize + kFixedSize + reportBlocks.size() * ReportBlock::kSize;
}

size_t SenderReportBuilder::Serialize(base::MutableByteView out) const {
  size_t size = Size();
  if (size == 0 || out.size() < size) return 0;
  uint8_t* p = out.data();
  CommonHeader::Write(p, static_cast<uint8_t>(reportBlocks.size()), PacketType::kSr, size);
  base::StoreBe32(p + 4, senderSsrc);
  base::StoreBe64(p + 8, senderInfo.ntpTimestamp);
  base::StoreBe32(p + 16, senderInfo.rtpTimestamp);
  base::StoreBe32(p + 20, senderInfo.packetCount);
  base::StoreBe32(p + 24, senderInfo.octetCount);
  p += kCommonHeaderSize + kFixedSize;
  for (const ReportBlock& block : reportBlocks) {
    block.Write(p);
    p += ReportBlock::kSize;
  }
  return size;
}

}  // namespace weir::proto::rtcp
