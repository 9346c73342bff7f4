#pragma once

// What a forwarder reads from an AV1 RTP payload (AV1 RTP payload format, section 4.4-4.5,
// https://aomediacodec.github.io/av1-rtp-spec/):
//
//   aggregation header:  |Z|Y| W |N|-|-|-|
//   then OBU elements:   W = 0: ([leb128 length][element])+
//                        W = 1..3: exactly W elements, all but the last preceded by a length.
//   OBU header (AV1 5.3.1):  |F| type  |X|S|-|  then, if X, |tid(3)|sid(2)|-(3)|, then, if S,
//                            obu_size (leb128).
//
// Z: the first element continues an OBU from the previous packet (so has no OBU header);
// Y: the last element continues in the next packet; N: first packet of a coded video sequence
// (then Z must be 0).
//
// Keyframe: N, or (with Z=0) a sequence header as the first OBU of the packet, temporal
// delimiters aside (the spec says a sequence header should be first; encoders send it with
// each keyframe). Begin of frame: Z=0 and the first OBU is not a tile group, tile list,
// redundant frame header or padding. The end of a frame is not in the payload (RTP marker).
// Layer ids: from the first OBU extension header in the packet (all must agree, spec 5).
// A dependency descriptor, when negotiated, is the better source for all of this.
//
// headerSize is 1 (the aggregation header).

#include <cstdint>
#include <optional>

#include "base/bytes.hpp"
#include "proto/codecs/payload_descriptor.hpp"

namespace weir::proto::codecs {

enum class Av1ObuType : uint8_t {
  kSequenceHeader = 1,
  kTemporalDelimiter = 2,
  kFrameHeader = 3,
  kTileGroup = 4,
  kMetadata = 5,
  kFrame = 6,
  kRedundantFrameHeader = 7,
  kTileList = 8,
  kPadding = 15,
};

struct Av1PayloadDescriptor : PayloadDescriptor {
  bool continuesObu = false;           // Z
  bool obuContinuesNext = false;       // Y
  uint8_t obuCountField = 0;           // W
  bool newCodedVideoSequence = false;  // N
  uint16_t obuElementCount = 0;
  bool hasSequenceHeader = false;       // A sequence header OBU starts in this packet.
  std::optional<uint8_t> firstObuType;  // Of the first OBU whose header is in this packet.

  bool operator==(const Av1PayloadDescriptor&) const = default;

  // Fails on: an empty payload, N with Z, an element length that is zero, truncated or past the
  // end, fewer elements than W says, an OBU header with the forbidden bit set or truncated (a
  // fragment continuing in the next packet may end anywhere), an obu_size larger than its
  // element.
  static std::optional<Av1PayloadDescriptor> Parse(base::ByteView payload);
};

}  // namespace weir::proto::codecs
