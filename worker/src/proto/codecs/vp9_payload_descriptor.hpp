#pragma once

// The VP9 payload descriptor (RFC 9628 4.2), flexible and non-flexible modes, with the
// scalability structure (RFC 9628 4.2.1). The in-place setters rewrite the picture id and
// TL0PICIDX without changing the length of the packet.
//
//        0 1 2 3 4 5 6 7
//       +-+-+-+-+-+-+-+-+
//       |I|P|L|F|B|E|V|Z| (REQUIRED)
//       +-+-+-+-+-+-+-+-+
//  I:   |M| PICTURE ID  | (REQUIRED in flexible mode)
//       +-+-+-+-+-+-+-+-+
//  M:   | EXTENDED PID  | (15-bit form)
//       +-+-+-+-+-+-+-+-+
//  L:   | TID |U| SID |D| (layer indices)
//       +-+-+-+-+-+-+-+-+
//       |   TL0PICIDX   | (non-flexible mode, F=0, with L=1)
//       +-+-+-+-+-+-+-+-+                             -.
//  P,F: | P_DIFF      |N| (flexible mode with P=1)     - up to 3 times
//       +-+-+-+-+-+-+-+-+                             -'
//  V:   | SS            |
//       | ..            |
//       +-+-+-+-+-+-+-+-+
//
// SS:   | N_S |Y|G|-|-|-|
//       +-+-+-+-+-+-+-+-+              -.
//  Y:   |     WIDTH     | (16 bits)     . N_S + 1 times
//       |     HEIGHT    | (16 bits)     .
//       +-+-+-+-+-+-+-+-+              -'
//  G:   |      N_G      |
//       +-+-+-+-+-+-+-+-+                           -.
//  N_G: | TID |U| R |-|-|                            . N_G times
//       +-+-+-+-+-+-+-+-+              -\            .
//       |    P_DIFF     | (R times)     .            .
//       +-+-+-+-+-+-+-+-+              -/           -'

#include <array>
#include <cstdint>
#include <optional>
#include <span>

#include "base/bytes.hpp"
#include "proto/codecs/payload_descriptor.hpp"

namespace weir::proto::codecs {

// One picture of the group of frames described by a scalability structure.
struct Vp9GofPicture {
  uint8_t temporalLayerId = 0;
  bool switchingUp = false;
  uint8_t numRefs = 0;  // R, 0..3
  std::array<uint8_t, 3> pDiffs{};

  bool operator==(const Vp9GofPicture&) const = default;
};

struct Vp9ScalabilityStructure {
  static constexpr size_t kMaxSpatialLayers = 8;

  uint8_t numSpatialLayers = 1;  // N_S + 1
  bool hasResolutions = false;   // Y
  std::array<uint16_t, kMaxSpatialLayers> widths{};
  std::array<uint16_t, kMaxSpatialLayers> heights{};
  bool hasGof = false;         // G
  uint8_t numGofPictures = 0;  // N_G
  // The N_G picture descriptions as they are on the wire (validated by Parse); read them with
  // ReadGof. A view into the parsed payload: valid as long as the payload is.
  base::ByteView gof;

  // Copies up to out.size() pictures of the group of frames; returns how many were copied.
  size_t ReadGof(std::span<Vp9GofPicture> out) const;
};

struct Vp9PayloadDescriptor : PayloadDescriptor {
  bool interPicturePredicted = false;        // P
  bool flexibleMode = false;                 // F
  bool notReferenceForUpperSpatial = false;  // Z
  bool interLayerDependency = false;         // D (with L=1)
  // beginOfFrame is B and endOfFrame is E (start/end of a layer frame); temporalLayerId,
  // layerSync (U) and spatialLayerId are set when L=1; tl0PicIdx when L=1 and F=0.
  uint8_t numPDiffs = 0;  // Flexible mode with P=1: 1..3.
  std::array<uint8_t, 3> pDiffs{};
  std::optional<Vp9ScalabilityStructure> ss;  // V

  uint8_t pictureIdOffset = 0;  // 0 when absent.
  uint8_t tl0PicIdxOffset = 0;

  // Fails on truncation, on a flexible-mode descriptor without a picture id, on more than 3
  // P_DIFFs, and when no VP9 data follows the descriptor. A keyframe is the first packet
  // (B=1) of a picture that is not inter-picture predicted (P=0) in spatial layer 0.
  static std::optional<Vp9PayloadDescriptor> Parse(base::ByteView payload);

  // Writes the descriptor from the fields above: I, L and V are derived from pictureId,
  // temporalLayerId/spatialLayerId and ss. Returns the bytes written, 0 if out is too small.
  size_t Serialize(base::MutableByteView out) const;

  // In-place rewrites (see Vp8PayloadDescriptor): false when absent or out of bounds.
  bool SetPictureId(base::MutableByteView payload, uint16_t value);
  bool SetTl0PicIdx(base::MutableByteView payload, uint8_t value);
};

}  // namespace weir::proto::codecs
