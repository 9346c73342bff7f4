#pragma once

// What a forwarder reads from an H.265 RTP payload (RFC 7798), without DONL/DOND fields
// (sprop-max-don-diff = 0, the only mode a forwarder negotiates):
//
//   NAL unit header (RFC 7798 1.1.4):  |F|   Type    |  LayerId  | TID |   (2 octets)
//   single NAL unit (4.4.1):           [NAL unit]
//   AP (type 48, 4.4.2):               [payload header]([size16][NAL unit])+
//   FU (type 49, 4.4.3):               [payload header][FU header |S|E| FuType |][fragment]
//   PACI (type 50, 4.4.4):             accepted, not looked into (packetization kUnsupported)
//
// TID is TemporalId + 1 and must not be 0. The temporal layer id comes from the NAL header
// (of the packet's payload header, which for an AP carries the lowest TID of its units);
// spatialLayerId is nuh_layer_id.
//
// Keyframe: an IRAP picture (types 16-23: BLA, IDR, CRA and reserved IRAP), or a VPS/SPS
// (32/33), or frame marking's I bit. Begin of frame: frame marking's S bit when present;
// otherwise the first NAL unit starting in this packet is a VPS, SPS, PPS, access unit delimiter
// or prefix SEI (32-35, 39), or a VCL slice segment (0-31) with first_slice_segment_in_pic_flag
// set (H.265 7.3.6.1: the first bit after the NAL header). layerSync: a TSA or STSA picture
// (types 2-5), or frame marking's B bit.
//
// headerSize: 0 for a single NAL unit, 4 for an AP (payload header and first size), 3 for FU.

#include <cstdint>
#include <optional>

#include "base/bytes.hpp"
#include "proto/codecs/payload_descriptor.hpp"

namespace weir::proto::codecs {

enum class H265Packetization : uint8_t {
  kSingleNalUnit,
  kAggregation,
  kFragmentation,
  kUnsupported
};

struct H265PayloadDescriptor : PayloadDescriptor {
  H265Packetization packetization = H265Packetization::kSingleNalUnit;
  // The type of the single NAL unit, the first unit of an AP, or the fragmented unit of an FU;
  // the packet's own type when kUnsupported.
  uint8_t nalUnitType = 0;
  uint8_t layerId = 0;  // nuh_layer_id of the payload header.
  uint16_t nalUnitCount = 0;
  bool hasIrap = false;
  bool hasVps = false;
  bool hasSps = false;
  bool hasPps = false;
  bool fuStart = false;
  bool fuEnd = false;
  bool discardable = false;  // Frame marking D bit.

  bool operator==(const H265PayloadDescriptor&) const = default;

  // frameMarking: the frame marking extension's value, empty when absent (invalid: ignored).
  static std::optional<H265PayloadDescriptor> Parse(base::ByteView payload,
                                                    base::ByteView frameMarking = {});
};

}  // namespace weir::proto::codecs
