// Fuzzes the H.265 payload parser with the frame marking input. Input layout: one control octet
// (low 2 bits: frame marking length 0-3), the frame marking value, the payload.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "proto/codecs/frame_marking.hpp"
#include "proto/codecs/h265_payload_descriptor.hpp"

using weir::proto::codecs::FrameMarking;
using weir::proto::codecs::H265Packetization;
using weir::proto::codecs::H265PayloadDescriptor;

#define FUZZ_CHECK(cond)           \
  do {                             \
    if (!(cond)) __builtin_trap(); \
  } while (0)

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const size_t fmSize = data[0] & 3;
  if (size < 1 + fmSize) return 0;
  const std::vector<uint8_t> fm(data + 1, data + 1 + fmSize);
  const std::vector<uint8_t> payload(data + 1 + fmSize, data + size);

  const auto d = H265PayloadDescriptor::Parse(payload, fm);
  const auto plain = H265PayloadDescriptor::Parse(payload);
  FUZZ_CHECK(d.has_value() == plain.has_value());
  if (!d) return 0;
  FUZZ_CHECK(d == H265PayloadDescriptor::Parse(payload, fm));
  FUZZ_CHECK(payload.size() >= 2 && d->headerSize <= payload.size());
  FUZZ_CHECK(d->temporalLayerId && *d->temporalLayerId <= 6);
  FUZZ_CHECK(d->layerId <= 63);
  if (d->packetization != H265Packetization::kUnsupported) {
    FUZZ_CHECK(d->nalUnitCount >= 1);
    FUZZ_CHECK(d->nalUnitType < 48 || d->nalUnitType > 50);
  }
  FUZZ_CHECK(!(d->fuStart && d->fuEnd));
  if (d->hasIrap || d->hasVps || d->hasSps) FUZZ_CHECK(d->isKeyFrame);
  if (const auto marking = FrameMarking::Parse(fm)) {
    FUZZ_CHECK(d->beginOfFrame == marking->startOfFrame);
  } else {
    FUZZ_CHECK(d->beginOfFrame == plain->beginOfFrame);
  }
  return 0;
}
