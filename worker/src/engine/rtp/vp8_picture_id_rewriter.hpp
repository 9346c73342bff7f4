#pragma once

// Keeps a VP8 consumer's PictureID and TL0PICIDX (RFC 7741 4.2) continuous across the frames it
// does not forward (DropFrame: other temporal layers) and across source switches (SwitchSource:
// another simulcast stream), so that receivers see neither a jump nor a hole that looks like
// loss. PictureID is kept in the 15-bit space; a packet carrying the 7-bit form gets the low 7
// bits of it (continuity modulo 128 is what such a receiver checks). Each packet keeps its
// length: the fields are rewritten in place, in the width they have.

#include <cstdint>
#include <optional>

#include "base/bytes.hpp"
#include "engine/rtp/counter_rewriter.hpp"
#include "proto/codecs/vp8_payload_descriptor.hpp"

namespace weir::engine {

class Vp8PictureIdRewriter {
 public:
  // Maps this packet's picture id and TL0PICIDX and writes them into payload (the payload desc
  // was parsed from; desc is updated). False when either cannot be mapped (a dropped frame or
  // TL0 index, a packet from before the current source's first frame): nothing is written and
  // the caller does not forward the packet.
  bool Rewrite(base::MutableByteView payload, proto::codecs::Vp8PayloadDescriptor& desc);
  // A frame the consumer does not forward (call it for each of its packets, or once). Its
  // picture id is removed from the output; a dropped base-layer (TID 0) frame also removes its
  // TL0PICIDX.
  void DropFrame(const proto::codecs::Vp8PayloadDescriptor& desc);
  // The next frame starts a new source: both counters continue at last + 1.
  void SwitchSource();

  // The mappings themselves, for callers with the values at hand. bits: 7 or 15.
  std::optional<uint16_t> RewritePictureId(uint16_t pictureId, uint8_t bits);
  std::optional<uint8_t> RewriteTl0PicIdx(uint8_t tl0PicIdx);
  void DropPictureId(uint16_t pictureId, uint8_t bits);
  void DropTl0PicIdx(uint8_t tl0PicIdx);

 private:
  void AdoptWidth(uint8_t bits);

  CounterRewriter pictureId_{15};
  CounterRewriter tl0PicIdx_{8};
};

}  // namespace weir::engine
