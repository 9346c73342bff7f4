// Fuzzes the H.264 payload parser with the frame marking and dependency descriptor inputs.
// Input layout: one control octet (low 2 bits: frame marking length 0-3; bit 2: a dependency
// descriptor temporal id is given, bits 3-5: its value), the frame marking value, the payload.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "proto/codecs/frame_marking.hpp"
#include "proto/codecs/h264_payload_descriptor.hpp"

using weir::base::ByteView;
using weir::proto::codecs::FrameMarking;
using weir::proto::codecs::H264Packetization;
using weir::proto::codecs::H264PayloadDescriptor;

#define FUZZ_CHECK(cond)           \
  do {                             \
    if (!(cond)) __builtin_trap(); \
  } while (0)

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const uint8_t control = data[0];
  const size_t fmSize = control & 3;
  if (size < 1 + fmSize) return 0;
  // Exact-size copies so that ASan sees any read past either view.
  const std::vector<uint8_t> fm(data + 1, data + 1 + fmSize);
  const std::vector<uint8_t> payload(data + 1 + fmSize, data + size);
  std::optional<uint8_t> ddTid;
  if (control & 4) ddTid = static_cast<uint8_t>((control >> 3) & 7);

  const auto d = H264PayloadDescriptor::Parse(payload, fm, ddTid);
  const auto plain = H264PayloadDescriptor::Parse(payload);
  FUZZ_CHECK(d.has_value() == plain.has_value());  // Side information never decides validity.
  if (!d) return 0;
  FUZZ_CHECK(d == H264PayloadDescriptor::Parse(payload, fm, ddTid));  // Deterministic.
  FUZZ_CHECK(d->headerSize <= payload.size());
  if (d->packetization != H264Packetization::kUnsupported) {
    FUZZ_CHECK(d->nalUnitCount >= 1);
    FUZZ_CHECK(d->nalUnitType >= 1 && d->nalUnitType <= 23);
  }
  FUZZ_CHECK(!(d->fuStart && d->fuEnd));
  if (d->hasIdr || d->hasSps) FUZZ_CHECK(d->isKeyFrame);
  if (ddTid) FUZZ_CHECK(d->temporalLayerId == ddTid);
  const auto marking = FrameMarking::Parse(fm);
  if (marking) {
    FUZZ_CHECK(d->beginOfFrame == marking->startOfFrame);
    FUZZ_CHECK(d->endOfFrame == marking->endOfFrame);
  } else {
    FUZZ_CHECK(!d->endOfFrame);
    FUZZ_CHECK(d->beginOfFrame == plain->beginOfFrame);
  }
  return 0;
}
