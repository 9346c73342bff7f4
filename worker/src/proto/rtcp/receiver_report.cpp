#include "proto/rtcp/receiver_report.hpp"

namespace weir::proto::rtcp {

std::optional<ReceiverReport> ReceiverReport::Parse(const Packet& packet) {
  if (packet.type() != PacketType::kRr) return std::nullopt;
  if (packet.body.size() < 4 + packet.count() * ReportBlock::kSize) return std::nullopt;
  return ReceiverReport(packet.body, packet.count());
}

ReportBlock ReceiverReport::report_block(size_t i) const {
  return ReportBlock::Read(body_.data() + 4 + i * ReportBlock::kSize);
}

base::ByteView ReceiverReport::extension() const {
  return body_.subspan(4 + count_ * ReportBlock::kSize);
}

size_t ReceiverReportBuilder::Size() const {
  if (reportBlocks.size() > kMaxCount) return 0;
  return kCommonHeaderSize + 4 + reportBlocks.size() * ReportBlock::kSize;
}

size_t ReceiverReportBuilder::Serialize(base::MutableByteView out) const {
  size_t size = Size();
  if (size == 0 || out.size() < size) return 0;
  uint8_t* p = out.data();
  CommonHeader::Write(p, static_cast<uint8_t>(reportBlocks.size()), PacketType::kRr, size);
  base::StoreBe32(p + 4, senderSsrc);
  p += 8;
  for (const ReportBlock& block : reportBlocks) {
    block.Write(p);
    p += ReportBlock::kSize;
  }
  return size;
}

}  // namespace weir::proto::rtcp
