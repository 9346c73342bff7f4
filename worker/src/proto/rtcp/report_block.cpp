#include "proto/rtcp/report_block.hpp"

#include <algorithm>

namespace weir::proto::rtcp {

std::optional<ReportBlock> ReportBlock::Parse(base::ByteView data) {
  if (data.size() < kSize) return std::nullopt;
  return Read(data.data());
}

ReportBlock ReportBlock::Read(const uint8_t* p) {
  ReportBlock b;
  b.ssrc = base::LoadBe32(p);
  b.fractionLost = p[4];
  // Sign-extend the 24-bit field.
  uint32_t lost = base::LoadBe24(p + 5);
  b.cumulativeLost = static_cast<int32_t>(lost << 8) >> 8;
  b.extendedHighestSeq = base::LoadBe32(p + 8);
  b.jitter = base::LoadBe32(p + 12);
  b.lastSr = base::LoadBe32(p + 16);
  b.delaySinceLastSr = base::LoadBe32(p + 20);
  return b;
}

void ReportBlock::Write(uint8_t* p) const {
  base::StoreBe32(p, ssrc);
  p[4] = fractionLost;
  int32_t lost = std::clamp(cumulativeLost, kMinCumulativeLost, kMaxCumulativeLost);
  base::StoreBe24(p + 5, static_cast<uint32_t>(lost) & 0xffffff);
  base::StoreBe32(p + 8, extendedHighestSeq);
  base::StoreBe32(p + 12, jitter);
  base::StoreBe32(p + 16, lastSr);
  base::StoreBe32(p + 20, delaySinceLastSr);
}

}  // namespace weir::proto::rtcp
