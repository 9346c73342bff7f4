#pragma once

// What a selective forwarder needs to know about one video RTP payload, whatever the codec.
// Each codec's parser (vp8_, vp9_, h264_, h265_, av1_payload_descriptor.hpp) fills this common
// part and adds its own details. Parsers take the RTP payload (after the RTP header, extensions
// and padding were removed) and never read past it.
//
// Meaning of the common fields:
// - isKeyFrame: the payload says this packet belongs to a frame that can be decoded without any
//   earlier frame. VP8 and VP9 only say so in the first packet of the frame; H.264 and H.265 say
//   so in every packet carrying (a fragment of) an IDR/IRAP NAL unit. A keyframe gate should
//   therefore start forwarding at a packet with isKeyFrame && beginOfFrame.
// - beginOfFrame / endOfFrame: the payload marks this packet as the first / last of a (layer)
//   frame. False means "not marked", not "certainly not": VP8, H.264 and AV1 do not mark the end
//   of a frame (the RTP marker bit does).
// - spatialLayerId / temporalLayerId: absent when the payload carries no layer information.
// - layerSync: a switching-up point, from which a receiver may start decoding this temporal
//   layer (VP8 Y, VP9 U, frame marking B, H.265 TSA/STSA pictures).
// - pictureId / pictureIdBits: the 7- or 15-bit picture id when present (VP8, VP9); a rewrite
//   must keep the width, since a forwarder never changes the length of a packet.
// - width / height: the resolution, when this packet carries it (VP8 keyframe header, VP9
//   scalability structure); 0 otherwise.
// - headerSize: bytes of payload-format framing before the codec data starts (the descriptor
//   for VP8/VP9, the aggregation header for AV1; see each codec for H.264/H.265).

#include <cstddef>
#include <cstdint>
#include <optional>

namespace weir::proto::codecs {

struct PayloadDescriptor {
  size_t headerSize = 0;
  bool isKeyFrame = false;
  bool beginOfFrame = false;
  bool endOfFrame = false;
  std::optional<uint8_t> spatialLayerId;
  std::optional<uint8_t> temporalLayerId;
  bool layerSync = false;
  std::optional<uint16_t> pictureId;
  uint8_t pictureIdBits = 0;  // 0 when absent, else 7 or 15.
  std::optional<uint8_t> tl0PicIdx;
  uint16_t width = 0;
  uint16_t height = 0;

  bool operator==(const PayloadDescriptor&) const = default;
};

}  // namespace weir::proto::codecs
