#include "proto/codecs/frame_marking.hpp"

namespace weir::proto::codecs {

std::optional<FrameMarking> FrameMarking::Parse(base::ByteView value) {
  if (value.empty() || value.size() > 3) return std::nullopt;
  FrameMarking fm;
  const uint8_t first = value[0];
  fm.startOfFrame = (first & 0x80) != 0;
  fm.endOfFrame = (first & 0x40) != 0;
  fm.independent = (first & 0x20) != 0;
  fm.discardable = (first & 0x10) != 0;
  // RFC 9626 3.1: in the 1-octet form the low 4 bits are reserved (zero); B and TID exist only
  // in the scalable form.
  if (value.size() >= 2) {
    fm.baseLayerSync = (first & 0x08) != 0;
    fm.temporalLayerId = static_cast<uint8_t>(first & 0x07);
    fm.layerId = value[1];
  }
  if (value.size() == 3) fm.tl0PicIdx = value[2];
  return fm;
}

}  // namespace weir::proto::codecs
