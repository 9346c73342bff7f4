#pragma once

// The video frame marking RTP header extension (RFC 9626, formerly
// draft-ietf-avtext-framemarking), which carries frame boundaries and layer ids for codecs
// whose payload does not (H.264, H.265). Parse takes the extension's value (the bytes after the
// RFC 8285 ID/length header), 1 to 3 octets:
//
//   non-scalable streams (1 octet, RFC 9626 3.1):   |S|E|I|D|0 0 0 0|
//   scalable streams (2 or 3 octets, RFC 9626 3.2): |S|E|I|D|B| TID |      LID      |  TL0PICIDX  |
//
// S/E: start/end of frame; I: independent (decodable without earlier frames); D: discardable;
// B: base layer sync (depends only on the base layer: a temporal switching-up point); TID: the
// temporal layer id; LID: a codec-specific layer id; TL0PICIDX: as in VP8 (optional).

#include <cstdint>
#include <optional>

#include "base/bytes.hpp"

namespace weir::proto::codecs {

struct FrameMarking {
  bool startOfFrame = false;
  bool endOfFrame = false;
  bool independent = false;
  bool discardable = false;
  bool baseLayerSync = false;
  std::optional<uint8_t> temporalLayerId;  // Scalable form only.
  std::optional<uint8_t> layerId;          // Scalable form only.
  std::optional<uint8_t> tl0PicIdx;        // 3-octet scalable form only.

  // Fails on an empty value or one longer than 3 octets.
  static std::optional<FrameMarking> Parse(base::ByteView value);

  bool operator==(const FrameMarking&) const = default;
};

}  // namespace weir::proto::codecs
