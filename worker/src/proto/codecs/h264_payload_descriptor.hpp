#pragma once

// What a forwarder reads from an H.264 RTP payload (RFC 6184), non-interleaved mode:
//
//   NAL unit header (RFC 6184 1.3, 5.3):  |F|NRI|  Type   |
//   single NAL unit (types 1-23, 5.6):    [NAL header][NAL payload]
//   STAP-A (type 24, 5.7.1):              [STAP-A header]([size16][NAL unit])+
//   FU-A (type 28, 5.8):                  [FU indicator][FU header |S|E|R| Type |][fragment]
//
// STAP-B (25), MTAP16/24 (26/27) and FU-B (29) belong to the interleaved mode, which a
// forwarder does not negotiate: they are accepted but not looked into (packetization
// kUnsupported). Types 0, 30 and 31 are reserved or undefined and rejected.
//
// Keyframe: an IDR slice (type 5), or an SPS (7) starting a frame, or frame marking's I bit.
// Begin of frame: frame marking's S bit when present; otherwise the first NAL unit starting in
// this packet is an access unit delimiter, SEI, SPS or PPS (types 9, 6, 7, 8), or a slice (1, 5)
// whose first_mb_in_slice is 0 (H.264 7.3.3: ue(v) 0 is the single bit '1', so the first bit
// after the NAL header is set). End of frame: frame marking's E bit only (else the RTP marker).
// Temporal layer: the dependency-descriptor-derived id when the caller passes one, else frame
// marking's TID (scalable form).
//
// headerSize: 0 for a single NAL unit (the payload is the NAL unit), 3 for STAP-A (header and
// the first size field), 2 for FU-A (indicator and FU header).

#include <cstdint>
#include <optional>

#include "base/bytes.hpp"
#include "proto/codecs/payload_descriptor.hpp"

namespace weir::proto::codecs {

enum class H264Packetization : uint8_t { kSingleNalUnit, kStapA, kFuA, kUnsupported };

struct H264PayloadDescriptor : PayloadDescriptor {
  H264Packetization packetization = H264Packetization::kSingleNalUnit;
  // The NAL unit type of the single NAL unit, the first unit of a STAP-A, or the fragmented
  // unit of an FU-A; the packet's own type when kUnsupported.
  uint8_t nalUnitType = 0;
  // NRI of the packet's own header: for a STAP-A the highest of its units (RFC 6184 5.7), for
  // an FU-A that of the fragmented unit (5.8).
  uint8_t nri = 0;
  uint16_t nalUnitCount = 0;  // NAL units (or fragments) in the packet.
  bool hasIdr = false;
  bool hasSps = false;
  bool hasPps = false;
  bool fuStart = false;      // FU-A S bit.
  bool fuEnd = false;        // FU-A E bit.
  bool discardable = false;  // Frame marking D bit.

  bool operator==(const H264PayloadDescriptor&) const = default;

  // frameMarking: the value of the frame marking extension, empty when absent (an invalid one is
  // ignored). ddTemporalLayerId: the temporal id from the dependency descriptor, when known.
  static std::optional<H264PayloadDescriptor> Parse(
      base::ByteView payload, base::ByteView frameMarking = {},
      std::optional<uint8_t> ddTemporalLayerId = std::nullopt);
};

}  // namespace weir::proto::codecs
